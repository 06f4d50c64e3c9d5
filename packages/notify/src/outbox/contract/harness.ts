// What the contract's test groups share: the test functions, the way to open stores, and fixtures.
import type { AcceptedEvent, NewMessage, OutboxStore } from '../types.js';

/** The assertions the contract uses; vitest's and jest's `expect` fit. */
export interface ContractAssertion {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toHaveLength(length: number): void;
  toBeUndefined(): void;
  toBeGreaterThan(expected: number): void;
  toContain(expected: unknown): void;
  readonly not: ContractAssertion;
}

type TestBody = () => Promise<void>;

/** The test functions of the runner (vitest or jest), passed in so the contract imports none. */
export interface ContractTestApi {
  describe(name: string, body: () => void): void;
  it: { (name: string, body: TestBody, timeout?: number): void; skip(name: string, body: TestBody): void };
  expect(actual: unknown): ContractAssertion;
  beforeEach(body: () => Promise<void> | void): void;
  afterEach(body: () => Promise<void> | void): void;
}

export interface Harness {
  readonly t: ContractTestApi;
  /** Two `open()` calls share one database. */
  readonly shared: boolean;
  /** Data survives close and reopen. */
  readonly durable: boolean;
  readonly timeout: number;
  /** A new store on this test's database, migrated. Closed after the test. */
  store(): Promise<OutboxStore>;
  /** A new store on this test's database, not migrated. Closed after the test. */
  openRaw(): Promise<OutboxStore>;
}

/** A fixed clock: epoch ms past 2^31, so a 32-bit column would not hold it. */
export const T0 = 1_700_000_000_000;

const run = Math.random().toString(36).slice(2, 8);
let counter = 0;
/** Unique ids that sort in creation order. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${run}-${String(counter).padStart(7, '0')}`;
}

export function newMessage(overrides: Partial<NewMessage> = {}): NewMessage {
  const id = overrides.id ?? uid('msg');
  return {
    id,
    storeId: 'store-1',
    platform: 'custom',
    eventType: 'order.created',
    messageKey: `${id}#customer`,
    messageClass: 'transactional',
    recipient: '5321234567',
    text: 'Merhaba Ayşe, 1001 numaralı siparişiniz alındı. Demo Mağaza',
    sender: 'DEMO',
    language: 'tr',
    optOutLink: false,
    blacklist: null,
    parts: 1,
    orderId: '1001',
    orderNumber: 'A-1001',
    cancelKey: null,
    notBefore: 0,
    expiresAt: null,
    ...overrides,
  };
}

export function newEvent(overrides: Partial<AcceptedEvent> = {}): AcceptedEvent {
  return {
    eventId: uid('evt'),
    storeId: 'store-1',
    idempotencyKey: uid('store-1:order'),
    type: 'order.created',
    payload: '{"type":"order.created","order":{"id":"1001"}}',
    receivedAt: T0,
    ...overrides,
  };
}

/** Accept one new event carrying these messages at `now`; returns the message ids. */
export async function seed(
  store: OutboxStore,
  now: number,
  messages: ReadonlyArray<Partial<NewMessage>> = [{}],
  event: Partial<AcceptedEvent> = {},
): Promise<string[]> {
  const result = await store.accept(
    newEvent({ receivedAt: now, ...event }),
    messages.map((message) => newMessage(message)),
    [],
    now,
  );
  if (result.status !== 'accepted') throw new Error('seed: the event was a duplicate');
  return result.messageIds;
}

/** `n` copies of one message template. */
export function many(n: number, message: Partial<NewMessage> = {}): Array<Partial<NewMessage>> {
  return Array.from({ length: n }, () => ({ ...message }));
}

/** The status of each message, in the order of `ids`. */
export async function statuses(store: OutboxStore, ids: readonly string[]): Promise<Array<string | undefined>> {
  return Promise.all(ids.map(async (id) => (await store.getMessage(id))?.status));
}

/** The only element; throws when there are more or none (keeps noUncheckedIndexedAccess honest). */
export function only<T>(items: readonly T[]): T {
  if (items.length !== 1) throw new Error(`expected exactly one item, got ${items.length}`);
  return items[0] as T;
}

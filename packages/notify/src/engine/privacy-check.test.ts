// Every bad privacy request: one PrivacyRequestError naming each problem, and nothing read or changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivacyRequestError as Exported } from '../index.js';
import { PrivacyRequestError } from './errors.js';
import { harness, orderCreated, type EngineHarness } from './test-setup.js';
import type { PrivacyService } from './types.js';

const STORE_ID = "storeId must be 1–200 characters after trimming, as an event's store.id";
const numbers = (n: number) => Array.from({ length: n }, (_, i) => `0532${String(i).padStart(7, '0')}`);
const prefix = (i: number) => `demo:order:${i}:`;

type Call = (privacy: PrivacyService) => Promise<unknown>;
const data =
  (request: unknown): Call =>
  (privacy) =>
    privacy.customerData(request as never);
const redact =
  (request: unknown): Call =>
  (privacy) =>
    privacy.redactCustomer(request as never);
const purge =
  (storeId: unknown): Call =>
  (privacy) =>
    privacy.purgeStore(storeId as never);
const cancel =
  (request: unknown): Call =>
  (privacy) =>
    privacy.cancelOpen(request as never);

const CASES: Array<[string, Call, string[]]> = [
  ['customerData: not an object', data(null), ['the request must be an object { storeId, recipients, orderIds } (got null)']],
  ['customerData: an empty storeId', data({ storeId: '', recipients: [] }), [`${STORE_ID} (got 0 characters)`]],
  ['customerData: a blank storeId', data({ storeId: '   ', recipients: [] }), [`${STORE_ID} (got 0 characters)`]],
  ['customerData: a storeId over 200 characters', data({ storeId: 'x'.repeat(201), recipients: [] }), [`${STORE_ID} (got 201 characters)`]],
  ['customerData: a storeId that is not a string', data({ storeId: 42, recipients: [] }), [`${STORE_ID} (got number)`]],
  ['customerData: no recipients', data({ storeId: 'demo' }), ['recipients must be an array (got undefined)']],
  ['customerData: recipients not an array', data({ storeId: 'demo', recipients: '05329998877' }), ['recipients must be an array (got string)']],
  ['customerData: 101 recipients', data({ storeId: 'demo', recipients: numbers(101) }), ['recipients may hold at most 100 entries per request (got 101)']],
  ['customerData: orderIds not an array', data({ storeId: 'demo', recipients: [], orderIds: '1001' }), ['orderIds must be an array when given (got string)']],
  [
    'customerData: 101 orderIds',
    data({ storeId: 'demo', recipients: [], orderIds: Array.from({ length: 101 }, (_, i) => String(i)) }),
    ['orderIds may hold at most 100 entries per request (got 101)'],
  ],
  [
    'customerData: order ids that are not ids',
    data({ storeId: 'demo', recipients: [], orderIds: ['1001', ' ', {}, -1, 1.5, 'x'.repeat(201)] }),
    [1, 2, 3, 4, 5].map((i) => `orderIds[${i}] must be an order id: a string of 1–200 characters after trimming, or an integer ≥ 0`),
  ],
  [
    'customerData: a field of redactCustomer',
    data({ storeId: 'demo', recipients: [], idempotencyKeyPrefixes: [prefix(1)] }),
    ['idempotencyKeyPrefixes is not a field of this request (known: storeId, recipients, orderIds)'],
  ],
  [
    'customerData: every problem at once',
    data({ storeId: '', recipients: null, orderIds: [''], colour: 'red' }),
    [
      'colour is not a field of this request (known: storeId, recipients, orderIds)',
      `${STORE_ID} (got 0 characters)`,
      'recipients must be an array (got null)',
      'orderIds[0] must be an order id: a string of 1–200 characters after trimming, or an integer ≥ 0',
    ],
  ],
  ['redactCustomer: not an object', redact([]), ['the request must be an object { storeId, recipients, orderIds, idempotencyKeyPrefixes } (got array)']],
  ['redactCustomer: an empty storeId', redact({ storeId: '', recipients: ['05329998877'] }), [`${STORE_ID} (got 0 characters)`]],
  ['redactCustomer: a storeId over 200 characters', redact({ storeId: 'd'.repeat(201), recipients: [] }), [`${STORE_ID} (got 201 characters)`]],
  ['redactCustomer: recipients not an array', redact({ storeId: 'demo', recipients: { phone: '05329998877' } }), ['recipients must be an array (got object)']],
  ['redactCustomer: 101 recipients', redact({ storeId: 'demo', recipients: numbers(101) }), ['recipients may hold at most 100 entries per request (got 101)']],
  [
    'redactCustomer: 101 orderIds',
    redact({ storeId: 'demo', recipients: [], orderIds: Array.from({ length: 101 }, (_, i) => i) }),
    ['orderIds may hold at most 100 entries per request (got 101)'],
  ],
  [
    'redactCustomer: a key prefix of 7 characters',
    redact({ storeId: 'demo', recipients: [], idempotencyKeyPrefixes: ['demo:10'] }),
    ['idempotencyKeyPrefixes[0] must be a string of 8–300 characters, so that it cannot match a whole store (got 7 characters)'],
  ],
  [
    'redactCustomer: empty and non-string key prefixes',
    redact({ storeId: 'demo', recipients: [], idempotencyKeyPrefixes: [prefix(1), '', 123] }),
    [
      'idempotencyKeyPrefixes[1] must be a string of 8–300 characters, so that it cannot match a whole store (got 0 characters)',
      'idempotencyKeyPrefixes[2] must be a string of 8–300 characters, so that it cannot match a whole store (got number)',
    ],
  ],
  [
    'redactCustomer: a key prefix over 300 characters',
    redact({ storeId: 'demo', recipients: [], idempotencyKeyPrefixes: ['k'.repeat(301)] }),
    ['idempotencyKeyPrefixes[0] must be a string of 8–300 characters, so that it cannot match a whole store (got 301 characters)'],
  ],
  [
    'redactCustomer: key prefixes not an array',
    redact({ storeId: 'demo', recipients: [], idempotencyKeyPrefixes: prefix(1) }),
    ['idempotencyKeyPrefixes must be an array when given (got string)'],
  ],
  [
    'redactCustomer: 101 key prefixes',
    redact({ storeId: 'demo', recipients: [], idempotencyKeyPrefixes: Array.from({ length: 101 }, (_, i) => prefix(i)) }),
    ['idempotencyKeyPrefixes may hold at most 100 entries per request (got 101)'],
  ],
  [
    'redactCustomer: a misspelt field (which would redact less than asked)',
    redact({ storeId: 'demo', recipients: [], idempotencyKeyPrefix: [prefix(1)] }),
    ['idempotencyKeyPrefix is not a field of this request (known: storeId, recipients, orderIds, idempotencyKeyPrefixes)'],
  ],
  ['purgeStore: an empty storeId', purge(''), [`${STORE_ID} (got 0 characters)`]],
  ['purgeStore: a storeId over 200 characters', purge('p'.repeat(201)), [`${STORE_ID} (got 201 characters)`]],
  ['purgeStore: no storeId', purge(undefined), [`${STORE_ID} (got undefined)`]],
  ['purgeStore: an object instead of the id', purge({ storeId: 'demo' }), [`${STORE_ID} (got object)`]],
  ['cancelOpen: the id instead of an object', cancel('demo'), ['the request must be an object { storeId } (got string)']],
  ['cancelOpen: no storeId', cancel({}), [`${STORE_ID} (got undefined)`]],
  ['cancelOpen: a blank storeId', cancel({ storeId: ' ' }), [`${STORE_ID} (got 0 characters)`]],
  ['cancelOpen: a storeId over 200 characters', cancel({ storeId: 'c'.repeat(201) }), [`${STORE_ID} (got 201 characters)`]],
  ['cancelOpen: another field', cancel({ storeId: 'demo', orderIds: ['1001'] }), ['orderIds is not a field of this request (known: storeId)']],
];

describe('bad privacy requests', () => {
  let h: EngineHarness;
  const snapshot = async () => ({
    messages: await h.notifier.listMessages({ limit: 500 }),
    settings: await h.notifier.storeSettings.list(),
    overrides: await h.store.listTemplateOverrides(),
    stores: await h.notifier.storeIds(),
    sends: h.sandbox.sends().length,
  });
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    h = await harness();
    await h.notifier.accept(orderCreated());
    await h.notifier.runOnce();
    await h.notifier.accept(orderCreated());
    await h.notifier.storeSettings.put('demo', { maxParts: 3 });
    await h.notifier.templates.put('demo', 'order.created', 'tr', '{{store.name}}: {{order.number}} alındı.');
    before = await snapshot();
    expect(before.messages.map((message) => message.status).sort()).toEqual(['queued', 'sent']);
  });
  afterAll(() => h.close());

  it.each(CASES)('Should refuse %s, naming every problem, and change nothing', async (_name, call, problems) => {
    const error = await call(h.notifier.privacy).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(PrivacyRequestError);
    expect(error).toMatchObject({ name: 'PrivacyRequestError', code: 'invalid_privacy_request', problems });
    expect((error as Error).message).toBe(`invalid privacy request: ${problems.join('; ')}`);
    expect(await snapshot()).toEqual(before);
  });

  it('Should export PrivacyRequestError from the package', () => {
    expect(Exported).toBe(PrivacyRequestError);
    expect(new Exported(['x'])).toBeInstanceOf(Error);
  });
});

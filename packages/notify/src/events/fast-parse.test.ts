// fastParseEvent against EventSchema on tens of thousands of events: every field of every event type
// replaced by values of every kind (absent, undefined, wrong types, padded, at and past each bound). It
// may decline any event (zod then judges), but what it accepts, zod accepts with the same output, key
// order included (the payload is stored as JSON), and it accepts the common events.
import { describe, expect, it } from 'vitest';
import { sampleEvent } from '../templates/sample-events.js';
import { validateEvent } from '../engine/build-messages.js';
import { EventValidationError } from '../engine/errors.js';
import { fastParseEvent } from './fast-parse.js';
import { ALL_EVENT_TYPES, EventSchema, type AnyEventType } from './schema.js';

type Json = Record<string, unknown>;

const readme = {
  type: 'order.created',
  idempotencyKey: 'demo:1001:created',
  store: { id: 'demo', name: 'Demo Mağaza', locale: 'tr', currency: 'TRY' },
  customer: { firstName: 'Ayşe', lastName: 'Yılmaz', phones: ['+90 532 999 88 77'] },
  order: { id: '1001', number: '1001', total: '249.90', currency: 'TRY' },
};
/** Every optional field set, so that each one is varied below. */
function full(type: AnyEventType): Json {
  const event = JSON.parse(JSON.stringify(sampleEvent(type === 'cart.closed' || type === 'cart.abandoned' ? 'order.created' : type, 'tr'))) as Json;
  // The optional order of cart.abandoned and cart.closed, set too.
  if (type === 'cart.abandoned') Object.assign(event, { type, cart: (sampleEvent(type, 'tr') as { cart: unknown }).cart });
  if (type === 'cart.closed') Object.assign(event, { type, cart: { id: 'ab12cd' } });
  const items = [{ name: 'Tişört', quantity: 2, total: '10.5', sku: 'T-1' }, { name: 'Kot' }];
  if (event['order']) Object.assign(event['order'] as Json, { items, paymentUrl: 'https://a.example/pay', recoveryUrl: 'https://a.example/r' });
  if (type === 'cart.abandoned') event['cart'] = { ...(event['cart'] as Json), items, reminder: 2 };
  if (event['shipment']) Object.assign(event['shipment'] as Json, { id: 's1' });
  return withDates(event);
}
const withDates = (event: Json) => ({
  ...event,
  expiresAt: '2030-01-01T00:00:00Z',
  notBefore: '2025-01-01T00:00:00+03:00',
  cancels: ['cart:demo:1'],
  customer: {
    id: 'c1',
    firstName: 'Ayşe',
    lastName: 'Yılmaz',
    phones: ['05329998877'],
    locale: 'tr',
    smsConsent: { marketing: true, recordedAt: '2025-01-01T00:00:00Z', source: 'checkout' },
  },
});
const BASES: unknown[] = [
  readme,
  { type: 'cart.closed', idempotencyKey: 'demo:cart:1:closed', store: { id: 'demo', name: 'Demo' }, cart: { id: '1', extra: true } },
  { type: 'cart.closed', idempotencyKey: 'k', store: { id: 'demo', name: 'Demo' }, cart: { id: '1' }, order: { id: '1', number: '1', total: 5 } },
  JSON.parse(JSON.stringify(sampleEvent('shipment.created', 'en'))),
  ...ALL_EVENT_TYPES.map(full),
];

const LONG = [1, 2, 3, 20, 21, 50, 51, 100, 101, 200, 201, 300, 301, 500, 501, 1000, 1001].map((n) => 'x'.repeat(n));
const VALUES: unknown[] = [
  '',
  ' ',
  null,
  0,
  -0,
  1,
  1.5,
  -1,
  11,
  1e14,
  1e15,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 60,
  true,
  false,
  [],
  {},
  ['a'],
  [' +90 532 999 88 77 ', 5],
  { id: 'x' },
  'https://a.example/c',
  ' https://a.example/c ',
  'ftp://a.example',
  `https://a.example/${'x'.repeat(495)}`,
  '2025-11-25T14:30:00+03:00',
  '2025-11-25T14:30:00',
  'TRY',
  ' USD ',
  'try',
  'Europe/Istanbul',
  ' Europe/Istanbul ',
  'Mars/Base',
  'processing',
  'wc-processing',
  '249.90',
  ' 249.90 ',
  '1e5',
  '-12.5',
  '1'.repeat(16),
  'order.created',
  'cart.closed',
  'a\nb',
  ...LONG,
  // At each bound once trimmed: the bound applies after trimming.
  ...[20, 50, 100, 200, 300, 500, 1000].map((n) => ` ${'x'.repeat(n)} `),
];

/** Every path to a value (objects and arrays walked), e.g. ['order', 'items', 0, 'total']. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [prefix];
  const out: Array<Array<string | number>> = prefix.length > 0 ? [prefix] : [];
  for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...prefix, Array.isArray(value) ? Number(key) : key]));
  return out;
}

function withValue(base: unknown, path: Array<string | number>, value: unknown, remove = false): unknown {
  const copy = structuredClone(base) as Json;
  let target = copy as Json;
  for (const key of path.slice(0, -1)) target = target[key as string] as Json;
  const last = path.at(-1) as string;
  if (remove) delete target[last];
  else target[last] = value;
  return copy;
}

function compare(input: unknown): 'fast' | 'zod' {
  const expected = EventSchema.safeParse(structuredClone(input));
  const fast = fastParseEvent(structuredClone(input));
  if (!expected.success) {
    expect(fast, JSON.stringify(input)).toBeUndefined();
    return 'zod';
  }
  if (fast === undefined) return 'zod';
  expect(JSON.stringify(fast)).toBe(JSON.stringify(expected.data));
  expect(fast).toStrictEqual(expected.data);
  return 'fast';
}

/** Every key path of a zod schema's objects (`order.items.sku`), through optional, default, array and pipe. */
function keyPaths(schema: unknown, prefix = ''): string[] {
  const def = (schema as { def: { type: string; innerType?: unknown; element?: unknown; in?: unknown } }).def;
  if (def.type === 'optional' || def.type === 'default') return keyPaths(def.innerType, prefix);
  if (def.type === 'array') return keyPaths(def.element, prefix);
  if (def.type === 'pipe') return keyPaths(def.in, prefix);
  if (def.type !== 'object') return [];
  const shape = (schema as { shape: Record<string, unknown> }).shape;
  return Object.entries(shape).flatMap(([key, value]) => [`${prefix}${key}`, ...keyPaths(value, `${prefix}${key}.`)]);
}

/** The key paths an event sets (array items merged). */
function setPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => setPaths(item, prefix));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [`${prefix}${key}`, ...setPaths(item, `${prefix}${key}.`)]);
}

describe('fastParseEvent', () => {
  it('Should be compared on every field EventSchema has: a field added to the schema must be added to fast-parse.ts and here', () => {
    for (const option of (EventSchema as unknown as { options: unknown[] }).options) {
      const type = (option as { shape: { type: { value: string } } }).shape.type.value;
      const event = full(type as AnyEventType);
      expect(new Set(setPaths(event)), type).toEqual(new Set(keyPaths(option)));
    }
  });

  it('Should parse the common events exactly as EventSchema does', () => {
    for (const base of BASES) expect(compare(base), JSON.stringify(base)).toBe('fast');
  });

  it('Should never accept what EventSchema refuses, and give its output for whatever it accepts', () => {
    const counts = { fast: 0, zod: 0 };
    for (const base of BASES) {
      for (const path of paths(base)) {
        counts[compare(withValue(base, path, undefined, true))]++;
        counts[compare(withValue(base, path, undefined))]++;
        for (const value of VALUES) counts[compare(withValue(base, path, value))]++;
      }
      for (const path of [[], ...paths(base)].filter((p) => p.length === 0 || typeof p.at(-1) === 'string')) {
        // An unknown key on every object: stripped.
        const target = path.length === 0 ? base : path.reduce<unknown>((o, k) => (o as Json)[k as string], base);
        if (typeof target === 'object' && target !== null && !Array.isArray(target)) counts[compare(withValue(base, [...path, 'unknownKey'], 'x'))]++;
      }
    }
    // Most variations are valid or refused; both ways are exercised many times.
    expect(counts.fast).toBeGreaterThan(1000);
    expect(counts.zod).toBeGreaterThan(1000);
  });

  it('Should decline what is not a plain object, or has a window closing before it opens', () => {
    for (const input of [
      undefined,
      null,
      'event',
      5,
      [],
      new Map(),
      Object.create(null),
      { ...readme, notBefore: '2030-01-02T00:00:00Z', expiresAt: '2030-01-01T00:00:00Z' },
    ])
      expect(fastParseEvent(input)).toBeUndefined();
    const getter = { ...readme };
    Object.defineProperty(getter, 'idempotencyKey', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(fastParseEvent(getter)).toBeUndefined();
  });

  it("Should leave the errors to EventSchema: validateEvent's errors are zod's", () => {
    const bad = { ...readme, store: { id: 'demo', name: '', timeZone: 'Mars/Base' }, order: { id: '1', number: '1', total: 'lots' } };
    let error: unknown;
    try {
      validateEvent(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EventValidationError);
    const zodIssues = EventSchema.safeParse(bad).error?.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    expect((error as EventValidationError).issues).toEqual(zodIssues);
  });
});

// Lenient parsing of a WooCommerce order (an `order.*` webhook body = `GET /wc/v3/orders/{id}`). Plugins
// and old stores send odd shapes (numbers as strings, nulls, missing addresses), so only `id` and
// `status` are required; everything else falls back to an empty value instead of rejecting the order.
import { z } from 'zod';
import type { WooAddress, WooLineItem, WooMeta, WooOrder } from './types.js';

/** The body is not a WooCommerce order (no positive `id` or no `status`). */
export class MalformedOrderError extends Error {
  readonly code = 'malformed_order';
  override name = 'MalformedOrderError';
  /** The offending fields, e.g. `['id', 'status']`. */
  readonly fields: string[];

  constructor(fields: string[], options?: { cause?: unknown }) {
    super(`Not a WooCommerce order: bad or missing ${fields.join(', ')}`, options);
    this.fields = fields;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Scalars become their text; anything else (null, objects, missing) becomes ''. */
const text = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : ''));

/** A non-empty string or null (dates, where '' means "not set"). */
const nullableText = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null));

const toNumber = (v: unknown): unknown => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v);

/** Non-negative number, 0 when absent or unreadable (customer_id of a guest is 0). */
const count = z
  .unknown()
  .optional()
  .transform((v) => {
    const n = toNumber(v);
    return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : 0;
  });

const address = z
  .unknown()
  .optional()
  .transform((v): WooAddress => {
    const a = isRecord(v) ? v : {};
    const field = (k: string): string => text.parse(a[k]);
    return { first_name: field('first_name'), last_name: field('last_name'), phone: field('phone'), email: field('email'), country: field('country') };
  });

const lineItems = z
  .unknown()
  .optional()
  .transform((v): WooLineItem[] =>
    (Array.isArray(v) ? v : []).filter(isRecord).map((item) => {
      const q = toNumber(item['quantity']);
      const out: WooLineItem = { name: text.parse(item['name']), quantity: typeof q === 'number' && Number.isFinite(q) ? q : 1 };
      const total = text.parse(item['total']).trim();
      const sku = text.parse(item['sku']).trim();
      if (total !== '') out.total = total;
      if (sku !== '') out.sku = sku;
      return out;
    }),
  );

// Values stay as WooCommerce sent them: plugins store arrays/objects (tracking items) as well as strings.
const metaData = z
  .unknown()
  .optional()
  .transform((v): WooMeta[] =>
    (Array.isArray(v) ? v : []).filter(isRecord).flatMap((m) => {
      if (typeof m['key'] !== 'string') return [];
      const meta: WooMeta = { key: m['key'], value: m['value'] };
      if (typeof m['id'] === 'number') meta.id = m['id'];
      return [meta];
    }),
  );

const OrderSchema = z.object({
  id: z.preprocess(toNumber, z.number().int().positive()),
  status: z.string().trim().min(1),
  number: text,
  currency: text,
  total: text,
  date_created_gmt: nullableText,
  date_modified_gmt: nullableText,
  date_paid_gmt: nullableText,
  created_via: text,
  payment_url: text,
  customer_id: count,
  billing: address,
  shipping: address,
  line_items: lineItems,
  meta_data: metaData,
});

/**
 * Reads an order webhook body or REST order. Throws MalformedOrderError when it has no positive `id`
 * or no `status`.
 * @example
 * const order = parseWooOrder(JSON.parse(rawBody.toString('utf8')));
 */
export function parseWooOrder(payload: unknown): WooOrder {
  if (!isRecord(payload)) throw new MalformedOrderError(['body (not a JSON object)']);
  const result = OrderSchema.safeParse(payload);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((i) => i.path.map(String).join('.') || 'body'))];
    throw new MalformedOrderError(fields, { cause: result.error });
  }
  const o = result.data;
  return { ...o, number: o.number.trim() || String(o.id), total: o.total.trim() || '0', currency: o.currency.trim().toUpperCase() };
}

/** WooCommerce sends only `{ "id": N }` for a deleted (trashed) order. */
export function isDeletedOrderPayload(payload: unknown): payload is { id: number } {
  if (!isRecord(payload)) return false;
  const keys = Object.keys(payload);
  const id = payload['id'];
  return keys.length === 1 && keys[0] === 'id' && typeof id === 'number' && Number.isInteger(id) && id > 0;
}

/** The value of the last meta entry with this key (WooCommerce's `get_meta($key, true)` also takes one). */
export function metaValue(order: Pick<WooOrder, 'meta_data'>, key: string): unknown {
  for (let i = order.meta_data.length - 1; i >= 0; i--) {
    const meta = order.meta_data[i];
    if (meta?.key === key) return meta.value;
  }
  return undefined;
}

/** `2017-03-22T19:28:02` (a `*_gmt` field, no offset) → epoch ms as UTC; null when absent or unreadable. */
export function gmtToMs(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  let iso = value.trim().replace(' ', 'T');
  // The REST API omits the offset on *_gmt fields; without a 'Z' JavaScript would read local time.
  if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso)) iso += 'Z';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  times: '×',
};

/** Line item names come HTML-escaped (`Ship Your Idea &ndash; Color: Black`); an SMS wants the characters. */
export function decodeHtmlEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return Object.hasOwn(NAMED_ENTITIES, name.toLowerCase()) ? (NAMED_ENTITIES[name.toLowerCase()] ?? whole) : whole;
  });
}

export { httpUrl } from '@esemes/adapter-kit';

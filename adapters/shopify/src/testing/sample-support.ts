// What the sample builders share: the Turkish shop, customer and address, the deep merge of overrides, and
// the pass that turns a Shopify sample into a Turkish one (TRY, Turkish product names, ids JavaScript can hold).

/** Deep partial: objects are merged key by key, anything else (arrays included) replaces. */
export type SampleOverrides<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: SampleOverrides<T[K]> } : T;

export const SAMPLE_SHOP = 'demo-magaza.myshopify.com';
export const SAMPLE_PHONE = '+905329998877';
export const SAMPLE_EMAIL = 'sukru.isikoglu@example.com';
/** Ids shared by the samples, so an order, its fulfillment and its events point at each other. */
export const SAMPLE_IDS = Object.freeze({
  shopId: 60_123_456_781,
  orderId: 6_012_345_678_901,
  orderNumber: 1001,
  customerId: 7_012_345_678_901,
  fulfillmentId: 5_012_345_678_901,
  fulfillmentEventId: 4_012_345_678_901,
  checkoutToken: 'c7f3b2a9e4d1c8b5a6f0e3d2c1b0a9f8',
  cartToken: 'e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0',
  dataRequestId: 9123,
});
/** A Tuesday afternoon in Istanbul, with its offset, as Shopify writes shop-local times. */
export const SAMPLE_TIME = '2026-07-14T14:30:00+03:00';

/** Values of a Turkish address; only keys the sample's address already has are set. */
export function turkishAddress(phone: string | null): Record<string, unknown> {
  return {
    first_name: 'Şükrü',
    last_name: 'Işıkoğlu',
    name: 'Şükrü Işıkoğlu',
    company: null,
    address1: 'Bağdat Caddesi No: 245 D: 7',
    address2: 'Caddebostan Mahallesi',
    city: 'Kadıköy',
    province: 'İstanbul',
    province_code: 'TR-34',
    zip: '34728',
    country: 'Türkiye',
    country_code: 'TR',
    country_name: 'Türkiye',
    phone,
  };
}

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

/** Sets on `target` the values of `values` whose keys it already has (keeping the sample's shape). */
export function overwrite(target: unknown, values: Record<string, unknown>): void {
  if (!isPlain(target)) return;
  for (const [key, value] of Object.entries(values)) if (key in target) target[key] = value;
}

export function merge<T>(base: T, overrides: unknown): T {
  const target: unknown = base;
  if (!isPlain(overrides) || !isPlain(target)) return base;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = target[key];
    target[key] = isPlain(value) && isPlain(current) ? merge(current, value) : structuredClone(value);
  }
  return base;
}

const TURKISH_NAMES: Readonly<Record<string, string>> = {
  'Aviator sunglasses': 'Pilot güneş gözlüğü',
  'Lens Protection Plan (2 Year)': 'Lens koruma planı (2 yıl)',
  'Premium Leather Case': 'Deri kılıf',
  'Mid-century lounger': 'Şezlong',
  'Coffee table': 'Orta sehpa',
  'IPod Nano - 8GB': 'Kablosuz kulaklık',
  Pink: 'Pembe',
  'Generic Shipping': 'Standart kargo',
};
const NAME_KEYS = ['title', 'name', 'presentment_title', 'variant_title', 'presentment_variant_title'];
const CURRENCY_KEYS = ['currency', 'currency_code', 'presentment_currency'];
/** Shopify's samples carry ids above 2^53, which JSON.parse cannot hold; real ids are smaller. */
const SAFE_ID_BASE = 9_000_000_000_000;

/** A deep copy of a Shopify sample made Turkish: TRY for USD, Turkish product names, safe ids with matching gids. */
export function turkishCopy<T>(sample: unknown): T {
  const copy = structuredClone(sample);
  walk(copy);
  return copy as T;
}

function walk(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach((entry, index) => {
      if (typeof entry === 'number' && !Number.isSafeInteger(entry) && Number.isInteger(entry)) value[index] = safeId(entry);
      else walk(entry);
    });
    return;
  }
  if (!isPlain(value)) return;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'number' && Number.isInteger(entry) && !Number.isSafeInteger(entry)) value[key] = safeId(entry);
    else if (typeof entry === 'string' && CURRENCY_KEYS.includes(key) && entry === 'USD') value[key] = 'TRY';
    else if (typeof entry === 'string' && NAME_KEYS.includes(key) && entry in TURKISH_NAMES) value[key] = TURKISH_NAMES[entry];
    else walk(entry);
  }
  // The gid names the same number as `id`.
  if (typeof value.id === 'number' && typeof value.admin_graphql_api_id === 'string')
    value.admin_graphql_api_id = value.admin_graphql_api_id.replace(/\d+$/, String(value.id));
}

/** The same unsafe id maps to the same safe one in every sample (an order's line item and its fulfillment's). */
function safeId(unsafe: number): number {
  return SAFE_ID_BASE + (unsafe % 1_000_000_000_000);
}

export function isPlain(value: unknown): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === '[object Object]';
}

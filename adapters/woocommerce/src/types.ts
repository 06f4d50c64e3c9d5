// The shapes every part of the WooCommerce adapter shares: a connected store, its settings and the part of
// a WooCommerce order the adapter reads. What it remembers per order is the kit's OrderState.
import type { StatusRule } from '@esemes/adapter-kit';

export type { OrderState, StatusRule } from '@esemes/adapter-kit';

/** One connected WooCommerce store. Secrets stay in the database; never logged. */
export interface WooStore {
  /** Our id for the store (`default` for the one configured from the environment); in webhook URLs. */
  id: string;
  /** The store's address, e.g. `https://magaza.example.com` (no trailing slash). */
  url: string;
  consumerKey: string;
  consumerSecret: string;
  /** The HMAC secret of our webhooks (alphanumeric, generated per store). */
  webhookSecret: string;
  /** Secret token in the Cart Abandonment Recovery webhook URL (that plugin cannot sign). */
  cartToken: string;
  /** Shown in messages as the store name; default the store's host name. */
  name?: string;
  /** Store locale for messages (`tr`, `en`); default `tr`. */
  locale?: string;
  /** IANA time zone; default `Europe/Istanbul`. */
  timeZone?: string;
  settings: WooStoreSettings;
}

export interface WooStoreSettings {
  /** Per raw status (`completed`, `kargo-verildi` …), merged over the defaults (see statuses.ts). */
  statuses?: Record<string, StatusRule>;
  /** Send the cancellation SMS when WooCommerce cancels an unpaid checkout order on its timeout (default false). */
  notifyUnpaidCancellation?: boolean;
  /** Order meta keys whose truthy value ('1', 'yes', 'on', true) records marketing SMS consent (default: see consent.ts). */
  consentMetaKeys?: string[];
  /** Delays of the abandoned-cart reminders in ms after the cart is first seen (default 1 h and 24 h; [] turns them off). */
  cartReminderDelaysMs?: number[];
  /** A reminder not sent by this long after the cart was first seen is dropped (default 7 days). */
  cartExpiresAfterMs?: number;
  /** The shop owner's numbers: each new order also sends admin.order.created to them. */
  adminPhones?: string[];
  /** Tracking URL templates per carrier key, merged over the built-in table (`{code}` or appended). */
  carrierUrls?: Record<string, string>;
  /** Write a private order note for each SMS (default true). */
  orderNotes?: boolean;
}

export interface WooAddress {
  first_name?: string;
  last_name?: string;
  phone?: string;
  email?: string;
  country?: string;
}

export interface WooLineItem {
  name: string;
  quantity: number;
  total?: string;
  sku?: string;
}

export interface WooMeta {
  id?: number;
  key: string;
  value: unknown;
}

/** The fields of a `wc/v3` order (= an `order.*` webhook body) the adapter reads. */
export interface WooOrder {
  id: number;
  number: string;
  status: string;
  currency: string;
  total: string;
  /** ISO times without offset, in GMT (`2017-03-22T19:28:02`); null when absent. */
  date_created_gmt: string | null;
  date_modified_gmt: string | null;
  date_paid_gmt: string | null;
  created_via: string;
  payment_url: string;
  customer_id: number;
  billing: WooAddress;
  shipping: WooAddress;
  line_items: WooLineItem[];
  meta_data: WooMeta[];
}

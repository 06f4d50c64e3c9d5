// What every part of the Shopify adapter shares: a shop and its settings.
import type { StatusRule } from '@esemes/adapter-kit';

export type { StatusRule } from '@esemes/adapter-kit';

/** Where a customer's number is looked for, in the order given (the first valid Turkish mobile wins). */
export type PhoneSource = 'order' | 'shipping' | 'billing' | 'customer' | 'customer_default_address';
export const PHONE_SOURCES: readonly PhoneSource[] = ['order', 'shipping', 'billing', 'customer', 'customer_default_address'];

export interface ShopSettings {
  /** Per raw status (`paid`, `cancelled`, `fulfilled` …), merged over the defaults (see statuses.ts). */
  statuses?: Record<string, StatusRule>;
  /** The shop owner's numbers: each new order also sends admin.order.created to them. */
  adminPhones?: string[];
  /** Where to look for the customer's number, in order (default: order, shipping, billing, customer, customer's default address). */
  phoneSources?: PhoneSource[];
  /** Append a line to the order's note for each SMS (default true). */
  orderNotes?: boolean;
  /** Abandoned-checkout reminder delays in ms after the checkout is first seen (default 1 h and 24 h; [] turns them off). */
  cartReminderDelaysMs?: number[];
  /** A reminder not sent by this long after the checkout was first seen is dropped (default 7 days). */
  cartExpiresAfterMs?: number;
}

/** One shop the adapter serves. The access token is not here: see sessions.ts (encrypted) or the environment. */
export interface ShopRecord {
  /** Our id for the shop: its myshopify domain as `name-myshopify-com` (the engine's store id). */
  id: string;
  /** `name.myshopify.com`. */
  shop: string;
  /** How it came: an OAuth install, or SHOPIFY_SHOP. */
  source: 'oauth' | 'env';
  /** False once `app/uninstalled` arrived: nothing more is sent for it. */
  installed: boolean;
  uninstalledAt?: number | null;
  /** From the Admin API's `shop` at install (or SHOPIFY_STORE_NAME); editable. */
  name?: string;
  locale?: string;
  timeZone?: string;
  currency?: string;
  /** The scopes granted at install. */
  scopes?: string[];
  settings: ShopSettings;
}

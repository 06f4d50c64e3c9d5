// The composition root: the one place that names the platform adapters `npm start` runs with. The server
// knows adapters only through the kit's ServerAdapter contract; a shop's own start file can do the same
// with its own list (see @esemes/adapter-kit's README).
import type { ServerAdapter } from '@esemes/adapter-kit';
import { createWooCommerceAdapter, wooStoreFromEnv } from '@esemes/woocommerce';

/**
 * WooCommerce (always: stores can be connected through the API; one store from WOOCOMMERCE_*).
 * Throws the adapter's configuration error (an AdapterConfigError naming every bad variable).
 * @example
 * await run({ env: process.env, …, adapters: builtInAdapters });
 */
export function builtInAdapters(env: Readonly<Record<string, string | undefined>>): ServerAdapter[] {
  const envStore = wooStoreFromEnv({ ...env });
  return [createWooCommerceAdapter(envStore ? { envStore } : {})];
}

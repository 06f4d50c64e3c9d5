// The platform adapters `npm start` runs with. The server knows them only through the ServerAdapter
// interface; this composition root is the one place that names them.
import { createWooCommerceAdapter, wooStoreFromEnv } from '@esemes/woocommerce';
import type { ServerAdapter } from './adapters.js';

/**
 * WooCommerce (always: stores can be connected through the API; one store from WOOCOMMERCE_*).
 * Throws the adapter's configuration error (code `config`, naming every bad variable).
 */
export function builtInAdapters(env: Readonly<Record<string, string | undefined>>): ServerAdapter[] {
  const envStore = wooStoreFromEnv({ ...env });
  return [createWooCommerceAdapter(envStore ? { envStore } : {})];
}

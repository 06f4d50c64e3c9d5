// The composition root: the one place that names the platform adapters `npm start` runs with. The server
// knows adapters only through the kit's ServerAdapter contract; a shop's own start file can do the same
// with its own list (see @esemes/adapter-kit's README).
import { AdapterConfigError, isAdapterConfigError, type ServerAdapter } from '@esemes/adapter-kit';
import { createShopifyAdapter, shopifyFromEnv } from '@esemes/shopify';
import { createWooCommerceAdapter, wooStoreFromEnv } from '@esemes/woocommerce';

/**
 * WooCommerce (always: stores can be connected through the dashboard or the API; one store from
 * WOOCOMMERCE_*) and Shopify (always: its dashboard panel says how to set it up; an app from SHOPIFY_API_*,
 * one shop from SHOPIFY_SHOP). Throws an adapter's configuration error (an AdapterConfigError naming every
 * bad variable); both are read before either is built, so one start reports every problem of both.
 * @example
 * await run({ env: process.env, …, adapters: builtInAdapters });
 */
export function builtInAdapters(env: Readonly<Record<string, string | undefined>>): ServerAdapter[] {
  const problems: AdapterConfigError[] = [];
  const read = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!isAdapterConfigError(error)) throw error;
      problems.push(error);
      return undefined;
    }
  };
  const envStore = read(() => wooStoreFromEnv({ ...env }));
  const shopify = read(() => shopifyFromEnv({ ...env }));
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw new BuiltInAdaptersConfigError(problems);
  return [createWooCommerceAdapter(envStore ? { envStore } : {}), createShopifyAdapter(shopify ? { env: shopify } : {})];
}

/** Several adapters' configurations are wrong: one error naming every variable of each. */
export class BuiltInAdaptersConfigError extends AdapterConfigError {
  override name = 'BuiltInAdaptersConfigError';
  override readonly variables: readonly string[];
  constructor(errors: readonly AdapterConfigError[]) {
    super('', []);
    this.message = errors.map((error) => error.message).join(' ');
    this.variables = errors.flatMap((error) => error.variables);
  }
}

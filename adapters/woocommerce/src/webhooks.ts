// Keeps a store's webhooks pointing at us: exactly one active webhook per topic at our delivery URL,
// with our secret. Safe to run at every start and after PUBLIC_URL changes.
import { isWooRestError, type WooRestClient, type WooWebhook } from './rest-client.js';

export const DEFAULT_WEBHOOK_NAME = 'esemes SMS';
export const DEFAULT_WEBHOOK_TOPICS: readonly string[] = ['order.created', 'order.updated'];

export type WebhookClient = Pick<WooRestClient, 'listWebhooks' | 'createWebhook' | 'updateWebhook' | 'deleteWebhook'>;

export interface RegisterWebhooksOptions {
  /** Where WooCommerce delivers, e.g. `https://sms.example.com/webhooks/woocommerce/default`. */
  deliveryUrl: string;
  /** The HMAC secret (alphanumeric: see newWebhookSecret in stores.ts). */
  secret: string;
  /** Default `esemes SMS`; webhooks with this name are ours even at another URL. */
  name?: string;
  /** Default `order.created`, `order.updated`. */
  topics?: readonly string[];
}

export interface WebhookSyncResult {
  created: number[];
  updated: number[];
  deleted: number[];
}

/**
 * Idempotent: lists every webhook; "ours" are those at `deliveryUrl` or named `name` (a stale one from an
 * old public URL). Per topic one of ours at exactly `deliveryUrl` is kept and updated (the secret cannot
 * be read back, so it is always set), missing ones are created, every other one of ours is deleted.
 * Webhooks of other plugins are never touched.
 * @example
 * await registerWebhooks(client, { deliveryUrl: `${publicUrl}/webhooks/woocommerce/${store.id}`, secret: store.webhookSecret });
 */
export async function registerWebhooks(client: WebhookClient, options: RegisterWebhooksOptions): Promise<WebhookSyncResult> {
  const name = options.name ?? DEFAULT_WEBHOOK_NAME;
  const topics = [...new Set(options.topics ?? DEFAULT_WEBHOOK_TOPICS)];
  const { deliveryUrl, secret } = options;
  if (!deliveryUrl || !secret) throw new TypeError('registerWebhooks: deliveryUrl and secret are required');

  const ours = (await client.listWebhooks()).filter((w) => isOurs(w, deliveryUrl, name));
  const result: WebhookSyncResult = { created: [], updated: [], deleted: [] };
  const kept = new Set<number>();

  for (const topic of topics) {
    const candidates = ours.filter((w) => w.topic === topic && w.delivery_url === deliveryUrl).sort(preferred);
    const keep = candidates[0];
    if (keep) {
      kept.add(keep.id);
      await client.updateWebhook(keep.id, { name, delivery_url: deliveryUrl, secret, status: 'active' });
      result.updated.push(keep.id);
    } else {
      const created = await client.createWebhook({ name, topic, delivery_url: deliveryUrl, secret });
      kept.add(created.id);
      result.created.push(created.id);
    }
  }

  // Deleting last: if a call above fails, the store still has working webhooks.
  for (const webhook of ours) {
    if (kept.has(webhook.id)) continue;
    if (await deleteIfPresent(client, webhook.id)) result.deleted.push(webhook.id);
  }
  return result;
}

export interface UnregisterWebhooksOptions {
  deliveryUrl: string;
  /** Default `esemes SMS`. */
  name?: string;
}

/** Deletes every webhook of ours (at `deliveryUrl` or named `name`); returns their ids. */
export async function unregisterWebhooks(client: WebhookClient, options: UnregisterWebhooksOptions): Promise<number[]> {
  const name = options.name ?? DEFAULT_WEBHOOK_NAME;
  const deleted: number[] = [];
  for (const webhook of await client.listWebhooks()) {
    if (!isOurs(webhook, options.deliveryUrl, name)) continue;
    if (await deleteIfPresent(client, webhook.id)) deleted.push(webhook.id);
  }
  return deleted;
}

function isOurs(webhook: WooWebhook, deliveryUrl: string, name: string): boolean {
  return webhook.delivery_url === deliveryUrl || webhook.name === name;
}

/** Prefer a webhook that is already active, then the oldest. */
function preferred(a: WooWebhook, b: WooWebhook): number {
  const active = Number(b.status === 'active') - Number(a.status === 'active');
  return active !== 0 ? active : a.id - b.id;
}

/** A webhook deleted meanwhile (another instance, the shop owner) is not an error. */
async function deleteIfPresent(client: WebhookClient, id: number): Promise<boolean> {
  try {
    await client.deleteWebhook(id);
    return true;
  } catch (error) {
    if (isWooRestError(error) && error.code === 'not_found') return false;
    throw error;
  }
}

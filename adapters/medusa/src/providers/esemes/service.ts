// The notification module provider for the `sms` channel: `createNotifications({ channel: 'sms', to,
// template, data })` from a shop's own workflows. `template` names one of our events (`order.created`,
// `shipment.created` …) rendered with `data` through our templates; `content.text` alone is sent as
// written (`message.custom`). Either way it goes through the engine's outbox, keyed by the notification's
// idempotency key (else its id): Medusa 2.21 calls send() again when createNotifications is repeated
// with the key of a failed notification, and the engine answers that with the first message instead
// of a second SMS.
import { createHash } from 'node:crypto';
import { EVENT_TYPES, type CanonicalEventInput } from '@esemes/notify';
import { AbstractNotificationProviderService, MedusaError } from '@medusajs/framework/utils';
import type { ProviderSendNotificationDTO, ProviderSendNotificationResultsDTO } from '@medusajs/framework/types';
import { MedusaOptionsError, resolveOptions } from '../../options.js';
import { runtimeFor, type EsemesRuntime, type MedusaContainerLike } from '../../runtime.js';

/** What Medusa passes besides the DTO's fields: the notification row being sent. */
type SentNotification = ProviderSendNotificationDTO & { id?: string | null; idempotency_key?: string | null };

/** The application container (where the runtime lives), found when first needed. */
export type AppContainerSource = () => MedusaContainerLike | Promise<MedusaContainerLike>;

async function medusaAppContainer(): Promise<MedusaContainerLike> {
  const framework = await import('@medusajs/framework');
  return framework.container as unknown as MedusaContainerLike;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys of the provider's options that are not plugin options: Medusa's `channels` (always given), the tests' `appContainer`. */
const PROVIDER_KEYS = new Set(['appContainer', 'channels']);

/** The plugin options given in the provider's own options, or undefined when there are none. */
function pluginOptionsIn(options: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (options === undefined || options === null) return undefined;
  const own = Object.fromEntries(Object.entries(options).filter(([key]) => !PROVIDER_KEYS.has(key)));
  return Object.keys(own).length > 0 ? own : undefined;
}

export class EsemesNotificationProviderService extends AbstractNotificationProviderService {
  static override identifier = 'esemes';

  /** Options of the provider itself are optional: the plugin's options apply; given alone, they are the whole configuration. */
  static override validateOptions(options: Record<string, unknown>): void {
    const own = pluginOptionsIn(options);
    if (own === undefined) return;
    resolveOptions(own, process.env);
  }

  readonly #options: Record<string, unknown>;
  readonly #appContainer: AppContainerSource;

  constructor(_container: unknown, options: Record<string, unknown> = {}) {
    super();
    this.#options = options;
    // Tests hand in a container; in Medusa the application container is the framework's.
    this.#appContainer = typeof options['appContainer'] === 'function' ? (options['appContainer'] as AppContainerSource) : medusaAppContainer;
  }

  async #runtime(): Promise<EsemesRuntime> {
    return runtimeFor(await this.#appContainer(), pluginOptionsIn(this.#options));
  }

  override async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    const sent = notification as SentNotification;
    let runtime: EsemesRuntime;
    try {
      runtime = await this.#runtime();
    } catch (error) {
      if (error instanceof MedusaOptionsError) throw new MedusaError(MedusaError.Types.INVALID_DATA, error.message);
      throw error;
    }
    const event = customEvent(sent, runtime);
    const result = await runtime.accept(event);
    if (result.status === 'skipped' || result.status === 'invalid')
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `esemes: no SMS: ${result.reason ?? result.status}`);
    const messageId = result.messageIds[0];
    if (messageId === undefined) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, 'esemes: the engine created no message');
    // Send at once when the engine runs here, so the provider's report id can be returned; a message
    // that must wait (quiet hours, a paused account) returns its engine id instead.
    const notifier = runtime.gateway.notifier;
    if (notifier !== undefined && result.status === 'accepted') await notifier.runOnce().catch(() => undefined);
    const message = notifier === undefined ? undefined : await notifier.getMessage(messageId);
    return { id: message?.reportId ?? messageId };
  }
}

/** The canonical event of one notification: `template` as our event type with `data`, or `content.text` as `message.custom`. */
export function customEvent(notification: SentNotification, runtime: Pick<EsemesRuntime, 'options'>): CanonicalEventInput {
  const options = runtime.options;
  const data = isRecord(notification.data) ? notification.data : {};
  const key =
    notification.idempotency_key ||
    notification.id ||
    createHash('sha256')
      .update(JSON.stringify([notification.to, notification.template, data, notification.content ?? null]))
      .digest('hex');
  const customer = isRecord(data['customer']) ? data['customer'] : {};
  const store = isRecord(data['store']) ? data['store'] : {};
  const base = {
    idempotencyKey: `medusa:${options.storeId}:notification:${key}`,
    store: { id: options.storeId, platform: 'medusa', name: options.storeName, locale: options.locale, timeZone: options.timeZone, ...store },
    customer: { ...customer, phones: [notification.to] },
  };
  const template = notification.template;
  const text = notification.content?.text;
  if (template !== undefined && template !== null && (EVENT_TYPES as readonly string[]).includes(template)) {
    if (template === 'message.custom' && typeof text === 'string' && data['body'] === undefined)
      return { ...data, ...base, type: 'message.custom', body: text } as CanonicalEventInput;
    return { ...data, ...base, type: template } as CanonicalEventInput;
  }
  if (typeof text === 'string' && text.trim() !== '') return { ...base, type: 'message.custom', body: text } as CanonicalEventInput;
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `esemes: template "${String(template)}" is not one of ${EVENT_TYPES.join(', ')}, and the notification has no content.text to send as written`,
  );
}

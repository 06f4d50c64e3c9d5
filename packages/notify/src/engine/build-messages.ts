import { maskPhone, normalizeTurkishMobile } from '@esemes/core';
import { fastParseEvent } from '../events/fast-parse.js';
import { messageClassOf } from '../events/message-class.js';
import { cartCancelKey, EventSchema, type CanonicalEvent, type MessageEvent } from '../events/schema.js';
import type { AcceptedEvent, NewMessage } from '../outbox/types.js';
import type { TemplateLanguage, TemplateService } from '../templates/types.js';
import { countParts } from '../templates/count.js';
import { DEFAULT_RENDER_SETTINGS } from '../templates/template-service.js';
import type { RenderSettings } from '../templates/types.js';
import { EventValidationError, MessageTooLongError, NoRecipientError } from './errors.js';
import { DEFAULT_QUIET_HOURS, outsideQuietHours } from './quiet-hours.js';
import { timeOrderedId } from './time-ordered-id.js';
import type { StoreSettings } from './types.js';

// From a raw document to the rows one acceptance stores: validate, pick recipients, check consent,
// render, and place the message in time (notBefore, quiet hours, expiry).

export interface BuiltEvent {
  event: CanonicalEvent;
  record: AcceptedEvent;
  messages: NewMessage[];
  /** The cancel keys acceptance applies: the event's `cancels`, and for `cart.closed` its cart's reminders. */
  cancels: string[];
  skipped: Array<{ role: string; reason: string }>;
}

export function validateEvent(input: unknown): CanonicalEvent {
  // The common, valid event without zod (its output exactly); anything else through EventSchema, which words the errors.
  const fast = fastParseEvent(input);
  if (fast) return fast;
  const parsed = EventSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new EventValidationError(parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
}

function languageOf(event: MessageEvent): TemplateLanguage {
  // The shop owner reads the store's language; a customer their own, else the store's.
  const locale = (event.type === 'admin.order.created' ? event.store.locale : (event.customer.locale ?? event.store.locale)).toLowerCase();
  return locale.startsWith('tr') ? 'tr' : 'en';
}

/** The recipients of an event: the customer's first valid number, or every valid admin number. */
function recipients(event: MessageEvent, settings: StoreSettings): Array<{ role: string; number: string }> {
  const reasons: string[] = [];
  const valid = (candidates: readonly string[]): string[] => {
    const numbers: string[] = [];
    for (const candidate of candidates) {
      const phone = normalizeTurkishMobile(candidate);
      if (phone.ok) {
        if (!numbers.includes(phone.number)) numbers.push(phone.number);
      } else reasons.push(phone.message);
    }
    return numbers;
  };
  if (event.type === 'admin.order.created') {
    const numbers = valid(event.adminPhones.length > 0 ? event.adminPhones : (settings.adminPhones ?? []));
    if (numbers.length === 0) throw new NoRecipientError('no valid admin phone number (adminPhones in the event or the store settings)', reasons);
    return numbers.map((number, i) => ({ role: `admin:${i + 1}`, number }));
  }
  const [first] = valid(event.customer.phones);
  if (!first) throw new NoRecipientError('no valid Turkish mobile number among customer.phones', reasons);
  return [{ role: 'customer', number: first }];
}

/** A store's render settings: its maxParts and transliteration over the defaults (2 parts, `latin`). */
export function renderSettingsOf(settings: StoreSettings): RenderSettings {
  return {
    maxParts: settings.maxParts ?? DEFAULT_RENDER_SETTINGS.maxParts,
    transliterate: settings.transliterate ?? DEFAULT_RENDER_SETTINGS.transliterate,
  };
}

export interface BuildContext {
  /** The effective settings of the event's store (`notifier.storeSettings.get`), read once per event. */
  settingsFor: (storeId: string) => Promise<StoreSettings>;
  defaultSender: string;
  templates: TemplateService;
  now: number;
}

export async function buildMessages(input: unknown, context: BuildContext): Promise<BuiltEvent> {
  const event = validateEvent(input);
  const { now } = context;
  const storeId = event.store.id;
  const eventId = timeOrderedId(now);
  const record: AcceptedEvent = { eventId, storeId, idempotencyKey: event.idempotencyKey, type: event.type, payload: JSON.stringify(event), receivedAt: now };
  const skipped: BuiltEvent['skipped'] = [];
  const cancels = [...event.cancels];
  // Sends nothing: its acceptance only cancels the cart's queued reminders.
  if (event.type === 'cart.closed') return { event, record, messages: [], cancels: [...cancels, cartCancelKey(storeId, event.cart.id)], skipped };
  const settings = await context.settingsFor(storeId);
  if (settings.disabledEvents?.includes(event.type)) {
    return { event, record, messages: [], cancels, skipped: [{ role: 'all', reason: `the store turned off SMS for ${event.type}` }] };
  }
  const targets = recipients(event, settings);
  const messageClass = messageClassOf(event.type);
  if (messageClass === 'commercial' && event.customer.smsConsent?.marketing !== true) {
    return {
      event,
      record,
      messages: [],
      cancels,
      skipped: [{ role: 'customer', reason: 'commercial message without recorded marketing consent (customer.smsConsent.marketing)' }],
    };
  }
  const language = languageOf(event);
  // Rendered with the settings read above, so the fitting and the cap below agree even if they change meanwhile.
  const renderSettings = renderSettingsOf(settings);
  const text = await context.templates.render(event, language, renderSettings);
  const commercial = messageClass === 'commercial';
  // The cap on every message, counted as the provider bills it (its opt-out sentence included); the fitting
  // usually counted this very text already, and that count is reused.
  const counted = countParts(text, commercial);
  const { maxParts } = renderSettings;
  if (counted.parts > maxParts)
    throw new MessageTooLongError({ eventType: event.type, maxParts, parts: counted.parts, characters: counted.characters, encoding: counted.encoding });
  let notBefore = Math.max(now, event.notBefore ? Date.parse(event.notBefore) : now);
  const quiet = settings.quietHours === undefined ? DEFAULT_QUIET_HOURS : settings.quietHours;
  if (quiet && (commercial || settings.transactionalQuietHours === true)) notBefore = outsideQuietHours(notBefore, event.store.timeZone, quiet);
  const optOutLink = commercial;
  const messages = targets.map(({ role, number }): NewMessage => ({
    id: timeOrderedId(now),
    storeId,
    platform: event.store.platform,
    eventType: event.type,
    messageKey: `${storeId}:${event.idempotencyKey}#${role}`,
    messageClass,
    recipient: number,
    text,
    sender: settings.sender ?? context.defaultSender,
    language,
    optOutLink,
    // Commercial messages also go through the account's own blacklist (opt-outs recorded at the provider).
    blacklist: commercial ? 'own' : null,
    parts: counted.parts,
    orderId: 'order' in event && event.order ? event.order.id : null,
    orderNumber: 'order' in event && event.order ? event.order.number : null,
    cancelKey: event.type === 'cart.abandoned' ? cartCancelKey(storeId, event.cart.id) : null,
    notBefore,
    expiresAt: event.expiresAt ? Date.parse(event.expiresAt) : null,
  }));
  return { event, record, messages, cancels, skipped };
}

/** For logs: which numbers an event goes to, masked. */
export function maskedRecipients(messages: readonly NewMessage[]): string[] {
  return messages.map((m) => maskPhone(m.recipient));
}

// Handing canonical events to the engine from a webhook: the engine's refusals of one event (no usable
// phone, a field out of bounds) become that event's result, so the platform still gets its 2xx and the
// other events of the same delivery go through. Anything else (the database is down) is thrown.
import { EventValidationError, MessageTooLongError, NoRecipientError, type CanonicalEventInput, type Notifier } from '@esemes/notify';
import type { AdapterLog } from './log.js';

/** What happened to one event of a delivery. */
export interface EventResult {
  type: string;
  idempotencyKey: string;
  /** `accepted`: stored now; `duplicate`: stored before; `skipped`: no SMS (no phone, no consent …); `invalid`: refused by the engine (a field out of bounds, longer than the store's maxParts). */
  status: 'accepted' | 'duplicate' | 'skipped' | 'invalid';
  messageIds: string[];
  /** Why it was skipped or refused (no phone numbers in it). */
  reason?: string;
  /** Queued messages its acceptance cancelled (a `cart.closed` cancels the cart's reminders). */
  cancelled?: number;
}

/**
 * Accept one event; a missing phone or an event the engine refuses is reported, not thrown.
 * @example
 * const result = await acceptEvent(notifier, event, request.log); // { status: 'skipped', reason: 'no valid Turkish mobile …' }
 */
export async function acceptEvent(notifier: Pick<Notifier, 'accept'>, event: CanonicalEventInput, log?: Pick<AdapterLog, 'warn'>): Promise<EventResult> {
  const base = { type: event.type, idempotencyKey: event.idempotencyKey };
  try {
    const outcome = await notifier.accept(event);
    if (event.type === 'cart.closed') return { ...base, status: outcome.status, messageIds: [], cancelled: outcome.cancelled };
    const skipped = outcome.skipped.map((skip) => skip.reason).join('; ');
    if (outcome.status === 'accepted' && outcome.messageIds.length === 0)
      return { ...base, status: 'skipped', messageIds: [], reason: skipped || 'no message' };
    return { ...base, status: outcome.status, messageIds: outcome.messageIds };
  } catch (error) {
    if (error instanceof NoRecipientError) return { ...base, status: 'skipped', messageIds: [], reason: error.message };
    // Longer than the store's maxParts: refused, never sent and never cut; the shop owner sees why.
    if (error instanceof MessageTooLongError) return { ...base, status: 'invalid', messageIds: [], reason: error.message };
    if (error instanceof EventValidationError) {
      log?.warn({ type: event.type, issues: error.issues }, 'the engine refused an event built by an adapter');
      return { ...base, status: 'invalid', messageIds: [], reason: error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') };
    }
    throw error;
  }
}

/** Accept events in order (never in parallel: the first may cancel what a later one would otherwise meet). */
export async function acceptEvents(
  notifier: Pick<Notifier, 'accept'>,
  events: readonly CanonicalEventInput[],
  log?: Pick<AdapterLog, 'warn'>,
): Promise<EventResult[]> {
  const results: EventResult[] = [];
  for (const event of events) results.push(await acceptEvent(notifier, event, log));
  return results;
}

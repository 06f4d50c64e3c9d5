// Acceptances as flat arrays of column values, the form sqlite-accept-writer.js reads: one array per
// batch, so handing a batch to the worker thread copies plain values, never one object per message.
import { messageIdsFromJson } from './row-mapping.js';
import { ACCEPTED, DUPLICATE, EVENT_FAULT, FAILED } from './sqlite-accept-writer.js';
import type { AcceptedEvent, AcceptResult, NewMessage } from './types.js';
import { OutboxWriteError } from './write-error.js';

/**
 * Append one acceptance to `into` (layout: the event's 7 values, message count, cancel count, cancel keys,
 * then 18 values per message, see sqlite-accept-writer.js) and return its message ids. A value SQLite
 * cannot store (an object, a boolean, undefined …) throws OutboxWriteError `event_refused` and leaves `into`
 * as it was: found here, it fails this event alone, not the batch it would have travelled in.
 */
export function encodeAccept(into: unknown[], event: AcceptedEvent, messages: readonly NewMessage[], cancels: readonly string[], now: number): string[] {
  const start = into.length;
  const messageIds = messages.map((message) => message.id);
  // message_ids (the JSON the event row keeps) is written by the writer, from the messages' ids.
  into.push(event.eventId, event.storeId, event.idempotencyKey, event.type, event.payload, event.receivedAt, now);
  into.push(messages.length, cancels.length, ...cancels);
  for (const m of messages) {
    into.push(m.id, m.storeId, m.platform, m.eventType, m.messageKey, m.messageClass, m.recipient, m.text, m.sender, m.language, m.optOutLink ? 1 : 0);
    into.push(m.blacklist, m.parts, m.orderId, m.orderNumber, m.cancelKey, m.notBefore, m.expiresAt);
  }
  for (let i = start; i < into.length; i += 1) {
    const value = into[i];
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') continue;
    into.length = start;
    throw new OutboxWriteError(
      'event_refused',
      `outbox: event ${event.storeId}/${event.idempotencyKey} was not stored: value ${i - start} is ${value === undefined ? 'undefined' : `a ${typeof value}`}, not a string, number or null`,
    );
  }
  return messageIds;
}

/** What the caller of one acceptance needs once its outcome is known. */
export interface Settle {
  readonly event: AcceptedEvent;
  readonly messageIds: string[];
  resolve(result: AcceptResult): void;
  reject(error: unknown): void;
}

/** Settle each acceptance of a batch from the writer's flat outcomes, in order. */
export function settleOutcomes(items: readonly Settle[], outcomes: readonly unknown[]): void {
  let at = 0;
  for (const item of items) {
    const tag = outcomes[at];
    if (tag === ACCEPTED) {
      item.resolve({ status: 'accepted', eventId: item.event.eventId, messageIds: item.messageIds, cancelled: outcomes[at + 1] as number });
      at += 2;
    } else if (tag === DUPLICATE) {
      item.resolve({ status: 'duplicate', eventId: outcomes[at + 1] as string, messageIds: messageIdsFromJson(outcomes[at + 2] as string) });
      at += 3;
    } else if (tag === FAILED) {
      item.reject(failureError(item.event, outcomes[at + 1] === EVENT_FAULT, outcomes[at + 2] as string | null, outcomes[at + 3] as string));
      at += 4;
    } else {
      item.reject(new Error(`outbox: the acceptance writer answered an unknown outcome ${String(tag)}`));
      return;
    }
  }
}

function failureError(event: AcceptedEvent, eventFault: boolean, sqliteCode: string | null, reason: string): OutboxWriteError {
  const options = { sqliteCode: sqliteCode ?? undefined };
  return eventFault
    ? new OutboxWriteError('event_refused', `outbox: event ${event.storeId}/${event.idempotencyKey} was not stored: ${reason}`, options)
    : new OutboxWriteError('store_unavailable', `outbox: the database refused the write, nothing of this batch was stored: ${reason}`, options);
}

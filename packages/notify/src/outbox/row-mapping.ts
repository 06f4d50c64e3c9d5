// The one place that turns stored rows into the camelCase types of types.ts and back.
import type { Insertable, Selectable } from 'kysely';
import type { MessageClass } from '../events/message-class.js';
import type { EventsTable, MessagesTable, TemplateOverridesTable } from './schema.js';
import type { AcceptedEvent, DispatchPause, MessageRow, MessageStatus, NewMessage, TemplateOverride } from './types.js';

export type MessageRecord = Selectable<MessagesTable>;

/** BIGINT → number. pg returns int8 (and `count(*)`) as a string; epoch ms fit a double exactly. */
export function toNumber(value: number | string | bigint): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) throw new TypeError(`outbox: expected an integer column, got ${String(value)}`);
  return number;
}

export function toNumberOrNull(value: number | string | bigint | null): number | null {
  return value === null ? null : toNumber(value);
}

export function messageFromRow(row: MessageRecord): MessageRow {
  return {
    id: row.id,
    eventId: row.event_id,
    storeId: row.store_id,
    platform: row.platform,
    eventType: row.event_type,
    messageKey: row.message_key,
    messageClass: row.message_class as MessageClass,
    recipient: row.recipient,
    text: row.text,
    sender: row.sender,
    language: row.language,
    optOutLink: Number(row.opt_out_link) === 1,
    blacklist: row.blacklist as MessageRow['blacklist'],
    parts: toNumber(row.parts),
    orderId: row.order_id,
    orderNumber: row.order_number,
    cancelKey: row.cancel_key,
    notBefore: toNumber(row.not_before),
    expiresAt: toNumberOrNull(row.expires_at),
    status: row.status as MessageStatus,
    attempts: toNumber(row.attempts),
    nextAttemptAt: toNumber(row.next_attempt_at),
    claimedBy: row.claimed_by,
    leaseUntil: toNumberOrNull(row.lease_until),
    attemptStartedAt: toNumberOrNull(row.attempt_started_at),
    reportId: row.report_id,
    sentAt: toNumberOrNull(row.sent_at),
    finalAt: toNumberOrNull(row.final_at),
    providerStatus: row.provider_status,
    errorCode: row.error_code,
    error: row.error,
    createdAt: toNumber(row.created_at),
    updatedAt: toNumber(row.updated_at),
  };
}

/** The accepted event's row; `message_ids` answers its repeats. */
export function eventToRow(event: AcceptedEvent, messageIds: readonly string[], now: number): Insertable<EventsTable> {
  return {
    id: event.eventId,
    store_id: event.storeId,
    idempotency_key: event.idempotencyKey,
    type: event.type,
    payload: event.payload,
    received_at: event.receivedAt,
    message_ids: JSON.stringify(messageIds),
    created_at: now,
  };
}

/** A new message as inserted at acceptance: queued, no attempt yet, due as soon as `notBefore` allows. */
export function messageToRow(message: NewMessage, eventId: string, now: number): Insertable<MessagesTable> {
  return {
    id: message.id,
    event_id: eventId,
    store_id: message.storeId,
    platform: message.platform,
    event_type: message.eventType,
    message_key: message.messageKey,
    message_class: message.messageClass,
    recipient: message.recipient,
    text: message.text,
    sender: message.sender,
    language: message.language,
    opt_out_link: message.optOutLink ? 1 : 0,
    blacklist: message.blacklist,
    parts: message.parts,
    order_id: message.orderId,
    order_number: message.orderNumber,
    cancel_key: message.cancelKey,
    not_before: message.notBefore,
    expires_at: message.expiresAt,
    status: 'queued',
    attempts: 0,
    next_attempt_at: now,
    claimed_by: null,
    lease_until: null,
    attempt_started_at: null,
    report_id: null,
    sent_at: null,
    final_at: null,
    provider_status: null,
    error_code: null,
    error: null,
    created_at: now,
    updated_at: now,
  };
}

/** Oldest first: the order of creation, then id. */
export function byCreation(a: Pick<MessageRow, 'createdAt' | 'id'>, b: Pick<MessageRow, 'createdAt' | 'id'>): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function overrideFromRow(row: Selectable<TemplateOverridesTable>): TemplateOverride {
  return { storeId: row.store_id, eventType: row.event_type, language: row.language, body: row.body, updatedAt: toNumber(row.updated_at) };
}

export function messageIdsFromJson(text: string): string[] {
  const ids: unknown = JSON.parse(text);
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string'))
    throw new TypeError('outbox: esemes_events.message_ids is not a JSON array of strings');
  return ids;
}

export function pauseToJson(pause: DispatchPause): string {
  return JSON.stringify({ reason: pause.reason, code: pause.code, since: pause.since, ...(pause.sender === undefined ? {} : { sender: pause.sender }) });
}

/** The stored pause, or undefined when the value is not one (never trust a hand-edited row). */
export function pauseFromJson(text: string): DispatchPause | undefined {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) return undefined;
  const { reason, code, since, sender } = value as Record<string, unknown>;
  if (typeof reason !== 'string' || typeof code !== 'string' || typeof since !== 'number') return undefined;
  return typeof sender === 'string' ? { reason, code, since, sender } : { reason, code, since };
}

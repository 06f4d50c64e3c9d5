// The state of each number of a send at a given time, derived from the send record, the clock and
// the outcome hash; nothing per number is stored and no timer runs.
import { unpackNumber } from './numbers.js';
import { outcomeOf, type FinalStatus, type OutcomeWeights } from './outcomes.js';
import type { SendRecord } from './store.js';

/** What the state derivation needs from the options. */
export interface DeliveryModel {
  seed: number;
  deliveryDelayMs: number;
  outcomeWeights: OutcomeWeights;
}

/** A number's state: `WAITING` until its final state is reached (or forever for 5000000003). */
export interface NumberState {
  number: string;
  text: string;
  parts: number;
  status: 'WAITING' | FinalStatus;
  /** Epoch ms of the final state, or null while waiting. */
  finishedAt: number | null;
  /** Operator error code: 13 with NOT_DELIVERED, else 0. */
  errorCode: number;
}

/** The text and parts of recipient `index` of `record`. */
function message(record: SendRecord, index: number): { text: string; parts: number } {
  const text = typeof record.text === 'string' ? record.text : (record.text[index] ?? '');
  const parts = typeof record.parts === 'number' ? record.parts : (record.parts[index] ?? 0);
  return { text, parts };
}

/** The state of recipient `index` of `record` at `now`. */
export function numberState(record: SendRecord, index: number, now: number, model: DeliveryModel): NumberState {
  const packed = record.numbers[index] ?? 0;
  const number = unpackNumber(packed);
  const { text, parts } = message(record, index);
  const finishedAt = record.sendAt + model.deliveryDelayMs;
  const outcome = outcomeOf(model.seed, model.outcomeWeights, record.reportId, number, packed);
  if (outcome.status === 'NEVER' || now < finishedAt) {
    return { number, text, parts, status: 'WAITING', finishedAt: null, errorCode: 0 };
  }
  return { number, text, parts, status: outcome.status, finishedAt, errorCode: outcome.errorCode };
}

/** Calls `visit` with the state of every recipient of `record` at `now`, in order. */
export function forEachNumber(record: SendRecord, now: number, model: DeliveryModel, visit: (state: NumberState) => void): void {
  for (let index = 0; index < record.numbers.length; index++) visit(numberState(record, index, now, model));
}

/** One message as the receiving number sees it. */
export interface InboxMessage {
  reportId: string;
  sender: string;
  text: string;
  parts: number;
  status: 'WAITING' | FinalStatus;
  /** ISO 8601 times; `finishedAt` is null while the message is waiting. */
  acceptedAt: string;
  sentAt: string;
  finishedAt: string | null;
  errorCode: number;
}

/**
 * Every message sent to `packedNumber` whose send time has passed at `now`, oldest first, whatever
 * its delivery state (a phone would show only the `DELIVERED` ones).
 */
export function inboxOf(sends: readonly SendRecord[], packedNumber: number, now: number, model: DeliveryModel): InboxMessage[] {
  const inbox: InboxMessage[] = [];
  for (const record of sends) {
    if (record.sendAt > now) continue; // scheduled, not gone yet
    for (let index = record.numbers.indexOf(packedNumber); index >= 0; index = record.numbers.indexOf(packedNumber, index + 1)) {
      const state = numberState(record, index, now, model);
      inbox.push({
        reportId: String(record.reportId),
        sender: record.sender,
        text: state.text,
        parts: state.parts,
        status: state.status,
        acceptedAt: new Date(record.acceptedAt).toISOString(),
        sentAt: new Date(record.sendAt).toISOString(),
        finishedAt: state.finishedAt === null ? null : new Date(state.finishedAt).toISOString(),
        errorCode: state.errorCode,
      });
    }
  }
  return inbox;
}

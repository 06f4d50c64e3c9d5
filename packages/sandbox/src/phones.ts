// Every number that received something: one line per phone, newest activity first, derived from the send
// records when asked (like the inboxes, nothing per number is stored).
import { numberState, type DeliveryModel } from './number-state.js';
import type { FinalStatus } from './outcomes.js';
import { unpackNumber } from './numbers.js';
import type { SendRecord } from './store.js';

/** Most characters of {@link PhoneView.preview} (an ellipsis is added when the text is longer). */
export const PHONE_PREVIEW_LENGTH = 60;

/** One number that received at least one message, as `sandbox.phones()` lists it. */
export interface PhoneView {
  /** `5XXXXXXXXX`. */
  number: string;
  /** Messages the number received (send time passed), as many as its inbox holds. */
  messages: number;
  /** ISO 8601: when the latest message went out (its `sentAt`). */
  lastSentAt: string;
  /** The latest message's report id, sender and current state. */
  lastReportId: string;
  lastSender: string;
  lastStatus: 'WAITING' | FinalStatus;
  /** The latest message's text on one line (runs of whitespace as one space), cut to {@link PHONE_PREVIEW_LENGTH} characters with `…`. */
  preview: string;
}

/** Options of `phones()`. */
export interface PhonesOptions {
  /** At most this many phones (the most recently active); default all. */
  limit?: number;
}

interface Latest {
  messages: number;
  record: SendRecord;
  index: number;
}

/** The text on one line, cut to `length` characters (whole code points) with `…` when longer. */
export function previewOf(text: string, length = PHONE_PREVIEW_LENGTH): string {
  const flat = [...text.replace(/\s+/gu, ' ').trim()];
  return flat.length <= length ? flat.join('') : `${flat.slice(0, length - 1).join('')}…`;
}

/**
 * Every number with a message whose send time has passed at `now`, newest activity first: by the
 * latest message's send time, then its report id (the later send), then the number. The latest
 * message of a number is the one sent last (a later report id, or a later place in one personalized send,
 * on a tie).
 */
export function phonesOf(sends: readonly SendRecord[], now: number, model: DeliveryModel, options: PhonesOptions = {}): PhoneView[] {
  const latest = new Map<number, Latest>();
  for (const record of sends) {
    if (record.sendAt > now) continue; // scheduled, not gone yet
    const { numbers } = record;
    for (let index = 0; index < numbers.length; index++) {
      const packed = numbers[index]!;
      const seen = latest.get(packed);
      if (seen === undefined) {
        latest.set(packed, { messages: 1, record, index });
        continue;
      }
      seen.messages++;
      if (record.sendAt > seen.record.sendAt || (record.sendAt === seen.record.sendAt && record.reportId >= seen.record.reportId)) {
        seen.record = record;
        seen.index = index;
      }
    }
  }
  const ordered = [...latest.entries()].sort(
    ([numberA, a], [numberB, b]) => b.record.sendAt - a.record.sendAt || b.record.reportId - a.record.reportId || numberA - numberB,
  );
  const limited = options.limit === undefined ? ordered : ordered.slice(0, options.limit);
  return limited.map(([packed, { messages, record, index }]) => {
    const state = numberState(record, index, now, model);
    return {
      number: unpackNumber(packed),
      messages,
      lastSentAt: new Date(record.sendAt).toISOString(),
      lastReportId: String(record.reportId),
      lastSender: record.sender,
      lastStatus: state.status,
      preview: previewOf(state.text),
    };
  });
}

// The text written back to a store for each SMS status (a WooCommerce order note, a Shopify timeline
// comment, a Medusa order's metadata): the shop owner sees what went out and what became of it, with the
// number masked as a person reads it.
import { maskPhone } from '@esemes/core';

/** The statuses worth telling the shop owner about. */
export type NoteStatus = 'sent' | 'delivered' | 'failed' | 'undelivered';
export const NOTE_STATUSES: ReadonlySet<string> = new Set<NoteStatus>(['sent', 'delivered', 'failed', 'undelivered']);

const NOTE_TEXT_MAX = 500;

function cut(text: string): string {
  return text.length <= NOTE_TEXT_MAX ? text : `${text.slice(0, NOTE_TEXT_MAX - 1)}…`;
}

/**
 * `SMS sent to 0532***8877: <text>`, `SMS delivered to 0532***8877.`, `SMS to 0532***8877 failed: <reason>` …
 * `recipient` is the 10-digit number and is always masked; text and reason are cut to 500 characters.
 * @example
 * statusNote('sent', { recipient: event.recipient, text: event.text })
 */
export function statusNote(status: NoteStatus, details: { recipient: string; text?: string; error?: string }): string {
  // A redacted customer's message has no number (and no text) left: the note names nobody.
  const to = maskPhone(details.recipient, { style: 'national' }) || 'the customer';
  const text = details.text === undefined || details.text === '' ? undefined : cut(details.text);
  const reason = details.error === undefined || details.error === '' ? undefined : cut(details.error);
  switch (status) {
    case 'sent':
      return text === undefined ? `SMS sent to ${to}.` : `SMS sent to ${to}: ${text}`;
    case 'delivered':
      return `SMS delivered to ${to}.`;
    case 'failed':
      return reason === undefined ? `SMS to ${to} failed.` : `SMS to ${to} failed: ${reason}`;
    case 'undelivered':
      return reason === undefined ? `SMS to ${to} was not delivered.` : `SMS to ${to} was not delivered: ${reason}`;
  }
}

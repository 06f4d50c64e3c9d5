import { describe, expect, it } from 'vitest';
import { newEvent, newMessage, T0 } from './contract/harness.js';
import { eventToRow, messageToRow } from './row-mapping.js';
import { encodeAccept } from './sqlite-accept-codec.js';
import { EVENT_VALUES, MESSAGE_INSERT_COLUMNS, MESSAGE_VALUE_COLUMNS } from './sqlite-accept-writer.js';

// The flat layout must say what row-mapping.ts says: a column added there and not here fails this test.
describe('acceptance codec', () => {
  it('Should carry exactly the rows row-mapping builds: event values in order, message values by column, the rest constant or NULL', () => {
    const event = newEvent();
    const message = newMessage({ cancelKey: 'order-1', optOutLink: true, blacklist: 'own', expiresAt: T0 + 5 });
    const data: unknown[] = [];
    expect(encodeAccept(data, event, [message], ['order-9'], T0)).toEqual([message.id]);

    const { message_ids: messageIds, ...eventRow } = eventToRow(event, [message.id], T0);
    expect(messageIds).toBe(JSON.stringify([message.id])); // built by the writer from the messages' ids
    expect(data.slice(0, EVENT_VALUES)).toEqual(Object.values(eventRow));
    expect(Object.keys(eventToRow(event, [], T0))).toEqual([
      'id',
      'store_id',
      'idempotency_key',
      'type',
      'payload',
      'received_at',
      'message_ids',
      'created_at',
    ]);
    expect(data.slice(EVENT_VALUES, EVENT_VALUES + 3)).toEqual([1, 1, 'order-9']);

    const values = data.slice(EVENT_VALUES + 3);
    const carried = Object.fromEntries(MESSAGE_VALUE_COLUMNS.map((column, i) => [column, values[i]]));
    const row = messageToRow(message, event.eventId, T0) as Record<string, unknown>;
    const set = { ...carried, event_id: event.eventId, status: 'queued', attempts: 0, next_attempt_at: T0, created_at: T0, updated_at: T0 };
    expect(Object.keys(set).sort()).toEqual([...MESSAGE_INSERT_COLUMNS].sort());
    for (const [column, value] of Object.entries(row)) expect([column, column in set ? set[column as keyof typeof set] : null]).toEqual([column, value]);
  });

  it('Should refuse a value SQLite cannot store and leave the batch as it was', () => {
    const data: unknown[] = ['earlier'];
    expect(() => encodeAccept(data, newEvent(), [newMessage({ parts: Number.NaN }), newMessage({ text: undefined as unknown as string })], [], T0)).toThrow(
      expect.objectContaining({ name: 'OutboxWriteError', code: 'event_refused', message: expect.stringMatching(/undefined/) }),
    );
    expect(data).toEqual(['earlier']);
  });
});

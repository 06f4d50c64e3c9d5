import { describe, expect, it } from 'vitest';
import { statusNote } from './status-notes.js';

describe('statusNote', () => {
  const recipient = '5321238877';
  it('writes each status with the number masked', () => {
    expect(statusNote('sent', { recipient, text: 'Siparişiniz alındı.' })).toBe('SMS sent to 0532***8877: Siparişiniz alındı.');
    expect(statusNote('delivered', { recipient })).toBe('SMS delivered to 0532***8877.');
    expect(statusNote('failed', { recipient, error: 'insufficient credit' })).toBe('SMS to 0532***8877 failed: insufficient credit');
    expect(statusNote('undelivered', { recipient, error: 'handset off' })).toBe('SMS to 0532***8877 was not delivered: handset off');
    for (const status of ['sent', 'delivered', 'failed', 'undelivered'] as const) {
      expect(statusNote(status, { recipient, text: 'x', error: 'y' })).not.toContain(recipient);
    }
  });
  it('cuts the text to 500 characters', () => {
    const note = statusNote('sent', { recipient, text: 'a'.repeat(2000) });
    expect(note.length).toBe('SMS sent to 0532***8877: '.length + 500);
    expect(note.endsWith('…')).toBe(true);
  });

  it('names nobody for a redacted customer (no number, no text left)', () => {
    expect(statusNote('sent', { recipient: 'redacted', text: '' })).toBe('SMS sent to the customer.');
    expect(statusNote('delivered', { recipient: 'redacted' })).toBe('SMS delivered to the customer.');
  });
});

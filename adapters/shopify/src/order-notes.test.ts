import { describe, expect, it } from 'vitest';
import { appendNoteLine, MAX_NOTE_LENGTH } from './order-notes.js';

describe('appendNoteLine', () => {
  it('Should append our line under what the merchant or buyer wrote, and never twice', () => {
    expect(appendNoteLine(null, 'SMS sent to 0532***8877: Siparişiniz alındı')).toBe('SMS sent to 0532***8877: Siparişiniz alındı');
    const note = appendNoteLine('Kapıya bırakın lütfen.\n', 'SMS delivered to 0532***8877');
    expect(note).toBe('Kapıya bırakın lütfen.\nSMS delivered to 0532***8877');
    expect(appendNoteLine(note, 'SMS delivered to 0532***8877')).toBeUndefined();
  });

  it('Should drop our oldest lines first when the note would grow past its limit, keeping the merchant’s text', () => {
    const merchant = 'Hediye paketi.';
    let note: string | undefined = merchant;
    for (let i = 0; i < 200; i += 1) note = appendNoteLine(note, `SMS sent to 0532***8877: ${'x'.repeat(40)} ${i}`) ?? note;
    expect(note!.length).toBeLessThanOrEqual(MAX_NOTE_LENGTH);
    expect(note!.startsWith(merchant)).toBe(true);
    expect(note!.endsWith(' 199')).toBe(true);
    expect(note).not.toContain(' 0\n');
  });
});

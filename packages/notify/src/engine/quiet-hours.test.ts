import { describe, expect, it } from 'vitest';
import { outsideQuietHours } from './quiet-hours.js';

const at = (iso: string) => Date.parse(iso);

describe('quiet hours (store time)', () => {
  it('leaves daytime alone', () => {
    expect(outsideQuietHours(at('2026-12-01T10:00:00Z'), 'Europe/Istanbul')).toBe(at('2026-12-01T10:00:00Z'));
  });
  it('moves late evening to 09:00 next morning, store time', () => {
    // 23:30 in Istanbul (UTC+3) → 09:00 next day = 06:00Z
    expect(outsideQuietHours(at('2026-12-01T20:30:15Z'), 'Europe/Istanbul')).toBe(at('2026-12-02T06:00:00Z'));
  });
  it('moves early morning to 09:00 the same day', () => {
    expect(outsideQuietHours(at('2026-12-02T03:00:00Z'), 'Europe/Istanbul')).toBe(at('2026-12-02T06:00:00Z'));
  });
  it("uses the store time zone, not the server's", () => {
    // 20:30Z is 21:30 in Berlin (UTC+1 in December): quiet there → 09:00 Berlin = 08:00Z
    expect(outsideQuietHours(at('2026-12-01T20:30:00Z'), 'Europe/Berlin')).toBe(at('2026-12-02T08:00:00Z'));
  });
  it('handles quiet hours within a day and the edges', () => {
    const lunch = { start: '12:00', end: '13:00' };
    expect(outsideQuietHours(at('2026-12-01T09:30:00Z'), 'Europe/Istanbul', lunch)).toBe(at('2026-12-01T10:00:00Z'));
    expect(outsideQuietHours(at('2026-12-01T10:00:00Z'), 'Europe/Istanbul', lunch)).toBe(at('2026-12-01T10:00:00Z'));
    expect(outsideQuietHours(at('2026-12-01T18:00:00Z'), 'Europe/Istanbul')).toBe(at('2026-12-02T06:00:00Z'));
    expect(outsideQuietHours(at('2026-12-01T17:59:59Z'), 'Europe/Istanbul')).toBe(at('2026-12-01T17:59:59Z'));
  });
});

import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { formatIstanbul, parseIstanbul, toInstant } from './istanbul-time.js';

describe('Europe/Istanbul wall-clock time', () => {
  it('formats instants as UTC+3', () => {
    expect(formatIstanbul(new Date('2026-12-01T07:30:00Z'))).toBe('2026-12-01 10:30:00');
    expect(formatIstanbul(new Date('2026-12-31T22:00:00Z'))).toBe('2027-01-01 01:00:00');
    expect(formatIstanbul(new Date('2026-06-15T21:59:59.999Z'))).toBe('2026-06-16 00:59:59');
  });

  it('reads provider times as Istanbul, with the old DST rules before 2016', () => {
    expect(parseIstanbul('2026-12-01 10:30:00')?.toISOString()).toBe('2026-12-01T07:30:00.000Z');
    expect(parseIstanbul('2016-01-01 00:00:04')?.toISOString()).toBe('2015-12-31T22:00:04.000Z');
    expect(parseIstanbul('2015-07-01 12:00:00')?.toISOString()).toBe('2015-07-01T09:00:00.000Z');
    expect(formatIstanbul(new Date('2015-12-31T22:00:04Z'))).toBe('2016-01-01 00:00:04');
  });

  it('rejects what is not a real time', () => {
    expect(parseIstanbul('')).toBeNull();
    expect(parseIstanbul('2018-01-04 24:59:59')).toBeNull();
    expect(parseIstanbul('2026-02-30 10:00:00')).toBeNull();
    expect(parseIstanbul('2026-12-01T10:00:00')).toBeNull();
  });

  it('accepts a Date, an ISO instant with a zone, or Istanbul wall-clock text', () => {
    expect(toInstant(new Date('2026-12-01T07:30:00Z'), 'sendAt').toISOString()).toBe('2026-12-01T07:30:00.000Z');
    expect(toInstant('2026-12-01T10:30:00+03:00', 'sendAt').toISOString()).toBe('2026-12-01T07:30:00.000Z');
    expect(toInstant('2026-12-01T07:30:00Z', 'sendAt').toISOString()).toBe('2026-12-01T07:30:00.000Z');
    expect(toInstant('2026-12-01 10:30:00', 'sendAt').toISOString()).toBe('2026-12-01T07:30:00.000Z');
  });

  it('refuses ambiguous or broken times with an error naming the field', () => {
    for (const bad of ['2026-12-01T10:30:00', 'tomorrow', '2026-13-01 10:00:00', '']) {
      expect(() => toInstant(bad, 'sendAt')).toThrow(ValidationError);
      expect(() => toInstant(bad, 'sendAt')).toThrow(/^sendAt: /);
    }
    expect(() => toInstant(new Date(NaN), 'sendAt')).toThrow(/invalid Date/);
  });
});

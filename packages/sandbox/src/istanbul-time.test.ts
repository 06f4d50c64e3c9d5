import { describe, expect, it } from 'vitest';
import { formatIstanbul, parseIstanbul } from './istanbul-time.js';

describe('Istanbul time', () => {
  it('Should write epoch ms as Istanbul local time (UTC+3)', () => {
    expect(formatIstanbul(Date.UTC(2015, 11, 31, 21, 0, 4))).toBe('2016-01-01 00:00:04');
    expect(formatIstanbul(Date.UTC(2024, 6, 1, 12, 30, 0, 999))).toBe('2024-07-01 15:30:00');
  });

  it('Should read exact YYYY-MM-DD HH:MM:SS as Istanbul time, summer and winter alike', () => {
    expect(parseIstanbul('2016-01-01 00:00:04')).toBe(Date.UTC(2015, 11, 31, 21, 0, 4));
    expect(parseIstanbul('2024-07-01 15:30:00')).toBe(Date.UTC(2024, 6, 1, 12, 30, 0));
    expect(parseIstanbul('2024-02-29 23:59:59')).toBe(Date.UTC(2024, 1, 29, 20, 59, 59));
  });

  it.each([
    '',
    'YYYY-MM-DD HH:MM:SS',
    '2018-01-04 24:59:59',
    '2023-02-29 10:00:00',
    '2024-13-01 10:00:00',
    '2024-04-31 10:00:00',
    '2024-01-01 10:60:00',
    '2024-01-01 10:00:60',
    '2024-01-01T10:00:00',
    ' 2024-01-01 10:00:00',
    '2024-01-01 10:00:00.000',
    '2024-01-01',
  ])("Should refuse '%s'", (text) => {
    expect(parseIstanbul(text)).toBeUndefined();
  });
});

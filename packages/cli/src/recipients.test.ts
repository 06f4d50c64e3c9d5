import { describe, expect, it } from 'vitest';
import { widenDate } from './commands/reports.js';
import { checkRecipients, maskedInput, numbersFromFile, splitNumbers } from './recipients.js';
import { tempFile } from './test-cli.js';

const at = (input: string): { input: string; source: string } => ({ input, source: '--to' });

describe('recipients', () => {
  it('Should split on commas and semicolons, keeping spaces inside a number', () => {
    expect(splitNumbers(' 0532 999 88 77, +90 530 111 22 33;;5421112233 ,')).toEqual(['0532 999 88 77', '+90 530 111 22 33', '5421112233']);
  });

  it('Should normalize, count a number written twice once, and mask rejected inputs', async () => {
    const check = await checkRecipients(['0532 999 88 77', '+905329998877', '05301112233', '0212 555 11 22', 'abc'].map(at));
    expect(check.numbers).toEqual(['5329998877', '5301112233']);
    expect(check.rejected.map((r) => [r.input, r.reason])).toEqual([
      ['*******1122', 'landline'],
      ['(no digits)', 'invalid'],
    ]);
    expect(JSON.stringify(check.rejected)).not.toContain('2125551122');
  });

  it('Should read a --to-file with comments, blank lines, commas and CRLF, naming file:line', async () => {
    const file = tempFile('to.txt', '# list\r\n05329998877 # Ayşe\r\n\r\n05301112233,05421112233\r\n#05551112233\r\n');
    const entries = [];
    for await (const entry of numbersFromFile(file)) entries.push(entry);
    expect(entries).toEqual([
      { input: '05329998877', source: `${file}:2` },
      { input: '05301112233', source: `${file}:4` },
      { input: '05421112233', source: `${file}:4` },
    ]);
  });

  it('Should mask to the last 4 digits', () => {
    expect(maskedInput('0532 999 88 77')).toBe('*******8877');
  });
});

describe('widenDate', () => {
  it('Should turn a bare date into the first or last second of the day, and leave times alone', () => {
    expect(widenDate('2026-11-01', false)).toBe('2026-11-01 00:00:00');
    expect(widenDate('2026-11-30', true)).toBe('2026-11-30 23:59:59');
    expect(widenDate('2026-11-30 12:00:00', true)).toBe('2026-11-30 12:00:00');
    expect(widenDate(undefined, true)).toBeUndefined();
  });
});

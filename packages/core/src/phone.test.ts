import { describe, expect, it } from 'vitest';
import { maskPhone, normalizeTurkishMobile } from './phone.js';

describe('normalizeTurkishMobile', () => {
  it.each([
    '+90 532 999 88 77',
    '+905329998877',
    '0090 532 999 88 77',
    '00905329998877',
    '905329998877',
    '90 532 999 8877',
    '0532 999 88 77',
    '05329998877',
    '5329998877',
    '532-999-88-77',
    '(0532) 999-88-77',
    '+90 (532) 999 88 77',
    ' 0532.999.88.77 ',
  ])('%j → 5329998877', (input) => {
    expect(normalizeTurkishMobile(input)).toEqual({ ok: true, number: '5329998877' });
  });

  it.each([
    ['0212 555 11 22', 'landline'],
    ['+90 312 444 55 66', 'landline'],
    ['0850 222 33 44', 'not_mobile'],
    ['0800 211 00 11', 'not_mobile'],
    ['+49 151 12345678', 'foreign'],
    ['+1 415 555 2671', 'foreign'],
    ['532999887', 'invalid'],
    ['53299988771', 'invalid'],
    ['hello', 'invalid'],
    ['', 'empty'],
    ['   ', 'empty'],
  ])('%j is rejected as %s, never cut to 10 digits', (input, reason) => {
    const result = normalizeTurkishMobile(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.message.length).toBeGreaterThan(10);
    }
  });

  it('does not print the whole number in its reason', () => {
    const result = normalizeTurkishMobile('0212 555 11 22');
    expect(result.ok || result.message.includes('2125551122')).toBe(false);
  });

  it('masks all but the last 4 digits', () => {
    expect(maskPhone('5329998877')).toBe('******8877');
    expect(maskPhone('+90 532 999 88 77')).toBe('********8877');
    expect(maskPhone('12')).toBe('**');
  });

  it('Should keep the operator code of a 10-digit mobile in the national style, and only that', () => {
    expect(maskPhone('5321238877', { style: 'national' })).toBe('0532***8877');
    expect(maskPhone('905321238877', { style: 'national' })).toBe('********8877');
    expect(maskPhone('12345', { style: 'national' })).toBe('*2345');
    expect(maskPhone('123', { style: 'national' })).toBe('***');
    expect(maskPhone('2125551122', { style: 'national' })).toBe('******1122');
  });
});

describe('messages for inputs without digits', () => {
  it('quote the input instead of an empty mask', () => {
    const result = normalizeTurkishMobile('hello');
    expect(!result.ok && result.message).toBe('"hello" is not a valid phone number');
  });
});

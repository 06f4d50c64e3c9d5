import fc from 'fast-check';
import { Metadata, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import {
  fastTurkishMobile,
  normalizeTurkishMobile,
  normalizeWithLibphonenumber,
  standaloneMetadata,
  turkishMobilePattern,
  type MetadataReader,
} from './phone.js';

/** What libphonenumber alone says of 10 national digits: are they a TR number of type MOBILE, kept as given? */
function libraryCallsMobile(digits: string): boolean {
  const parsed = parsePhoneNumberFromString(digits, 'TR');
  return parsed?.country === 'TR' && parsed.getType() === 'MOBILE' && parsed.nationalNumber === digits;
}

/** A small deterministic generator, so the exhaustive sweep is the same on every run. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

describe('the fast path reads its patterns without loading libphonenumber', () => {
  it("with the library's own Metadata class over its max metadata: the very pattern the loaded library gives", () => {
    const standalone = standaloneMetadata();
    // Undefined would mean a release moved build/metadata.js: still correct, but every process would load the whole library.
    expect(standalone).toBeDefined();
    const alone = turkishMobilePattern(() => standalone!);
    const loaded = turkishMobilePattern(() => new Metadata() as unknown as MetadataReader);
    expect(alone?.source).toBeTruthy();
    expect(alone?.source).toBe(loaded?.source);
  });

  it('has no fast path, rather than a wrong one, when the metadata cannot be read', () => {
    expect(
      turkishMobilePattern(() => {
        throw new Error('moved');
      }),
    ).toBeUndefined();
  });
});

describe('the fast path agrees with libphonenumber', () => {
  it('on every 6-digit 5xxxxx prefix (the TR metadata decides MOBILE within the first 6 digits)', () => {
    const next = lcg(13);
    const disagreements: string[] = [];
    for (let prefix = 500_000; prefix < 600_000; prefix += 1) {
      const digits = `${prefix}${String(next() % 10_000).padStart(4, '0')}`;
      const fast = fastTurkishMobile(digits);
      if ((fast !== undefined) !== libraryCallsMobile(digits) || (fast !== undefined && fast !== digits)) disagreements.push(digits);
    }
    expect(disagreements).toEqual([]);
  });

  it('accepts exactly the 3-digit operator prefixes the metadata types as MOBILE throughout', () => {
    const whole: string[] = [];
    const partial: string[] = [];
    for (let prefix = 500; prefix < 600; prefix += 1) {
      let accepted = 0;
      for (let rest = 0; rest < 1000; rest += 1) if (fastTurkishMobile(`${prefix}${String(rest).padStart(3, '0')}0000`) !== undefined) accepted += 1;
      if (accepted === 1000) whole.push(String(prefix));
      else if (accepted > 0) partial.push(String(prefix));
    }
    // Not every 5xx is a mobile: 512 is a pager, 592 partly personal numbers, 561 and 582 only in part.
    expect(whole).toContain('532');
    expect(whole).toContain('505');
    expect(whole).not.toContain('512');
    expect(whole).not.toContain('592');
    expect(partial.sort()).toEqual(['561', '582']);
    for (const prefix of [...whole, ...partial])
      expect(libraryCallsMobile(`${prefix}${prefix === '561' ? '011' : prefix === '582' ? '200' : '123'}4567`)).toBe(true);
  });

  const digit = fc.integer({ min: 0, max: 9 }).map(String);
  const mobileDigits = fc.array(digit, { minLength: 9, maxLength: 9 }).map((rest) => `5${rest.join('')}`);
  const anyDigits = fc.array(digit, { minLength: 8, maxLength: 13 }).map((d) => d.join(''));
  const prefix = fc.constantFrom('', '0', '90', '+90', '0090', '+900', '00', '9', '+9', '+', '900', '+0', '0 0 9 0', '+ 90', '(+90)', '(0)', '0-');
  const separator = fc.constantFrom('', '', '', ' ', '-', '.', '(', ')', '\u00a0', '\t', '/', '_', '\u3000', '--', ' - ');
  const junk = fc.constantFrom('', '', '', ' ', 'x', 'tel:', '#', '\u200b', '١', '０', 'a', ',', ';', '\n');
  /** A string of digits laid out with separators, behind a prefix and between bits of junk. */
  const written = fc
    .tuple(junk, prefix, fc.oneof(mobileDigits, anyDigits), fc.array(separator, { minLength: 14, maxLength: 14 }), junk)
    .map(([lead, pre, digits, seps, trail]) => `${lead}${pre}${[...digits].map((d, i) => `${d}${seps[i] ?? ''}`).join('')}${trail}`);

  it('property: whatever the fast path accepts, libphonenumber accepts as the same number', () => {
    fc.assert(
      fc.property(fc.oneof(written, fc.string(), fc.string({ unit: 'grapheme' })), (input) => {
        const fast = fastTurkishMobile(input);
        if (fast !== undefined) expect(normalizeWithLibphonenumber(input)).toEqual({ ok: true, number: fast });
      }),
      { numRuns: 20_000 },
    );
  });

  it('property: normalizeTurkishMobile answers exactly as the libphonenumber path on every input', () => {
    fc.assert(
      fc.property(fc.oneof(written, fc.string()), (input) => {
        expect(normalizeTurkishMobile(input)).toEqual(normalizeWithLibphonenumber(input));
      }),
      { numRuns: 20_000 },
    );
  });

  it('property: every spelled-out form of a mobile the library accepts takes the fast path', () => {
    const plain = fc.constantFrom('', '0', '90', '+90', '0090');
    const plainSeparator = fc.constantFrom('', ' ', '-', '.', '(', ')');
    fc.assert(
      fc.property(plain, mobileDigits, fc.array(plainSeparator, { minLength: 10, maxLength: 10 }), (pre, digits, seps) => {
        const input = `${pre}${[...digits].map((d, i) => `${d}${seps[i]}`).join('')}`;
        const expected = normalizeWithLibphonenumber(input);
        expect(fastTurkishMobile(input)).toBe(expected.ok ? digits : undefined);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('hostile and unusual forms', () => {
  // [input, taken by the fast path, the answer (number or rejection reason)]
  const table: Array<[string, boolean, string]> = [
    ['5329998877', true, '5329998877'],
    ['05329998877', true, '5329998877'],
    ['905329998877', true, '5329998877'],
    ['+905329998877', true, '5329998877'],
    ['00905329998877', true, '5329998877'],
    ['+90 (532) 999-88-77', true, '5329998877'],
    ['0 (532) 999.88.77', true, '5329998877'],
    ['\t0532 999 88 77\n', true, '5329998877'],
    ['0532\u00a0999\u00a088\u00a077', true, '5329998877'],
    ['5059998877', true, '5059998877'],
    ['5619998877', false, 'invalid'],
    ['5610119998', true, '5610119998'],
    ['5822999887', true, '5822999887'],
    ['5821999887', false, 'invalid'],
    ['5129998877', false, 'not_mobile'],
    ['0512 999 88 77', false, 'not_mobile'],
    ['5922119998', false, 'not_mobile'],
    // Full-width and Arabic-Indic digits: libphonenumber reads them; the fast path leaves them to it.
    ['５３２９９９８８７７', false, '5329998877'],
    ['٥٣٢٩٩٩٨٨٧٧', false, '5329998877'],
    ['۰۵۳۲۹۹۹۸۸۷۷', false, '5329998877'],
    // Leading and trailing junk: never the fast path; whatever libphonenumber makes of it, as before.
    ['5329998877abc', false, '5329998877'],
    ['tel:+905329998877', false, '5329998877'],
    ['x5329998877', false, '5329998877'],
    ['5329998877#', false, 'invalid'],
    ['532999887', false, 'invalid'],
    ['53299988771', false, 'invalid'],
    ['053299988771', false, 'invalid'],
    ['+9053299988771', false, 'invalid'],
    ['+900 532 999 88 77', false, '5329998877'],
    ['+9005329998877', false, '5329998877'],
    ['0090 532 999 88 77', true, '5329998877'],
    ['00 90 532 999 88 77', true, '5329998877'],
    ['0212 555 11 22', false, 'landline'],
    ['+90 212 555 11 22', false, 'landline'],
    ['2125551122', false, 'landline'],
    ['0850 222 33 44', false, 'not_mobile'],
    ['08502223344', false, 'not_mobile'],
    ['0800 211 00 11', false, 'not_mobile'],
    ['+49 151 12345678', false, 'foreign'],
    ['+1 532 999 8877', false, 'foreign'],
    ['0532 999 88 77 / 0533 111 22 33', false, 'invalid'],
    ['\u200b5329998877', false, '5329998877'],
    ['', false, 'empty'],
    [' ', false, 'empty'],
  ];

  it.each(table)('%j (fast path: %s) → %s, the same as the libphonenumber path', (input, fast, answer) => {
    const before = normalizeWithLibphonenumber(input);
    expect(fastTurkishMobile(input) !== undefined).toBe(fast);
    expect(normalizeTurkishMobile(input)).toEqual(before);
    expect(before.ok ? before.number : before.reason).toBe(answer);
  });

  it('keeps the caller string when it is already canonical', () => {
    const input = ['53', '29998877'].join('');
    const result = normalizeTurkishMobile(input);
    expect(result.ok && result.number).toBe(input);
  });

  it('hands non-strings to the libphonenumber path, which refuses them', () => {
    expect(normalizeTurkishMobile(5329998877 as unknown as string)).toEqual(normalizeWithLibphonenumber(5329998877 as unknown as string));
    expect(normalizeTurkishMobile(undefined as unknown as string).ok).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEsemesClient } from './client.js';
import { MobileNumberSet } from './number-set.js';
import { buildSendXml, escapeXmlText, SendXmlEncoder, type SendFlags } from './xml-request.js';

/** escapeXmlText as it was before its one-pass shortcut: the reference the shortcut must equal. */
function escapeBefore(value: string): string {
  const text = value.isWellFormed() ? value : value.toWellFormed();
  return /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text)
    ? text.replace(
        /\r\n?|[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g,
        (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? (c[0] === '\r' ? '\n' : ''),
      )
    : text;
}

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.constantFrom('a', 'ş', 'İ', '&', '<', '>', '\r', '\n', '\r\n', '\u0000', '\u001f', '\ud800', '\udc00', '😀', '\ufffe', '\uffff', ']]>'),
  }),
);

describe('escapeXmlText shortcut', () => {
  it('property: answers exactly as before on any string', () => {
    fc.assert(
      fc.property(nasty, (value) => {
        expect(escapeXmlText(value)).toBe(escapeBefore(value));
      }),
      { numRuns: 20_000 },
    );
  });

  it('returns the caller string itself when there is nothing to escape', () => {
    const text = 'Sayın Ayşe Yılmaz, siparişiniz yola çıktı.';
    expect(escapeXmlText(text)).toBe(text);
  });
});

describe('SendXmlEncoder', () => {
  const flagsArb: fc.Arbitrary<SendFlags> = fc.record({
    tarih: fc.constantFrom('', '2030-01-01 10:00:00'),
    blacklist: fc.constantFrom(undefined, 'own' as const, 'general' as const),
    optOutLink: fc.boolean(),
    optOutPhone: fc.boolean(),
  });
  const numberArb = fc.oneof(fc.stringMatching(/^5\d{9}$/), fc.string({ maxLength: 12 }), fc.constantFrom('', '5329998877', 'a&b', '٥٣٢', '😀'));

  it('property: its bytes are Buffer.from(buildSendXml(…)), whatever the title, text, options and numbers', () => {
    fc.assert(
      fc.property(nasty, nasty, nasty, nasty, flagsArb, fc.array(numberArb, { maxLength: 30 }), (user, password, sender, text, flags, numbers) => {
        const credentials = { user, password };
        const encoder = new SendXmlEncoder(credentials, { sender, text }, flags);
        const expected = Buffer.from(buildSendXml(credentials, { sender, text, numbers }, flags), 'utf8');
        expect(Buffer.from(encoder.body(numbers)).equals(expected)).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('encodes 100,000 numbers exactly', () => {
    const numbers = Array.from({ length: 100_000 }, (_, i) => `53${String(i).padStart(8, '0')}`);
    const credentials = { user: 'Kullanıcı', password: 'Şifre&<' };
    const flags: SendFlags = { tarih: '', blacklist: 'own', optOutLink: true };
    const encoder = new SendXmlEncoder(credentials, { sender: 'DEMO', text: 'Kampanya: tüm ürünlerde %20 indirim 😀' }, flags);
    const bytes = encoder.body(numbers);
    expect(
      Buffer.from(bytes).equals(Buffer.from(buildSendXml(credentials, { sender: 'DEMO', text: 'Kampanya: tüm ürünlerde %20 indirim 😀', numbers }, flags))),
    ).toBe(true);
    // The same encoder serves every packet of a send.
    expect(Buffer.from(encoder.body(numbers.slice(0, 2))).toString('utf8')).toContain('<alicilar>5300000000,5300000001</alicilar>');
  });
});

describe('MobileNumberSet', () => {
  it('property: adds exactly what a Set<string> adds, in any order, growing as needed', () => {
    const number = fc.oneof(
      fc.integer({ min: 0, max: 999_999_999 }).map((n) => `5${String(n).padStart(9, '0')}`),
      fc.constantFrom('5000000000', '5999999999', 'x', '', '05329998877'),
    );
    fc.assert(
      fc.property(fc.array(number, { maxLength: 3_000 }), fc.nat({ max: 5_000 }), (numbers, expected) => {
        const set = new MobileNumberSet(expected);
        const reference = new Set<string>();
        for (const n of numbers) {
          const fresh = !reference.has(n);
          reference.add(n);
          expect(set.add(n)).toBe(fresh);
        }
        expect(set.size).toBe(reference.size);
      }),
      { numRuns: 300 },
    );
  });

  it('tells apart numbers that share their last 9 digits but not their form', () => {
    const set = new MobileNumberSet();
    expect(set.add('5000000001')).toBe(true);
    expect(set.add('5000000001')).toBe(false);
    expect(set.add('6000000001')).toBe(true);
    expect(set.add('500000001')).toBe(true);
    expect(set.size).toBe(3);
  });
});

describe('send() packets', () => {
  async function record(to: string | Iterable<string>, packetSize: number) {
    const bodies: string[] = [];
    const fake: typeof fetch = async (_url, init) => {
      bodies.push(Buffer.from(init?.body as Uint8Array).toString('utf8'));
      return new Response(`OK|${bodies.length}`);
    };
    const client = createEsemesClient({ user: 'u', password: 'p', baseUrl: 'http://127.0.0.1:9/', fetch: fake, packetSize, concurrency: 2 });
    const result = await client.send({ sender: 'DEMO', text: 'Merhaba & hoş geldiniz', to });
    return { result, bodies };
  }

  it.each([
    ['an array', (list: string[]) => list],
    [
      'a generator',
      (list: string[]) =>
        (function* () {
          yield* list;
        })(),
    ],
    ['a comma-separated string', (list: string[]) => list.join(',')],
  ])('dedupes across written forms in first-seen order and sends the same XML as before, from %s', async (_name, shape) => {
    const inputs = ['0532 999 88 77', '5309998877', '+90 532 999 88 77', '0212 555 11 22', '5419998877', '5309998877', '٥٥٥٩٩٩٨٨٧٧', '5059998877'];
    const { result, bodies } = await record(shape(inputs), 2);
    expect(result.accepted).toEqual(['5329998877', '5309998877', '5419998877', '5559998877', '5059998877']);
    expect(result.packets.map((p) => p.numbers)).toEqual([['5329998877', '5309998877'], ['5419998877', '5559998877'], ['5059998877']]);
    expect(result.rejected.map((r) => [r.index, r.reason])).toEqual([[3, 'landline']]);
    const credentials = { user: 'u', password: 'p' };
    expect(bodies.sort()).toEqual(
      result.packets.map((p) => buildSendXml(credentials, { sender: 'DEMO', text: 'Merhaba & hoş geldiniz', numbers: p.numbers }, { tarih: '' })).sort(),
    );
  });
});

// The fast path of the request parser must answer exactly as the fast-xml-parser path on whatever it accepts,
// and leave everything else to it: random requests (Turkish and other Unicode text, entities, references,
// whitespace variants, random corruptions) compared side by side, then a table of examples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiPath } from './api-paths.js';
import { SANDBOX_ERRORS } from './errors.js';
import { post, sandbox } from './test-helpers.js';
import { parseKnownShape } from './xml-request-fast.js';
import { parseApiRequest, parseWithFastXmlParser } from './xml-request.js';

const SEND_PATHS: ApiPath[] = [
  'xml_api.php',
  'xml_api_ileri.php',
  'tr/xml_api_ileri.php',
  'xml_ozel_api.php',
  'xml_ozel_api_ileri.php',
  'tr/xml_ozel_api_ileri.php',
];
const PERSONAL_PATHS = SEND_PATHS.filter((path) => path.includes('ozel'));

// Characters of the values: Turkish letters, ASCII, markup, whitespace of every kind, and the odd ones
// (controls, NUL, BOM, U+FFFE, a lone surrogate, an astral emoji, line and paragraph separators).
const PLAIN_CHARS = [...'aZ09 .,:-/|çğıİöşüÇĞÖŞÜâ€', ...'<>&"\';#x', ' ', '\t', '\n', '\r', '\r\n', '\u00a0', '\u2028', '\ufeff', '\ufffe', '😀'];
const CHARS = [...PLAIN_CHARS, '\u0000', '\u0001', '\u001f', '\ud800'];
const NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** One character written in one of the ways XML allows (and a few it does not). */
const written = (odd: boolean) =>
  fc.tuple(fc.constantFrom(...(odd ? CHARS : PLAIN_CHARS)), fc.nat(9)).map(([c, how]) => {
    const cp = c.codePointAt(0) as number;
    switch (how) {
      case 0:
        return `&#${cp};`;
      case 1:
        return `&#x${cp.toString(16)};`;
      case 2:
        return `&#x${cp.toString(16).toUpperCase()};`;
      case 3:
        return `&#00${cp};`;
      case 4:
        return NAMED[c] ?? c;
      default:
        // As is, but `&` and `<` escaped (unescaped ones are left to the corruptions).
        return c === '&' ? '&amp;' : c === '<' ? '&lt;' : c;
    }
  });

/** References fast-xml-parser reads its own way: HTML names, unknown names, odd or refused numbers. */
const oddReference = fc.constantFrom(
  '&nbsp;',
  '&copy;',
  '&euro;',
  '&AMP;',
  '&foo;',
  '&#;',
  '&#x;',
  '&#X41;',
  '&#0;',
  '&#1;',
  '&#x1F;',
  '&#55296;',
  '&#xDFFF;',
  '&#1114112;',
  '&#x110000;',
  '&#00000000065;',
  '&#65',
  '& ',
  '&amp',
  '&#-1;',
  '&#+65;',
);

const DECLARATIONS = [
  '',
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<?xml version="1.0" encoding="UTF-8"?>\n',
  "<?xml version='1.0' encoding='iso-8859-9'?>\r\n",
];
const ODD_DECLARATIONS = [
  '<?xml version="1.0"?>',
  '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>',
  '<?xml version="1.1"?>',
  '<?xml  version="1.0"?>',
  ' <?xml version="1.0"?>',
  '<?xml encoding="UTF-8" version="1.0"?>',
  '\ufeff',
];
const FLAGS = ['true', 'TRUE', ' true ', 'false', '', 'True\n', 'yes'];

/**
 * Random send requests, personalized or one-text. `odd`: with what the fast path leaves to fast-xml-parser
 * (odd references, characters and declarations, no-break spaces between elements, unknown or missing
 * elements), else without.
 */
function requests(odd: boolean, personalSend: boolean): fc.Arbitrary<string> {
  // Odd things are rare even in an odd request, so that one alone often decides which path it takes.
  const rarely = <T>(usual: fc.Arbitrary<T>, oddOne: fc.Arbitrary<T>): fc.Arbitrary<T> =>
    odd ? fc.oneof({ weight: 25, arbitrary: usual }, { weight: 1, arbitrary: oddOne }) : usual;
  const value = fc.array(rarely(written(odd), oddReference), { maxLength: 12 }).map((parts) => parts.join(''));
  const space = fc
    .array(rarely(fc.constantFrom('', ' ', '  ', '\t', '\n', '\r\n', '\r'), fc.constantFrom('\u00a0', '\u3000', '\u2028', '\f')), { maxLength: 3 })
    .map((parts) => parts.join(''));
  const spaces = (count: number) => fc.array(space, { minLength: count, maxLength: count });
  /** A leaf element: `<name>value</name>`, or `<name/>` now and then when empty. */
  const leaf = (name: string, text = value) =>
    fc
      .tuple(text, fc.boolean(), space, space)
      .map(([t, short, before, after]) => (t === '' && short ? `<${name}/>` : `<${name}>${before}${t}${after}</${name}>`));
  /** Absent now and then when optional, and rarely (when odd) when required. */
  const sometimes = (arbitrary: fc.Arbitrary<string>, optional = false) =>
    optional ? fc.oneof({ weight: 4, arbitrary }, { weight: 1, arbitrary: fc.constant('') }) : rarely(arbitrary, fc.constant(''));
  /** Elements in a random order, with whitespace around each. */
  const elements = (parts: fc.Arbitrary<string>[]) =>
    fc
      .tuple(fc.shuffledSubarray([...parts.keys()], { minLength: parts.length }), fc.tuple(...parts), spaces(parts.length + 1))
      .map(([order, texts, around]) => order.map((i, k) => `${around[k]}${texts[i]}`).join('') + around[order.length]);
  const unknown = rarely(
    fc.constant(''),
    fc.constantFrom('<foo>x</foo>', '<mesaj2>1</mesaj2>', '<RAPOR></RAPOR>', '<tarih>2030-01-01 10:00:00</tarih>', '<alici>1</alici>'),
  );
  const flag = (name: string) => fc.oneof(leaf(name), leaf(name, fc.constantFrom(...FLAGS)));

  const session = fc
    .tuple(sometimes(leaf('kullanici')), sometimes(leaf('sifre')), space, fc.boolean())
    .map(([user, password, between, swap]) => `<oturum>${swap ? password : user}${between}${swap ? user : password}</oturum>`);
  const trailer = [sometimes(leaf('karaliste'), true), sometimes(flag('izin_link'), true), sometimes(flag('izin_telefon'), true)];
  const personalMessage = fc
    .tuple(fc.array(leaf('alici'), { minLength: odd ? 0 : 1, maxLength: 3 }), sometimes(leaf('metin')), fc.nat(3), unknown)
    .chain(([numbers, text, at, extra]) => {
      const parts = [...numbers];
      parts.splice(Math.min(at, parts.length), 0, text);
      return fc.tuple(spaces(parts.length + 1), fc.constant(parts), fc.constant(extra));
    })
    .map(([around, parts, extra]) => `<mesaj>${parts.map((p, i) => around[i] + p).join('')}${extra}${around[parts.length]}</mesaj>`);
  const personal = fc
    .tuple(
      elements([
        sometimes(session),
        sometimes(leaf('baslik')),
        fc.array(personalMessage, { minLength: odd ? 0 : 1, maxLength: 4 }).map((m) => m.join('')),
        sometimes(leaf('tarih'), true),
        ...trailer,
      ]),
      unknown,
    )
    .map(([children, extra]) => children + extra);
  const bulkMessage = elements([sometimes(leaf('baslik')), sometimes(leaf('metin')), sometimes(leaf('alicilar')), sometimes(leaf('tarih'), true)]).map(
    (children) => `<mesaj>${children}</mesaj>`,
  );
  const bulk = fc.tuple(elements([sometimes(session), bulkMessage, ...trailer]), unknown).map(([children, extra]) => children + extra);
  return fc
    .tuple(rarely(fc.constantFrom(...DECLARATIONS), fc.constantFrom(...ODD_DECLARATIONS)), space, personalSend ? personal : bulk, space)
    .map(([declaration, before, body, after]) => `${declaration}${before}<SMS>${body}</SMS>${after}`);
}

const SNIPPETS = [
  '<',
  '>',
  '&',
  '/',
  '"',
  ' ',
  '\r',
  '\u00a0',
  '<!-- c -->',
  '<![CDATA[x]]>',
  '<?pi x?>',
  '<!DOCTYPE SMS>',
  ' a="1"',
  '<x>',
  '</x>',
  '<mesaj>',
  '</mesaj>',
  '<alici/>',
  '</SMS><SMS>',
  'x',
];
/** [kind, where (0–1), length, snippet]: an inserted snippet, a deleted or repeated span, a replaced character. */
type Edit = [number, number, number, string];
/** A few random edits. */
const corruption: fc.Arbitrary<Edit[]> = fc.array(fc.tuple(fc.nat(3), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(12), fc.constantFrom(...SNIPPETS)), {
  maxLength: 2,
});
function corrupt(xml: string, edits: Edit[]): string {
  let out = xml;
  for (const [kind, where, length, snippet] of edits) {
    const at = Math.floor(where * out.length);
    if (kind === 0) out = out.slice(0, at) + snippet + out.slice(at);
    else if (kind === 1) out = out.slice(0, at) + out.slice(at + length + 1);
    else if (kind === 2) out = out.slice(0, at) + out.slice(at, at + length + 1) + out.slice(at);
    else out = out.slice(0, at) + snippet + out.slice(at + 1);
  }
  return out;
}

describe('the fast path answers as fast-xml-parser does', () => {
  it('property: on every request it accepts, the same request; on all others, parseApiRequest still answers as fast-xml-parser', () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc
          .tuple(fc.constantFrom(...SEND_PATHS), fc.boolean(), fc.nat(9))
          // Now and then the other kind of send for the path.
          .chain(([path, odd, other]) => fc.tuple(fc.constant(path), requests(odd, PERSONAL_PATHS.includes(path) !== (other === 0)))),
        fc.oneof({ weight: 3, arbitrary: fc.constant<Edit[]>([]) }, { weight: 2, arbitrary: corruption }),
        ([path, xml], edits) => {
          const input = corrupt(xml, edits);
          const slow = parseWithFastXmlParser(path, input);
          const fast = parseKnownShape(path, input);
          runs += 1;
          if (fast !== undefined) {
            accepted += 1;
            expect(fast).toStrictEqual(slow);
          }
          expect(parseApiRequest(path, input)).toStrictEqual(slow);
        },
      ),
      { numRuns: 4000 },
    );
    // Not a tautology: a good share of the requests did take the fast path.
    expect(accepted / runs).toBeGreaterThan(0.15);
  });

  it('property: a plain request (as the core writes it) with any text always takes the fast path', () => {
    const text = fc.string({ unit: fc.constantFrom(...CHARS.filter((c) => !c.includes('\r'))), maxLength: 40 });
    fc.assert(
      fc.property(
        fc.constantFrom(...PERSONAL_PATHS),
        fc.array(fc.tuple(fc.stringMatching(/^5\d{9}$/), text), { minLength: 1, maxLength: 5 }),
        text,
        (path, messages, user) => {
          const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
          const body = messages.map(([number, t]) => `<mesaj><metin>${escape(t)}</metin><alici>${number}</alici></mesaj>`).join('');
          const xml = `<SMS><oturum><kullanici>${escape(user)}</kullanici><sifre>p</sifre></oturum><baslik>DEMO</baslik>${body}</SMS>`;
          const fast = parseKnownShape(path, xml);
          expect(fast).toBeDefined();
          expect(fast).toStrictEqual(parseWithFastXmlParser(path, xml));
        },
      ),
      { numRuns: 500 },
    );
  });
});

const SESSION = '<oturum><kullanici>u</kullanici><sifre>p</sifre></oturum>';
const personal = (messages: { text: string; number: string }[], extra: Partial<Record<string, unknown>> = {}) => ({
  kind: 'personal',
  credentials: { user: 'u', password: 'p' },
  sender: 'DEMO',
  messages,
  messageCount: messages.length,
  date: '',
  blacklist: '',
  optOutLink: false,
  optOutPhone: false,
  ...extra,
});

describe('examples', () => {
  // [what, path, xml, taken by the fast path, the answer (of both paths)]
  const table: [string, ApiPath, string, boolean, unknown][] = [
    [
      'the core’s personalized request',
      'xml_ozel_api.php',
      `<SMS>${SESSION}<baslik>DEMO</baslik><mesaj><metin>Sayın Ayşe</metin><alici>5321234567</alici></mesaj></SMS>`,
      true,
      personal([{ text: 'Sayın Ayşe', number: '5321234567' }]),
    ],
    [
      'the page’s layout: declaration, CRLF and tab indentation, surrounding spaces trimmed except in names',
      'tr/xml_ozel_api_ileri.php',
      '<?xml version="1.0" encoding="UTF-8"?>\r\n<SMS>\r\n\t<oturum><kullanici> u </kullanici><sifre>p\t</sifre></oturum>\r\n\t<baslik> DEMO</baslik>\r\n' +
        '\t<mesaj><metin>\r\n  a\r\nb </metin><alici> 5321234567\n</alici><alici>5331234567</alici></mesaj>\r\n\t<tarih></tarih><karaliste>kendi</karaliste><izin_link>TRUE</izin_link><izin_telefon/>\r\n</SMS>\r\n',
      true,
      {
        ...personal([
          { text: 'a\nb', number: '5321234567' },
          { text: 'a\nb', number: '5331234567' },
        ]),
        credentials: { user: ' u ', password: 'p\t' },
        sender: ' DEMO',
        messageCount: 1,
        blacklist: 'kendi',
        optOutLink: true,
      },
    ],
    [
      'the five entities and numeric references, decoded once',
      'xml_ozel_api.php',
      `<SMS>${SESSION}<baslik>DEMO</baslik><mesaj><metin>&lt;b&gt; &amp;amp; &quot;x&apos; &#351;&#x15F;&#X15F; &#128512;&#32;</metin><alici>5321234567</alici></mesaj></SMS>`,
      false, // `&#X…;` (capital X) is refused by fast-xml-parser's validator
      undefined,
    ],
    [
      'references of every kind the fast path reads',
      'xml_ozel_api.php',
      `<SMS>${SESSION}<baslik>DEMO</baslik><mesaj><metin>&lt;b&gt; &amp;amp; &quot;x&apos; &#351;&#x15F;&#x15f; &#128512;&#0010;&#32;</metin><alici>5321234567</alici></mesaj></SMS>`,
      true,
      personal([{ text: '<b> &amp; "x\' şşş 😀', number: '5321234567' }]),
    ],
    [
      '<metin> after its <alici>s',
      'xml_ozel_api.php',
      `<SMS><baslik>DEMO</baslik><mesaj><alici>5321234567</alici><alici>5331234567</alici><metin>t</metin></mesaj>${SESSION}</SMS>`,
      true,
      personal(
        [
          { text: 't', number: '5321234567' },
          { text: 't', number: '5331234567' },
        ],
        { messageCount: 1 },
      ),
    ],
    [
      'a one-text request',
      'xml_api.php',
      `<SMS>${SESSION}<mesaj><baslik>DEMO</baslik><metin> hi </metin><alicilar>5321234567, 5331234567</alicilar><tarih/></mesaj><izin_telefon>true</izin_telefon></SMS>`,
      true,
      {
        kind: 'bulk',
        credentials: { user: 'u', password: 'p' },
        sender: 'DEMO',
        text: 'hi',
        recipients: '5321234567, 5331234567',
        date: '',
        blacklist: '',
        optOutLink: false,
        optOutPhone: true,
      },
    ],
    // Left to fast-xml-parser, which accepts them:
    [
      'a comment',
      'xml_ozel_api.php',
      `<SMS><!-- c -->${SESSION}<baslik>DEMO</baslik><mesaj><metin>t</metin><alici>5321234567</alici></mesaj></SMS>`,
      false,
      personal([{ text: 't', number: '5321234567' }]),
    ],
    [
      'CDATA',
      'xml_ozel_api.php',
      `<SMS>${SESSION}<baslik>DEMO</baslik><mesaj><metin><![CDATA[a<b]]></metin><alici>5321234567</alici></mesaj></SMS>`,
      false,
      personal([{ text: 'a<b', number: '5321234567' }]),
    ],
    [
      'an attribute',
      'xml_ozel_api.php',
      `<SMS a="1">${SESSION}<baslik>DEMO</baslik><mesaj><metin>t</metin><alici>5321234567</alici></mesaj></SMS>`,
      false,
      personal([{ text: 't', number: '5321234567' }]),
    ],
    [
      'an HTML entity',
      'xml_ozel_api.php',
      `<SMS>${SESSION}<baslik>DEMO</baslik><mesaj><metin>a&nbsp;b</metin><alici>5321234567</alici></mesaj></SMS>`,
      false,
      personal([{ text: 'a\u00a0b', number: '5321234567' }]),
    ],
    [
      'a reference to NUL, dropped',
      'xml_ozel_api.php',
      `<SMS>${SESSION}<baslik>DEMO</baslik><mesaj><metin>a&#0;b</metin><alici>5321234567</alici></mesaj></SMS>`,
      false,
      personal([{ text: 'ab', number: '5321234567' }]),
    ],
    [
      'no-break spaces between elements',
      'xml_ozel_api.php',
      `<SMS>\u00a0${SESSION}<baslik>DEMO</baslik><mesaj><metin>t</metin><alici>5321234567</alici></mesaj></SMS>`,
      false,
      personal([{ text: 't', number: '5321234567' }]),
    ],
    [
      'a space in a tag',
      'xml_ozel_api.php',
      `<SMS>${SESSION}<baslik >DEMO</baslik><mesaj><metin>t</metin><alici>5321234567</alici></mesaj></SMS>`,
      false,
      personal([{ text: 't', number: '5321234567' }]),
    ],
    // Left to fast-xml-parser, which refuses them:
    [
      '`tarih` on xml_ozel_api.php',
      'xml_ozel_api.php',
      `<SMS>${SESSION}<baslik>DEMO</baslik><mesaj><metin>t</metin><alici>5321234567</alici></mesaj><tarih></tarih></SMS>`,
      false,
      undefined,
    ],
    ['no `baslik`', 'xml_ozel_api.php', `<SMS>${SESSION}<mesaj><metin>t</metin><alici>5321234567</alici></mesaj></SMS>`, false, undefined],
    [
      'two `baslik`',
      'xml_ozel_api.php',
      `<SMS>${SESSION}<baslik>A</baslik><baslik>B</baslik><mesaj><metin>t</metin><alici>5321234567</alici></mesaj></SMS>`,
      false,
      undefined,
    ],
    ['a `mesaj` without `alici`', 'xml_ozel_api.php', `<SMS>${SESSION}<baslik>DEMO</baslik><mesaj><metin>t</metin></mesaj></SMS>`, false, undefined],
    [
      'a bare `<`',
      'xml_ozel_api.php',
      `<SMS>${SESSION}<baslik>DEMO</baslik><mesaj><metin>a<b</metin><alici>5321234567</alici></mesaj></SMS>`,
      false,
      undefined,
    ],
    [
      'a bare `&`',
      'xml_ozel_api.php',
      `<SMS>${SESSION}<baslik>DEMO</baslik><mesaj><metin>a & b</metin><alici>5321234567</alici></mesaj></SMS>`,
      false,
      undefined,
    ],
    [
      'text after the root',
      'xml_ozel_api.php',
      `<SMS>${SESSION}<baslik>DEMO</baslik><mesaj><metin>t</metin><alici>5321234567</alici></mesaj></SMS>x`,
      false,
      undefined,
    ],
    ['a truncated body', 'xml_ozel_api.php', `<SMS>${SESSION}<baslik>DEMO</baslik><mesaj><metin>t</metin><alici>5321234567</alici></mesaj>`, false, undefined],
    ['the wrong root', 'xml_ozel_api.php', `<RAPOR>${SESSION}</RAPOR>`, false, undefined],
    ['an empty body', 'xml_ozel_api.php', '', false, undefined],
    [
      'a report call (never on the fast path)',
      'xml_bakiye.php',
      `<RAPOR>${SESSION}</RAPOR>`,
      false,
      { kind: 'balance', credentials: { user: 'u', password: 'p' } },
    ],
  ];

  it.each(table)('%s (%s): fast path %s, the same answer as fast-xml-parser', (_what, path, xml, fast, answer) => {
    expect(parseKnownShape(path, xml) !== undefined).toBe(fast);
    expect(parseWithFastXmlParser(path, xml)).toStrictEqual(answer);
    expect(parseApiRequest(path, xml)).toStrictEqual(answer);
  });
});

describe('over HTTP', () => {
  const good = `<?xml version="1.0" encoding="UTF-8"?>\r\n<SMS><oturum><kullanici>demo</kullanici><sifre>demo</sifre></oturum><baslik>DEMO</baslik><mesaj><metin> Ürün &amp; Hizmet &lt;Şubat&gt; &#x15F;</metin><alici>5321112233</alici></mesaj></SMS>`;

  it('Should send a request read by the fast path once, with its text decoded', async () => {
    expect(parseKnownShape('tr/xml_ozel_api_ileri.php', good)).toBeDefined();
    const s = await sandbox();
    expect((await post(s, 'tr/xml_ozel_api_ileri.php', good, { 'content-type': 'text/xml; charset=utf-8' })).text).toMatch(/^OK\|\d+$/);
    expect(s.sends()).toHaveLength(1);
    expect(s.inbox('5321112233').map((message) => message.text)).toEqual(['Ürün & Hizmet <Şubat> ş']);
  });

  // Bad bodies of the fast path's shape: fast-xml-parser takes them and refuses them as before.
  const bad: [string, string][] = [
    ['a bare &', good.replace('&amp;', '&')],
    ['an entity without its semicolon', good.replace('&amp;', '&amp')],
    ['a capital X reference', good.replace('&#x15F;', '&#X15F;')],
    ['an unclosed <metin>', good.replace('</metin>', '')],
    ['a misspelt end tag', good.replace('</alici>', '</alic>')],
    ['text after the root', `${good}x`],
    ['a second root', `${good}<SMS></SMS>`],
    ['a truncated body', good.slice(0, -3)],
  ];
  it.each(bad)('Should answer %s with the XML error, sending nothing', async (_what, body) => {
    expect(parseKnownShape('tr/xml_ozel_api_ileri.php', body)).toBeUndefined();
    const s = await sandbox();
    const reply = await post(s, 'tr/xml_ozel_api_ileri.php', body, { 'content-type': 'text/xml; charset=utf-8' });
    expect([reply.status, reply.text]).toEqual([200, SANDBOX_ERRORS.xml]);
    expect(s.sends()).toEqual([]);
    expect(s.account('demo')).toMatchObject({ numericCredits: 1000, alphanumericCredits: 100_000 });
  });
});

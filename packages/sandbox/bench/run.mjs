// npm run bench -w @esemes/sandbox — prints a table (`-- --json` also writes bench-results.json at the root).
// How long the sandbox takes to read one 100,000-message request: the strict scanner (xml-request-fast.ts)
// against the fast-xml-parser path it replaces for such bodies. Side by side in this one run: every round
// times each case once, in turn, and a ratio is the median of its per-round ratios, so a busy machine
// slows both sides alike.
import { deepStrictEqual } from 'node:assert/strict';
import { decodeBody } from '../dist/decode-body.js';
import { parseKnownShape } from '../dist/xml-request-fast.js';
import { parseApiRequest, parseWithFastXmlParser } from '../dist/xml-request.js';
import { printMarkdownTable, wantsJson, writeBenchResults } from '../../../scripts/bench-results.mjs';

const COUNT = 100_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const PERSONAL = 'tr/xml_ozel_api_ileri.php';
const BULK = 'xml_api.php';
const CONTENT_TYPE = 'text/xml; charset=utf-8'; // what @esemes/core sends

// Realistic personalized texts (as in packages/core/bench/messages.mjs): Turkish names, order numbers, ~120 characters.
const FIRST = ['Ayşe', 'Mehmet', 'Zeynep', 'Çağrı', 'İbrahim', 'Gülşen', 'Ömer', 'Şule', 'Doğan', 'Ilgın', 'Müge', 'Ertuğrul'];
const LAST = ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk', 'Aydın', 'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin'];
const CARRIERS = ['Yurtiçi Kargo', 'Aras Kargo', 'MNG Kargo', 'PTT Kargo', 'Sürat Kargo'];
const number = (i) => `53${String(10_000_000 + i).padStart(8, '0')}`;
const text = (i) =>
  `Sayın ${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}, ${100000 + i} numaralı siparişiniz ${CARRIERS[i % CARRIERS.length]} ile yola çıktı. ` +
  `Takip: TR${String(i * 7919).padStart(10, '0')} İyi günler dileriz, Demo Mağaza`;
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const SESSION = '<oturum><kullanici>bench</kullanici><sifre>bench</sifre></oturum>';

/** The bytes @esemes/core's PersonalizedPacketBuilder writes for `count` messages (`tr/…_ileri.php`, send now). */
function personalBody(count, textOf) {
  const parts = [`<SMS>${SESSION}<baslik>DEMO</baslik>`];
  for (let i = 0; i < count; i += 1) parts.push(`<mesaj><metin>${escape(textOf(i))}</metin><alici>${number(i)}</alici></mesaj>`);
  parts.push('<tarih></tarih></SMS>');
  return Buffer.from(parts.join(''), 'utf8');
}
const numbers = Array.from({ length: COUNT }, (_, i) => number(i));
const bulkBody = Buffer.from(
  `<SMS>${SESSION}<mesaj><baslik>DEMO</baslik><metin>${escape(text(0))}</metin><alicilar>${numbers.join(',')}</alicilar><tarih></tarih></mesaj></SMS>`,
);

const plainBytes = personalBody(COUNT, text);
const plain = decodeBody(plainBytes, CONTENT_TYPE);
// Every text with `&`, `<` and `>` (as `&amp;`, `&lt;`, `&gt;`): the scanner's decoding road.
const escaped = decodeBody(
  personalBody(COUNT, (i) => `${text(i)} <Üye> & Co`),
  CONTENT_TYPE,
);
const bulk = decodeBody(bulkBody, CONTENT_TYPE);
// The same texts without Turkish letters (as sent to the non-`tr/` paths): ASCII bytes, read as latin1.
const ASCII = { ı: 'i', İ: 'I', ş: 's', Ş: 'S', ğ: 'g', Ğ: 'G', ç: 'c', Ç: 'C', ö: 'o', Ö: 'O', ü: 'u', Ü: 'U' };
const asciiBytes = personalBody(COUNT, (i) => text(i).replace(/[ıİşŞğĞçÇöÖüÜ]/g, (c) => ASCII[c]));

// The fast path must take these bodies, with the slow path's very answer.
for (const [path, xml] of [
  [PERSONAL, plain],
  [PERSONAL, escaped],
  [BULK, bulk],
]) {
  const fast = parseKnownShape(path, xml);
  if (fast === undefined) throw new Error(`the fast path refused the ${path} body`);
  deepStrictEqual(fast, parseWithFastXmlParser(path, xml));
}

const checked = (path, xml, parse) => () => {
  const request = parse(path, xml);
  if (request === undefined) throw new Error(`${path}: not parsed`);
  return request;
};
const cases = {
  slow: checked(PERSONAL, plain, parseWithFastXmlParser),
  fast: checked(PERSONAL, plain, parseApiRequest),
  escapedSlow: checked(PERSONAL, escaped, parseWithFastXmlParser),
  escapedFast: checked(PERSONAL, escaped, parseApiRequest),
  decode: () => decodeBody(plainBytes, CONTENT_TYPE),
  decodeAscii: () => decodeBody(asciiBytes, CONTENT_TYPE),
  bulkSlow: checked(BULK, bulk, parseWithFastXmlParser),
  bulkFast: checked(BULK, bulk, parseApiRequest),
};

const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, fn] of Object.entries(cases)) {
    globalThis.gc?.();
    const start = process.hrtime.bigint();
    fn();
    times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
/** Median and spread of `slower`'s per-round time divided by `faster`'s. */
const ratio = (slower, faster) => {
  const ratios = times[slower].map((t, i) => t / times[faster][i]);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
};

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const rows = [];
const table = [];
const row = (label, name, against, note = '') => {
  const ms = median(times[name]);
  const r = against ? ratio(against, name) : undefined;
  rows.push({
    case: label,
    ms: Number(ms.toFixed(1)),
    ...(r && { speedup: Number(r.median.toFixed(2)), spread: [Number(r.min.toFixed(2)), Number(r.max.toFixed(2))] }),
  });
  table.push([label, ms.toFixed(1), r ? `${r.median.toFixed(1)}×` : '', r ? `${r.min.toFixed(1)}–${r.max.toFixed(1)}×` : '', note]);
};
row('personalized, fast-xml-parser path (before)', 'slow');
row('personalized, fast path', 'fast', 'slow', 'speed-up over the row above');
row('personalized, & < > in every text, fast-xml-parser path', 'escapedSlow');
row('personalized, & < > in every text, fast path', 'escapedFast', 'escapedSlow');
row(
  'decoding the body (UTF-8 bytes to text), for scale',
  'decode',
  undefined,
  `${mb(plainBytes.length)} MB; ${ratio('decode', 'fast').median.toFixed(2)}× the fast path's parse`,
);
row(
  'decoding the same body in ASCII (no Turkish letters)',
  'decodeAscii',
  undefined,
  `${ratio('decodeAscii', 'fast').median.toFixed(2)}× the fast path's parse`,
);
row('one text to 100,000 numbers, fast-xml-parser path', 'bulkSlow');
row('one text to 100,000 numbers, fast path', 'bulkFast', 'bulkSlow');

console.log(
  `\n@esemes/sandbox bench — parsing one ${COUNT.toLocaleString('en')}-message request (${mb(plainBytes.length)} MB), median of ${ROUNDS} interleaved rounds (node ${process.version})\n`,
);
printMarkdownTable(['case', 'ms', 'speed-up', 'spread', 'note'], table);

if (wantsJson()) writeBenchResults('@esemes/sandbox', { command: 'npm run bench -w @esemes/sandbox -- --json', rows });

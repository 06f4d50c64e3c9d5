// The fast path of xml-request.ts for the two send calls: a strict scanner that reads only the plain shapes
// a client writes (the core's builders, the page's examples): an optional `<?xml version="1.0" …?>` first,
// elements without attributes, whitespace (space, tab, LF, CR) between them, text with the five XML
// entities and numeric references. Anything else (comments, CDATA, attributes, other entities or
// whitespace, an unknown or repeated element, a missing one, broken XML) is left to fast-xml-parser,
// which gives its answer and errors as before. Whatever the scanner accepts, it answers exactly as the
// fast-xml-parser path would (property-tested in xml-request-fast.test.ts): values are taken as sent,
// line ends normalized (CR LF and CR to LF), references decoded, then trimmed as there.
// Text values are slices of the body string, so a stored text may keep the body alive: still less than
// fast-xml-parser's strings keep (41 MB against 66 MB for the texts of a 100,000-message request, measured).
import { API_PATHS, type ApiPath } from './api-paths.js';
import { BULK_LAYOUT, personalLayout, SESSION, type Layout } from './request-layout.js';
import type { ApiRequest, BulkSendRequest, Credentials, PersonalSendRequest, SendOptions } from './xml-request.js';

/** Thrown by the scanner for anything outside the shapes it knows; the request then takes the slow path. */
class NotRecognized extends Error {}
const NOT_RECOGNIZED = new NotRecognized('not a shape the fast path reads');

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const HASH = 0x23;
const SLASH = 0x2f;
const LT = 0x3c;
const GT = 0x3e;
const LOWER_X = 0x78;

// The declarations clients write; anything else there (another version, attribute order or spacing) goes to fast-xml-parser.
const DECLARATION = /<\?xml version=(["'])1\.0\1(?: encoding=(["'])[A-Za-z][\w.:-]*\2)?(?: standalone=(["'])(?:yes|no)\3)? ?\?>/y;
const LINE_END = /\r\n?/g;
const ROOT: ReadonlySet<string> = new Set(['SMS']);

// A-Z, a-z and `_`: every name the API uses, and nothing that could start a namespace or an attribute.
const isNameChar = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;

// Every element name the send calls use, by length, the most frequent first.
const NAMES: readonly (readonly string[])[] = (() => {
  const byLength: string[][] = [];
  const all = ['mesaj', 'metin', 'alici', 'SMS', 'oturum', 'kullanici', 'sifre', 'baslik', 'alicilar', 'tarih', 'karaliste', 'izin_link', 'izin_telefon'];
  for (const name of all) (byLength[name.length] ??= []).push(name);
  return byLength;
})();

/** A character XML 1.0 allows and fast-xml-parser decodes a reference to as itself (it drops the others). */
const isDecodedAsIs = (cp: number): boolean => cp === TAB || cp === LF || cp === CR || (cp >= SPACE && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0x10ffff);

const ENTITIES: readonly (readonly [string, string])[] = [
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
];

/** The value of hex digit `c` (of a decimal digit unless `hex`), or -1. */
function digit(c: number, hex: boolean): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (!hex) return -1;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** `&…;` between `from` (after `&`) and `to` (at `;`): one of the five entities, `&#N;` or `&#xH;`. */
function reference(raw: string, from: number, to: number): string {
  if (raw.charCodeAt(from) !== HASH) {
    for (const [name, char] of ENTITIES) if (to - from === name.length && raw.startsWith(name, from)) return char;
    throw NOT_RECOGNIZED; // HTML names and the rest: fast-xml-parser's own table
  }
  const hex = raw.charCodeAt(from + 1) === LOWER_X; // the validator refuses `&#X…;`
  const start = hex ? from + 2 : from + 1;
  if (to === start || to - start > (hex ? 6 : 7)) throw NOT_RECOGNIZED;
  let cp = 0;
  for (let at = start; at < to; at += 1) {
    const d = digit(raw.charCodeAt(at), hex);
    if (d < 0) throw NOT_RECOGNIZED;
    cp = cp * (hex ? 16 : 10) + d;
  }
  if (!isDecodedAsIs(cp)) throw NOT_RECOGNIZED;
  return String.fromCodePoint(cp);
}

/** A value with `&` or CR: line ends normalized first (as the parser does to the whole document), then references. */
function decode(value: string): string {
  const raw = value.includes('\r') ? value.replace(LINE_END, '\n') : value;
  let amp = raw.indexOf('&');
  let out = '';
  let last = 0;
  while (amp !== -1) {
    const semicolon = raw.indexOf(';', amp + 1);
    if (semicolon === -1 || semicolon - amp > 9) throw NOT_RECOGNIZED; // a bare `&`, or a longer name or number
    out += raw.slice(last, amp) + reference(raw, amp + 1, semicolon);
    last = semicolon + 1;
    amp = raw.indexOf('&', last);
  }
  return last === 0 ? raw : out + raw.slice(last);
}

/** A cursor over the document. */
class Scanner {
  readonly #xml: string;
  #at = 0;
  // Where the next `&` and the next CR are, at or after the last value read: a value that ends before both
  // needs no decoding. Each is searched for again only once passed (the length when there is none left),
  // so the body is searched once in all, not once per value.
  #amp = -1;
  #cr = -1;
  /** Whether the last start tag read was `<name/>`. */
  empty = false;

  constructor(xml: string) {
    this.#xml = xml;
  }

  /** Skips `<?xml version="1.0" …?>` at the very start (fast-xml-parser ignores it). */
  declaration(): void {
    DECLARATION.lastIndex = 0;
    if (DECLARATION.test(this.#xml)) this.#at = DECLARATION.lastIndex;
  }

  /**
   * After whitespace, the name of the next child element, one of `allowed` (moving past its start tag), or
   * undefined at an end tag. The name returned is one of the constants of `NAMES`: nothing is allocated.
   */
  child(allowed: ReadonlySet<string>): string | undefined {
    const xml = this.#xml;
    let at = this.#at;
    let c = xml.charCodeAt(at);
    while (c === SPACE || c === LF || c === TAB || c === CR) c = xml.charCodeAt(++at);
    if (c !== LT) throw NOT_RECOGNIZED;
    this.#at = at;
    const start = at + 1;
    c = xml.charCodeAt(start);
    if (c === SLASH) return undefined;
    let end = start;
    while (isNameChar(c)) c = xml.charCodeAt(++end);
    if (c === GT) {
      this.empty = false;
      this.#at = end + 1;
    } else if (c === SLASH && xml.charCodeAt(end + 1) === GT) {
      this.empty = true;
      this.#at = end + 2;
    } else {
      throw NOT_RECOGNIZED;
    }
    for (const name of NAMES[end - start] ?? []) {
      if (xml.startsWith(name, start)) {
        if (!allowed.has(name)) break; // a name this call does not document there
        return name;
      }
    }
    throw NOT_RECOGNIZED;
  }

  /** Opens the children of the element just read: it must not be `<name/>`. */
  parent(): void {
    if (this.empty) throw NOT_RECOGNIZED;
  }

  /** Moves past `</name>` at the cursor. */
  close(name: string): void {
    const xml = this.#xml;
    const at = this.#at;
    const end = at + 2 + name.length;
    if (xml.charCodeAt(at + 1) !== SLASH || !xml.startsWith(name, at + 2) || xml.charCodeAt(end) !== GT) throw NOT_RECOGNIZED;
    this.#at = end + 1;
  }

  /** The text of the element `name` just opened, up to its end tag, exactly as sent (but decoded). */
  text(name: string): string {
    if (this.empty) return '';
    const xml = this.#xml;
    const start = this.#at;
    const end = xml.indexOf('<', start);
    if (end === -1) throw NOT_RECOGNIZED;
    this.#at = end;
    this.close(name);
    if (this.#amp < start) this.#amp = this.#next('&', start);
    if (this.#cr < start) this.#cr = this.#next('\r', start);
    const value = xml.slice(start, end);
    return this.#amp < end || this.#cr < end ? decode(value) : value;
  }

  #next(char: string, from: number): number {
    const at = this.#xml.indexOf(char, from);
    return at === -1 ? this.#xml.length : at;
  }

  /** Only whitespace (space, tab, LF, CR) is left. */
  end(): void {
    const xml = this.#xml;
    for (let at = this.#at; at < xml.length; at += 1) {
      const c = xml.charCodeAt(at);
      if (c !== SPACE && c !== LF && c !== TAB && c !== CR) throw NOT_RECOGNIZED;
    }
  }
}

/** `value`, refusing a second occurrence of an element that may appear once. */
function once<T>(previous: T | undefined, value: T): T {
  if (previous !== undefined) throw NOT_RECOGNIZED;
  return value;
}

function session(s: Scanner): Credentials {
  let user: string | undefined;
  let password: string | undefined;
  s.parent();
  for (let name = s.child(SESSION); name !== undefined; name = s.child(SESSION)) {
    if (name === 'kullanici') user = once(user, s.text(name));
    else password = once(password, s.text(name));
  }
  s.close('oturum');
  if (user === undefined || password === undefined) throw NOT_RECOGNIZED;
  return { user, password };
}

/** The trailing elements of `<SMS>` (`karaliste`, `izin_link`, `izin_telefon`, and `tarih` of a personal send). */
interface Trailer {
  tarih?: string;
  karaliste?: string;
  izin_link?: string;
  izin_telefon?: string;
}

const isTrailer = (name: string): name is keyof Trailer => name === 'tarih' || name === 'karaliste' || name === 'izin_link' || name === 'izin_telefon';

function sendOptions(date: string | undefined, trailing: Trailer): SendOptions {
  return {
    date: (date ?? '').trim(),
    blacklist: (trailing.karaliste ?? '').trim(),
    optOutLink: (trailing.izin_link ?? '').trim().toLowerCase() === 'true',
    optOutPhone: (trailing.izin_telefon ?? '').trim().toLowerCase() === 'true',
  };
}

/** One `<mesaj>` of a personalized send: an entry per `<alici>`, in order, each with the one `<metin>`. */
function personalMessage(s: Scanner, allowed: ReadonlySet<string>, messages: { text: string; number: string }[]): void {
  const first = messages.length;
  let text: string | undefined;
  s.parent();
  for (let name = s.child(allowed); name !== undefined; name = s.child(allowed)) {
    if (name === 'metin') text = once(text, s.text(name).trim());
    else messages.push({ text: text ?? '', number: s.text(name).trim() });
  }
  s.close('mesaj');
  if (text === undefined || messages.length === first) throw NOT_RECOGNIZED;
  // `<metin>` after an `<alici>`: rare, but the same message.
  for (let i = first; i < messages.length; i += 1) (messages[i] as { text: string }).text = text;
}

function personal(s: Scanner, layout: Layout): PersonalSendRequest {
  let credentials: Credentials | undefined;
  let sender: string | undefined;
  const trailing: Trailer = {};
  const messages: { text: string; number: string }[] = [];
  let messageCount = 0;
  s.parent();
  for (let name = s.child(layout.SMS); name !== undefined; name = s.child(layout.SMS)) {
    if (name === 'mesaj') {
      personalMessage(s, layout.mesaj, messages);
      messageCount += 1;
    } else if (name === 'oturum') credentials = once(credentials, session(s));
    else if (name === 'baslik') sender = once(sender, s.text(name));
    else if (isTrailer(name)) trailing[name] = once(trailing[name], s.text(name));
  }
  s.close('SMS');
  if (credentials === undefined || sender === undefined || messageCount === 0) throw NOT_RECOGNIZED;
  return { kind: 'personal', credentials, sender, messages, messageCount, ...sendOptions(trailing.tarih, trailing) };
}

type BulkField = 'baslik' | 'metin' | 'alicilar' | 'tarih';

function bulkMessage(s: Scanner): Partial<Record<BulkField, string>> {
  const fields: Partial<Record<BulkField, string>> = {};
  s.parent();
  for (let name = s.child(BULK_LAYOUT.mesaj) as BulkField | undefined; name !== undefined; name = s.child(BULK_LAYOUT.mesaj) as BulkField | undefined) {
    fields[name] = once(fields[name], s.text(name));
  }
  s.close('mesaj');
  return fields;
}

function bulk(s: Scanner): BulkSendRequest {
  let credentials: Credentials | undefined;
  let message: Partial<Record<BulkField, string>> | undefined;
  const trailing: Trailer = {};
  s.parent();
  for (let name = s.child(BULK_LAYOUT.SMS); name !== undefined; name = s.child(BULK_LAYOUT.SMS)) {
    if (name === 'oturum') credentials = once(credentials, session(s));
    else if (name === 'mesaj') message = once(message, bulkMessage(s));
    else if (isTrailer(name)) trailing[name] = once(trailing[name], s.text(name));
  }
  s.close('SMS');
  if (credentials === undefined || message?.baslik === undefined || message.metin === undefined || message.alicilar === undefined) {
    throw NOT_RECOGNIZED;
  }
  return {
    kind: 'bulk',
    credentials,
    sender: message.baslik,
    text: message.metin.trim(),
    recipients: message.alicilar.trim(),
    ...sendOptions(message.tarih, trailing),
  };
}

/**
 * The send request `xml` makes on `path` when it has one of the plain shapes the scanner reads (then exactly
 * what the fast-xml-parser path answers), else `undefined`: not recognized, to be parsed the slow way.
 */
export function parseKnownShape(path: ApiPath, xml: string): ApiRequest | undefined {
  const kind = API_PATHS[path];
  if (kind !== 'bulk' && kind !== 'personal') return undefined;
  try {
    const s = new Scanner(xml);
    s.declaration();
    if (s.child(ROOT) === undefined) return undefined;
    const request = kind === 'bulk' ? bulk(s) : personal(s, personalLayout(path));
    s.end();
    return request;
  } catch (error) {
    if (error === NOT_RECOGNIZED) return undefined;
    throw error;
  }
}

import { createRequire } from 'node:module';
import type { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ReplyFormatError } from './errors.js';
import { providerErrorFor } from './provider-errors.js';
import { parseIstanbul } from './istanbul-time.js';

// Replies of the esemes API: plain `OK|id` / `ERR|text` for sends, small XML documents for reports,
// a plain string for the balance. Every reader here throws a ProviderError for a reply starting with ERR,
// whatever the call.

const TURKISH_LABELS = /^(iso-8859-9|iso8859-9|latin5|l5|windows-1254|cp1254|x-cp1254|iso-ir-148|csisolatin5|iso_8859-9)$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const turkish = new TextDecoder('windows-1254');

/**
 * Decode a reply body: by the Content-Type charset when it names one; otherwise UTF-8, falling back to
 * ISO-8859-9 (WHATWG maps that label to windows-1254) when the bytes are not valid UTF-8.
 */
export function decodeReply(bytes: Uint8Array, contentType: string | null): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  if (charset && TURKISH_LABELS.test(charset)) return turkish.decode(bytes);
  if (charset && !/^utf-?8$/i.test(charset)) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // An unknown label: fall through to detection.
    }
  }
  try {
    return utf8.decode(bytes);
  } catch {
    return turkish.decode(bytes);
  }
}

// The page: a failure is a reply "starting with ERR" (`ERR|…` on the send calls). So any reply that
// starts with ERR is a refusal, whatever follows (`|`, a space, `:`, `-`, nothing): never an unreadable reply,
// which the engine must treat as possibly accepted. `ERR` is case-sensitive ("ERR kısmı her zaman sabittir").
const ERR_PREFIX = /^ERR(?:OR(?![A-Za-z]))?\s*[|:-]?/;

/** Throw the typed ProviderError when `text` (BOM and outer whitespace already removed) starts with ERR. */
function rejectErr(text: string, call: string): void {
  if (text.startsWith('ERR')) throw providerErrorFor(text.replace(ERR_PREFIX, '').trim(), call);
}

/** The reply without BOMs and outer whitespace (`trim` removes U+FEFF). A UTF-8 BOM read as windows-1254 is `ï»¿`. */
function replyText(body: string): string {
  return body
    .trim()
    .replace(/^(?:\u00ef\u00bb\u00bf)+/, '')
    .trim();
}

/** `OK|<reportId>` → the id; `ERR|<text>` (any reply starting with ERR) → a typed ProviderError. Split on the first `|` only. */
export function parseSendReply(body: string, call: string): string {
  const text = replyText(body);
  rejectErr(text, call);
  if (text.startsWith('OK|')) {
    const id = text.slice(3).trim();
    if (id !== '') return id;
  }
  throw new ReplyFormatError(call, body, 'expected OK|<report id> or ERR|<text>');
}

// fast-xml-parser is loaded on the first XML reply (reports), not with the library: a send only reads
// `OK|<id>` lines, and the parser's code is ~8 MB of a sending process's memory. Its CommonJS build loads synchronously.
let xml: { parser: XMLParser; validator: typeof XMLValidator } | undefined;
function xmlParser(): { parser: XMLParser; validator: typeof XMLValidator } {
  if (xml) return xml;
  const fxp = createRequire(import.meta.url)('fast-xml-parser') as typeof import('fast-xml-parser');
  const parser = new fxp.XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    htmlEntities: true,
    ignoreDeclaration: true,
    isArray: (name) => name === 'rapor',
  });
  xml = { parser, validator: fxp.XMLValidator };
  return xml;
}

function parseXml(body: string, call: string, root: string): Record<string, unknown> {
  const text = replyText(body);
  rejectErr(text, call);
  const { parser, validator } = xmlParser();
  if (validator.validate(text) !== true) throw new ReplyFormatError(call, body, 'not well-formed XML');
  const doc = parser.parse(text) as Record<string, unknown>;
  if (!(root in doc)) throw new ReplyFormatError(call, body, `expected a <${root}> document`);
  const value = doc[root];
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : { '#text': value ?? '' };
}

function numberList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const text = typeof value === 'object' ? String((value as Record<string, unknown>)['#text'] ?? '') : String(value);
  return text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
}

export interface ReportSummary {
  /** Numbers not final yet (BEKLEYEN). */
  pending: string[];
  /** Numbers delivered (ILETILEN). */
  delivered: string[];
  /** Numbers that failed: not delivered or expired (HATALI). */
  failed: string[];
}

/** Reply of `xml_rapor.php`. Missing or empty lists are empty arrays. */
export function parseReportSummary(body: string, call = 'xml_rapor.php'): ReportSummary {
  const sonuc = parseXml(body, call, 'SONUC');
  return { pending: numberList(sonuc.BEKLEYEN), delivered: numberList(sonuc.ILETILEN), failed: numberList(sonuc.HATALI) };
}

export type DeliveryStatus = 'delivered' | 'not_delivered' | 'expired' | 'pending';

export interface ReportDetailEntry {
  reportId: string;
  /** 10-digit number as the provider lists it. */
  number: string;
  sentAt: Date | null;
  finishedAt: Date | null;
  status: DeliveryStatus;
  /** `durum` exactly as received (also for states we do not know). */
  rawStatus: string;
  /** The operator's error code (`hatakodu`); null when absent. */
  errorCode: number | null;
  text: string;
  /** SMS parts (`uzunluk`): credits spent for this number. */
  parts: number | null;
}

/**
 * Map the provider's `durum` to a delivery status. The page documents three final states; anything
 * else (the page does not say what a number not yet final shows) is pending, with the raw value kept.
 * @example
 * deliveryStatus('NOT_DELIVERED') // → 'not_delivered'
 */
export function deliveryStatus(durum: string): DeliveryStatus {
  switch (durum.trim().toUpperCase()) {
    case 'DELIVERED':
      return 'delivered';
    case 'NOT_DELIVERED':
    case 'UNDELIVERED':
      return 'not_delivered';
    case 'EXPIRED':
      return 'expired';
    default:
      return 'pending';
  }
}

function intOrNull(value: unknown): number | null {
  if (value === undefined || value === null || String(value).trim() === '') return null;
  const n = Number(String(value).trim());
  return Number.isInteger(n) ? n : null;
}

/**
 * Reply of `xml_rapor_detay.php`: one entry per `<rapor …/>`, times read as Europe/Istanbul.
 * @example
 * parseReportDetail('<RaporDetay><rapor id="1" numara="5051234567" durum="DELIVERED" … /></RaporDetay>')
 */
export function parseReportDetail(body: string, call = 'xml_rapor_detay.php'): ReportDetailEntry[] {
  const root = parseXml(body, call, 'RaporDetay');
  const rows = Array.isArray(root.rapor) ? (root.rapor as Array<Record<string, unknown>>) : [];
  return rows.map((row) => {
    const attr = (name: string): string => (typeof row[name] === 'string' ? (row[name] as string) : '');
    const rawStatus = attr('durum');
    return {
      reportId: attr('id'),
      number: attr('numara'),
      sentAt: parseIstanbul(attr('gonderilme')),
      finishedAt: parseIstanbul(attr('sonuclanma')),
      status: deliveryStatus(rawStatus),
      rawStatus,
      errorCode: intOrNull(row.hatakodu),
      text: attr('mesaj'),
      parts: intOrNull(row.uzunluk),
    };
  });
}

/** Reply of `xml_raporlar.php`: `<SONUC>1,2,3</SONUC>`. */
export function parseReportIds(body: string, call = 'xml_raporlar.php'): string[] {
  return numberList(parseXml(body, call, 'SONUC'));
}

export interface Balance {
  /** Credits for numeric sender titles; null when the reply does not show them. */
  numeric: number | null;
  /** Credits for alphanumeric sender titles; null when the reply does not show them. */
  alphanumeric: number | null;
  /** The reply as received. */
  raw: string;
}

// Whole credits as the provider may write them: plain digits, or groups of three after a thousands
// separator, the Turkish `.` or `,` (one kind in a number). Anything else (`1.25`, `12.5`, `1,2,3`,
// `1.250,5`) is refused: reading it would mean guessing, and a guess invents or loses credits.
const WHOLE_CREDITS = /^-?(?:\d+|[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?:,\d{3})+)$/;

function creditOf(text: string, label: RegExp, name: string, body: string, call: string): number | null {
  const match = new RegExp(`(?:${label.source})\\s*\\(([^()]*)\\)`, 'i').exec(text);
  if (!match) return null;
  const raw = match[1]!.trim();
  const value = WHOLE_CREDITS.test(raw) ? Number(raw.replace(/[.,]/g, '')) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw new ReplyFormatError(call, body, `cannot read the ${name} credits ${JSON.stringify(raw)} as a whole number (digits, or thousands grouped by . or ,)`);
  }
  return value === 0 ? 0 : value; // no -0
}

/**
 * Reply of `xml_bakiye.php`: a plain string such as `numerik(0)` and `alphanumeric(999)` on two lines.
 * `1.250` and `1,250` are 1250 (thousands separators); a credit it cannot read exactly is a ReplyFormatError.
 * @example
 * parseBalance('numerik(1.250)\nalphanumeric(999)') // → { numeric: 1250, alphanumeric: 999, raw: … }
 */
export function parseBalance(body: string, call = 'xml_bakiye.php'): Balance {
  const text = replyText(body);
  rejectErr(text, call);
  const numeric = creditOf(text, /(?<![a-z_])numeri[ck]/, 'numerik', body, call);
  const alphanumeric = creditOf(text, /alfa_?numeri[ck]|alpha_?numeri[ck]/, 'alphanumeric', body, call);
  if (numeric === null && alphanumeric === null) throw new ReplyFormatError(call, body, 'no numerik(…) or alphanumeric(…) credit in it');
  return { numeric, alphanumeric, raw: body };
}

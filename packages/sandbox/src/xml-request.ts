// Parses the body of one API call into a typed request, or says the XML is wrong for the path.
// Values stay strings (`parseTagValue: false`); `mesaj` and `alici` may repeat. Values are not trimmed by
// the parser: user name, password and sender title are taken exactly as sent (` DEMO` is not `DEMO`);
// the other values (text, numbers, dates, flags, report ids) are trimmed here, one by one. Whitespace
// between elements (the page indents with no-break spaces) is not part of any value and is ignored.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { API_PATHS, type ApiPath } from './api-paths.js';
import { BULK_LAYOUT, personalLayout, SESSION, type Layout } from './request-layout.js';
import { parseKnownShape } from './xml-request-fast.js';

/** `<oturum>`: the user name and password, exactly as sent (not trimmed). */
export interface Credentials {
  user: string;
  password: string;
}

/** Options shared by both send calls. */
export interface SendOptions {
  /** `<tarih>`, '' when absent. */
  date: string;
  /** `<karaliste>`, '' when absent. */
  blacklist: string;
  optOutLink: boolean;
  optOutPhone: boolean;
}

/** One text to many numbers (`xml_api.php`, `xml_api_ileri.php`, `tr/xml_api_ileri.php`). */
export interface BulkSendRequest extends SendOptions {
  kind: 'bulk';
  credentials: Credentials;
  sender: string;
  text: string;
  /** `<alicilar>` as sent: comma-separated, not yet checked. */
  recipients: string;
}

/** A text per number (`xml_ozel_api.php`, `xml_ozel_api_ileri.php`, `tr/xml_ozel_api_ileri.php`). */
export interface PersonalSendRequest extends SendOptions {
  kind: 'personal';
  credentials: Credentials;
  sender: string;
  /** One entry per `<alici>` of every `<mesaj>`, in order. */
  messages: { text: string; number: string }[];
  /** How many `<mesaj>` elements the request has. */
  messageCount: number;
}

/** `xml_rapor.php` / `xml_rapor_detay.php`. */
export interface ReportRequest {
  kind: 'summary' | 'detail';
  credentials: Credentials;
  reportId: string;
}

/** `xml_raporlar.php`, with the optional range ('' = no bound). */
export interface ReportListRequest {
  kind: 'report-list';
  credentials: Credentials;
  from: string;
  to: string;
}

/** `xml_bakiye.php`. */
export interface BalanceRequest {
  kind: 'balance';
  credentials: Credentials;
}

/** Any parsed API call. */
export type ApiRequest = BulkSendRequest | PersonalSendRequest | ReportRequest | ReportListRequest | BalanceRequest;

type XmlNode = { [name: string]: unknown };

/** Thrown inside this module for any structural problem; turned into `undefined` by the parser. */
class BadXml extends Error {}

const parser = new XMLParser({
  parseTagValue: false,
  trimValues: false, // names are compared exactly; see `exact` and `trimmed`
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: true, // also decodes numeric references (&#231;), which XML itself defines
  isArray: (name) => name === 'mesaj' || name === 'alici',
});

const isNode = (value: unknown): value is XmlNode => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A child element that must contain elements. */
function node(parent: XmlNode, name: string): XmlNode {
  const value = parent[name];
  if (!isNode(value)) throw new BadXml();
  return value;
}

/** A text-only child element, exactly as sent; `fallback` when absent (or an error when there is none). */
function exact(parent: XmlNode, name: string, fallback?: string): string {
  const value = parent[name];
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string') throw new BadXml(); // absent, repeated, or has child elements
  return value;
}

/** A text-only child element without outer whitespace: for values that are not names. */
const trimmed = (parent: XmlNode, name: string, fallback?: string): string => exact(parent, name, fallback).trim();

const flag = (parent: XmlNode, name: string): boolean => trimmed(parent, name, '').toLowerCase() === 'true';

/** Refuses a child element of `parent` that `allowed` does not list (text between elements is ignored). */
function onlyDocumented(parent: XmlNode, allowed: ReadonlySet<string>): void {
  for (const name of Object.keys(parent)) if (name !== '#text' && !allowed.has(name)) throw new BadXml();
}

function credentials(root: XmlNode): Credentials {
  const session = node(root, 'oturum');
  onlyDocumented(session, SESSION);
  return { user: exact(session, 'kullanici'), password: exact(session, 'sifre') };
}

function sendOptions(root: XmlNode, date: string): SendOptions {
  return {
    date,
    blacklist: trimmed(root, 'karaliste', ''),
    optOutLink: flag(root, 'izin_link'),
    optOutPhone: flag(root, 'izin_telefon'),
  };
}

function elements(parent: XmlNode, name: string): unknown[] {
  const value = parent[name];
  return Array.isArray(value) ? value : [];
}

function bulk(root: XmlNode): BulkSendRequest {
  onlyDocumented(root, BULK_LAYOUT.SMS);
  const list = elements(root, 'mesaj');
  const message = list[0];
  if (list.length !== 1 || !isNode(message)) throw new BadXml();
  onlyDocumented(message, BULK_LAYOUT.mesaj);
  return {
    kind: 'bulk',
    credentials: credentials(root),
    sender: exact(message, 'baslik'),
    text: trimmed(message, 'metin'),
    recipients: trimmed(message, 'alicilar'),
    ...sendOptions(root, trimmed(message, 'tarih', '')),
  };
}

function personal(root: XmlNode, layout: Layout): PersonalSendRequest {
  onlyDocumented(root, layout.SMS);
  const list = elements(root, 'mesaj');
  if (list.length === 0) throw new BadXml();
  const messages: { text: string; number: string }[] = [];
  for (const message of list) {
    if (!isNode(message)) throw new BadXml();
    onlyDocumented(message, layout.mesaj);
    const body = trimmed(message, 'metin');
    const numbers = elements(message, 'alici');
    if (numbers.length === 0) throw new BadXml();
    for (const number of numbers) {
      if (typeof number !== 'string') throw new BadXml();
      messages.push({ text: body, number: number.trim() });
    }
  }
  return {
    kind: 'personal',
    credentials: credentials(root),
    sender: exact(root, 'baslik'),
    messages,
    messageCount: list.length,
    ...sendOptions(root, trimmed(root, 'tarih', '')),
  };
}

function reportList(root: XmlNode): ReportListRequest {
  const range = root.rapor;
  if (range === undefined || (typeof range === 'string' && range.trim() === ''))
    return { kind: 'report-list', credentials: credentials(root), from: '', to: '' };
  if (!isNode(range)) throw new BadXml();
  return {
    kind: 'report-list',
    credentials: credentials(root),
    from: trimmed(range, 'baslangic_tarihi', ''),
    to: trimmed(range, 'bitis_tarihi', ''),
  };
}

function build(path: ApiPath, root: XmlNode): ApiRequest {
  const kind = API_PATHS[path];
  switch (kind) {
    case 'bulk':
      return bulk(root);
    case 'personal':
      return personal(root, personalLayout(path));
    case 'summary':
    case 'detail':
      return { kind, credentials: credentials(root), reportId: trimmed(node(root, 'rapor'), 'raporid') };
    case 'report-list':
      return reportList(root);
    case 'balance':
      return { kind: 'balance', credentials: credentials(root) };
  }
}

/**
 * The call `xml` makes on `path`, or `undefined` when the XML is not well-formed, has the wrong root
 * element for the path (`SMS` for sends, `RAPOR` for reports) or lacks a required element. Send requests
 * written the plain way (as the core and the page write them) are read by a strict scanner
 * (xml-request-fast.ts) with the same answer; anything else goes through fast-xml-parser.
 */
export function parseApiRequest(path: ApiPath, xml: string): ApiRequest | undefined {
  return parseKnownShape(path, xml) ?? parseWithFastXmlParser(path, xml);
}

/** {@link parseApiRequest} through fast-xml-parser alone: every input, and the reference of the fast path's tests. */
export function parseWithFastXmlParser(path: ApiPath, xml: string): ApiRequest | undefined {
  if (xml.trim() === '' || XMLValidator.validate(xml) !== true) return undefined;
  try {
    const document: unknown = parser.parse(xml);
    if (!isNode(document)) return undefined;
    const roots = Object.keys(document).filter((key) => key !== '#text');
    const expected = API_PATHS[path] === 'bulk' || API_PATHS[path] === 'personal' ? 'SMS' : 'RAPOR';
    const root = document[expected];
    if (roots.length !== 1 || !isNode(root)) return undefined;
    return build(path, root);
  } catch {
    return undefined; // BadXml, or the parser's own error: not well-formed after all
  }
}

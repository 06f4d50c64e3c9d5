// Parses the body of one API call into a typed request, or says the XML is wrong for the path.
// Values stay strings (`parseTagValue: false`) and are trimmed; `mesaj` and `alici` may repeat.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { API_PATHS, type ApiPath } from './api-paths.js';

/** `<oturum>`: the user name and password, exactly as sent. */
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
  trimValues: true,
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

/** A text-only child element; `fallback` when absent (or an error when there is none). */
function text(parent: XmlNode, name: string, fallback?: string): string {
  const value = parent[name];
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string') throw new BadXml(); // absent, repeated, or has child elements
  return value;
}

const flag = (parent: XmlNode, name: string): boolean => text(parent, name, '').toLowerCase() === 'true';

function credentials(root: XmlNode): Credentials {
  const session = node(root, 'oturum');
  return { user: text(session, 'kullanici'), password: text(session, 'sifre') };
}

function sendOptions(root: XmlNode, date: string): SendOptions {
  return {
    date,
    blacklist: text(root, 'karaliste', ''),
    optOutLink: flag(root, 'izin_link'),
    optOutPhone: flag(root, 'izin_telefon'),
  };
}

function elements(parent: XmlNode, name: string): unknown[] {
  const value = parent[name];
  return Array.isArray(value) ? value : [];
}

function bulk(root: XmlNode): BulkSendRequest {
  const list = elements(root, 'mesaj');
  const message = list[0];
  if (list.length !== 1 || !isNode(message)) throw new BadXml();
  return {
    kind: 'bulk',
    credentials: credentials(root),
    sender: text(message, 'baslik'),
    text: text(message, 'metin'),
    recipients: text(message, 'alicilar'),
    ...sendOptions(root, text(message, 'tarih', '')),
  };
}

function personal(root: XmlNode): PersonalSendRequest {
  const list = elements(root, 'mesaj');
  if (list.length === 0) throw new BadXml();
  const messages: { text: string; number: string }[] = [];
  for (const message of list) {
    if (!isNode(message)) throw new BadXml();
    const body = text(message, 'metin');
    const numbers = elements(message, 'alici');
    if (numbers.length === 0) throw new BadXml();
    for (const number of numbers) {
      if (typeof number !== 'string') throw new BadXml();
      messages.push({ text: body, number });
    }
  }
  return {
    kind: 'personal',
    credentials: credentials(root),
    sender: text(root, 'baslik'),
    messages,
    messageCount: list.length,
    ...sendOptions(root, text(root, 'tarih', '')),
  };
}

function reportList(root: XmlNode): ReportListRequest {
  const range = root.rapor;
  if (range === undefined || range === '') return { kind: 'report-list', credentials: credentials(root), from: '', to: '' };
  if (!isNode(range)) throw new BadXml();
  return {
    kind: 'report-list',
    credentials: credentials(root),
    from: text(range, 'baslangic_tarihi', ''),
    to: text(range, 'bitis_tarihi', ''),
  };
}

function build(path: ApiPath, root: XmlNode): ApiRequest {
  const kind = API_PATHS[path];
  switch (kind) {
    case 'bulk':
      return bulk(root);
    case 'personal':
      return personal(root);
    case 'summary':
    case 'detail':
      return { kind, credentials: credentials(root), reportId: text(node(root, 'rapor'), 'raporid') };
    case 'report-list':
      return reportList(root);
    case 'balance':
      return { kind: 'balance', credentials: credentials(root) };
  }
}

/**
 * The call `xml` makes on `path`, or `undefined` when the XML is not well-formed, has the wrong root
 * element for the path (`SMS` for sends, `RAPOR` for reports) or lacks a required element.
 */
export function parseApiRequest(path: ApiPath, xml: string): ApiRequest | undefined {
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

// Request bodies for every call of the esemes XML API. Everything that comes from a caller goes through
// escapeXmlText, so no text, name, number or password can change the document's structure.

// One pass answers the common case (nothing to do): no markup character, no control, no surrogate at all.
const NEEDS_WORK = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;
const NEEDS_ESCAPE = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const ESCAPABLE = /\r\n?|[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const REPLACEMENTS: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '\n', '\r\n': '\n' };

/**
 * Escape a string for XML element content. `&`, `<` and `>` become entities (so `]]>` and `</metin>`
 * are inert); CR LF and lone CR become LF, as XML end-of-line handling would make them anyway; characters XML 1.0 cannot
 * carry at all (C0 controls other than TAB/LF/CR, U+FFFE, U+FFFF) are removed; lone surrogates become
 * U+FFFD, as any UTF-8 encoder would make them.
 * @example
 * escapeXmlText('a</metin><alici>5') // → 'a&lt;/metin&gt;&lt;alici&gt;5'
 */
export function escapeXmlText(value: string): string {
  if (typeof value === 'string' && !NEEDS_WORK.test(value)) return value;
  const text = value.isWellFormed() ? value : value.toWellFormed();
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPABLE, (c) => REPLACEMENTS[c] ?? '') : text;
}

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

export type Blacklist = 'own' | 'general';

/** Options shared by both send calls, already validated. */
export interface SendFlags {
  /** `YYYY-MM-DD HH:MM:SS` (Europe/Istanbul) or '' for now. */
  tarih: string;
  blacklist?: Blacklist | undefined;
  optOutLink?: boolean | undefined;
  optOutPhone?: boolean | undefined;
}

function session(credentials: Credentials): string {
  return `<oturum><kullanici>${escapeXmlText(credentials.user)}</kullanici><sifre>${escapeXmlText(credentials.password)}</sifre></oturum>`;
}

/** `karaliste`, `izin_link`, `izin_telefon` (only those asked for), after `tarih` when `withTarih`, as the page orders them. */
function trailer(flags: SendFlags, withTarih: boolean): string {
  let xml = withTarih ? `<tarih>${escapeXmlText(flags.tarih)}</tarih>` : '';
  if (flags.blacklist) xml += `<karaliste>${flags.blacklist === 'own' ? 'kendi' : 'genel'}</karaliste>`;
  if (flags.optOutLink) xml += '<izin_link>true</izin_link>';
  if (flags.optOutPhone) xml += '<izin_telefon>true</izin_telefon>';
  return xml;
}

/** Everything of a one-text request before the numbers. */
function sendHead(credentials: Credentials, sender: string, text: string): string {
  return `<SMS>${session(credentials)}<mesaj><baslik>${escapeXmlText(sender)}</baslik><metin>${escapeXmlText(text)}</metin><alicilar>`;
}

/** Everything of a one-text request after the numbers. */
function sendTail(flags: SendFlags): string {
  return `</alicilar><tarih>${escapeXmlText(flags.tarih)}</tarih></mesaj>${trailer(flags, false)}</SMS>`;
}

/**
 * One text to many numbers (`xml_api.php`, `[tr/]xml_api_ileri.php`). `numbers` must already be normalized.
 * @example
 * buildSendXml(creds, { sender: 'DENEME', text: 'Merhaba', numbers: ['5329998877'] }, { tarih: '' })
 */
export function buildSendXml(credentials: Credentials, message: { sender: string; text: string; numbers: readonly string[] }, flags: SendFlags): string {
  return `${sendHead(credentials, message.sender, message.text)}${escapeXmlText(message.numbers.join(','))}${sendTail(flags)}`;
}

const COMMA = 0x2c;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * The bytes of {@link buildSendXml} (UTF-8), a packet at a time, for a send whose every packet has the same
 * text, title and options: those are encoded once, and each packet's numbers are written straight into its
 * buffer. No 100,000-number string is joined, and no UTF-16 copy of the request is made to be encoded.
 */
export class SendXmlEncoder {
  readonly #head: Buffer;
  readonly #tail: Buffer;
  readonly #credentials: Credentials;
  readonly #message: { sender: string; text: string };
  readonly #flags: SendFlags;

  constructor(credentials: Credentials, message: { sender: string; text: string }, flags: SendFlags) {
    this.#credentials = credentials;
    this.#message = message;
    this.#flags = flags;
    this.#head = Buffer.from(sendHead(credentials, message.sender, message.text), 'utf8');
    this.#tail = Buffer.from(sendTail(flags), 'utf8');
  }

  /**
   * The request for `numbers[start…end)`, byte for byte `Buffer.from(buildSendXml(…))`. With `into` (a buffer
   * the caller owns and no longer needs), the bytes are written into it when they fit, and a view of it is returned.
   */
  body(numbers: readonly string[], start = 0, end = numbers.length, into?: Buffer): Buffer {
    let length = this.#head.length + this.#tail.length + Math.max(0, end - start - 1);
    for (let i = start; i < end; i += 1) length += (numbers[i] as string).length;
    const out = into && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length);
    let at = this.#head.copy(out, 0);
    for (let i = start; i < end; i += 1) {
      const number = numbers[i] as string;
      if (i > start) out[at++] = COMMA;
      for (let j = 0; j < number.length; j += 1) {
        const code = number.charCodeAt(j);
        // Digits need no escaping and are one byte each; anything else takes the general road.
        if (code < DIGIT_0 || code > DIGIT_9) {
          const message = { ...this.#message, numbers: numbers.slice(start, end) };
          return Buffer.from(buildSendXml(this.#credentials, message, this.#flags), 'utf8');
        }
        out[at++] = code;
      }
    }
    this.#tail.copy(out, at);
    return out;
  }
}

/**
 * Builds one personalized packet (`xml_ozel_api.php`, `[tr/]xml_ozel_api_ileri.php`) a message at a time,
 * so a caller streaming messages holds one packet's XML and nothing more.
 * @example
 * const builder = new PersonalizedPacketBuilder();
 * builder.add('5428887766', 'Sayin Veli Dogan, borcunuz 15TL dir.');
 * builder.finish(creds, 'DEMO', { tarih: '', optOutLink: true }); // for xml_ozel_api_ileri.php
 */
export class PersonalizedPacketBuilder {
  #body = '';
  #count = 0;

  /** Add one message; `number` must already be normalized. */
  add(number: string, text: string): void {
    this.#body += `<mesaj><metin>${escapeXmlText(text)}</metin><alici>${escapeXmlText(number)}</alici></mesaj>`;
    this.#count += 1;
  }

  get count(): number {
    return this.#count;
  }

  /**
   * The whole request; the builder is empty again afterwards. `flags` for the `…_ileri.php` calls: then
   * `tarih` (empty = now), `karaliste`, `izin_link` and `izin_telefon` follow the messages, as on the page.
   * `undefined` for `xml_ozel_api.php`, whose documented request has none of them.
   */
  finish(credentials: Credentials, sender: string, flags: SendFlags | undefined): string {
    const xml = `<SMS>${session(credentials)}<baslik>${escapeXmlText(sender)}</baslik>${this.#body}${flags ? trailer(flags, true) : ''}</SMS>`;
    this.#body = '';
    this.#count = 0;
    return xml;
  }
}

/** `xml_rapor.php` and `xml_rapor_detay.php`. */
export function buildReportXml(credentials: Credentials, reportId: string): string {
  return `<RAPOR>${session(credentials)}<rapor><raporid>${escapeXmlText(reportId)}</raporid></rapor></RAPOR>`;
}

/** `xml_raporlar.php`, optionally limited to a range of `YYYY-MM-DD HH:MM:SS` times. */
export function buildReportIdsXml(credentials: Credentials, range?: { from: string; to: string }): string {
  const rapor = range
    ? `<rapor><baslangic_tarihi>${escapeXmlText(range.from)}</baslangic_tarihi><bitis_tarihi>${escapeXmlText(range.to)}</bitis_tarihi></rapor>`
    : '';
  return `<RAPOR>${session(credentials)}${rapor}</RAPOR>`;
}

/** `xml_bakiye.php`. */
export function buildBalanceXml(credentials: Credentials): string {
  return `<RAPOR>${session(credentials)}</RAPOR>`;
}

// Reply bytes in UTF-8 or, to test clients' decoding, in ISO-8859-9 (Latin-5). Latin-5 is Latin-1
// with six letters swapped for Turkish ones; Node has no encoder for it, so it is done by hand.

/** The charsets the sandbox can answer in. */
export type ReplyCharset = 'utf-8' | 'iso-8859-9';

const TURKISH: Readonly<Record<string, number>> = { Ğ: 0xd0, İ: 0xdd, Ş: 0xde, ğ: 0xf0, ı: 0xfd, ş: 0xfe };
// Latin-1 letters whose bytes Latin-5 gives to the Turkish ones: not representable.
const DISPLACED = new Set([0xd0, 0xdd, 0xde, 0xf0, 0xfd, 0xfe]);
const UNKNOWN = 0x3f; // '?'

/** `text` as ISO-8859-9 bytes; characters it cannot hold become `?`. */
export function encodeIso88599(text: string): Buffer {
  const bytes = Buffer.alloc(text.length);
  let length = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? UNKNOWN;
    const turkish = TURKISH[char];
    bytes[length++] = turkish ?? (code < 0x100 && !DISPLACED.has(code) ? code : UNKNOWN);
  }
  return bytes.subarray(0, length);
}

/** The reply body as bytes in `charset`. */
export function encodeReply(text: string, charset: ReplyCharset): Buffer {
  return charset === 'utf-8' ? Buffer.from(text, 'utf8') : encodeIso88599(text);
}

/** The Content-Type header for a reply of `type`, naming the charset only when `declare`. */
export function replyContentType(type: 'text/plain' | 'text/xml', charset: ReplyCharset, declare: boolean): string {
  return declare ? `${type}; charset=${charset}` : type;
}

// The request body as text. The provider's clients send UTF-8 or, from older PHP/C# code,
// ISO-8859-9 (Turkish Latin-5, which WHATWG decodes as its superset windows-1254).
// The Content-Type charset wins when present (RFC 7303); otherwise the XML declaration's encoding.
// An undeclared body is UTF-8 when it is valid UTF-8, else ISO-8859-9: the fallback the core uses for
// replies (`decodeReply` in @esemes/core).
import { isAscii } from 'node:buffer';

const UTF8 = new TextDecoder('utf-8');
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const TURKISH = new TextDecoder('windows-1254');
const DECLARATION = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/** The WHATWG encoding `label` names (`latin5`, `iso-8859-9` → `windows-1254`), or undefined for an unknown label. */
function encodingOf(label: string): string | undefined {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return undefined;
  }
}

/** The charset the request declares: the Content-Type parameter first, else the XML declaration. */
export function declaredCharset(body: Uint8Array, contentType: string | undefined): string | undefined {
  const fromHeader = contentType ? CHARSET.exec(contentType)?.[1] : undefined;
  if (fromHeader) return fromHeader;
  // The declaration is ASCII in both encodings; 200 bytes cover it with room for spaces.
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 200)).toString('latin1');
  return DECLARATION.exec(head)?.[1];
}

/**
 * The body as text: windows-1254 when the request declares ISO-8859-9 / windows-1254 (any label), UTF-8
 * when it declares UTF-8; otherwise (nothing declared, or another or unknown charset) UTF-8 when the bytes
 * are valid UTF-8, else ISO-8859-9 (decoded as windows-1254).
 */
export function decodeBody(body: Uint8Array, contentType: string | undefined): string {
  // ASCII reads the same in every charset here, and as latin1 it is a copy, not a UTF-8 decoding (which
  // costs about as much as parsing a large request).
  if (isAscii(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  const charset = declaredCharset(body, contentType);
  const encoding = charset === undefined ? undefined : encodingOf(charset);
  if (encoding === 'windows-1254') return TURKISH.decode(body);
  if (encoding === 'utf-8') return UTF8.decode(body);
  try {
    return STRICT_UTF8.decode(body);
  } catch {
    return TURKISH.decode(body);
  }
}

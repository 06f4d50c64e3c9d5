// The request body as text. The provider's clients send UTF-8 or, from older PHP/C# code,
// ISO-8859-9 (Turkish Latin-5, which WHATWG decodes as its superset windows-1254).
// The Content-Type charset wins when present (RFC 7303); otherwise the XML declaration's encoding.

const UTF8 = new TextDecoder('utf-8');
const TURKISH = new TextDecoder('windows-1254');
const DECLARATION = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/** True when `label` names ISO-8859-9 / windows-1254 under any of its WHATWG labels. */
function isTurkishLabel(label: string): boolean {
  try {
    return new TextDecoder(label.trim()).encoding === 'windows-1254';
  } catch {
    return false; // unknown label
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

/** The body decoded as UTF-8, or as windows-1254 when the request declares ISO-8859-9 / windows-1254. */
export function decodeBody(body: Uint8Array, contentType: string | undefined): string {
  const charset = declaredCharset(body, contentType);
  return (charset !== undefined && isTurkishLabel(charset) ? TURKISH : UTF8).decode(body);
}

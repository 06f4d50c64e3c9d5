// Escaping for the XML the sandbox writes (attribute values and text).

// Characters XML 1.0 cannot carry at all, even escaped: C0 controls other than tab, LF and CR, and
// U+FFFE/U+FFFF. A text that came in through a numeric reference is shown with U+FFFD instead.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const SPECIAL = /[&<>"'\n\r\t]/g;
const ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};

/** `value` safe inside a double-quoted attribute (newlines kept as `&#10;`, not normalized away). */
export function escapeXml(value: string): string {
  return value.replace(FORBIDDEN, '\uFFFD').replace(SPECIAL, (c) => ENTITY[c] ?? c);
}

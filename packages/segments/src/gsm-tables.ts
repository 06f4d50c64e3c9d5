// The GSM 7-bit tables of 3GPP TS 23.038, and one charCode-indexed lookup built from them once.

/**
 * 6.2.1 GSM 7 bit default alphabet, in code order (0x00–0x7F). Code 0x1B is the escape to the
 * extension (or national single shift) table, not a character: its cell holds U+001B as a
 * placeholder and is skipped when the lookup is built. 0x09 is Ç (U+00C7), not ç.
 */
export const DEFAULT_ALPHABET =
  '@£$¥èéùìòÇ\nØø\rÅå' + // 0x00
  '\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u001bÆæßÉ' + // 0x10: Δ _ Φ Γ Λ Ω Π Ψ Σ Θ Ξ ESC Æ æ ß É
  ' !"#¤%&\'()*+,-./' + // 0x20
  '0123456789:;<=>?' + // 0x30
  '¡ABCDEFGHIJKLMNO' + // 0x40
  'PQRSTUVWXYZÄÖÑÜ§' + // 0x50
  '¿abcdefghijklmno' + // 0x60
  'pqrstuvwxyzäöñüà'; // 0x70

/** Code of the escape in {@link DEFAULT_ALPHABET}. */
export const ESCAPE_CODE = 0x1b;

/** 6.2.1.1 GSM 7 bit default alphabet extension table: [code after the escape, character]. */
export const EXTENSION_TABLE: ReadonlyArray<readonly [number, string]> = [
  [0x0a, '\f'],
  [0x14, '^'],
  [0x28, '{'],
  [0x29, '}'],
  [0x2f, '\\'],
  [0x3c, '['],
  [0x3d, '~'],
  [0x3e, ']'],
  [0x40, '|'],
  [0x65, '€'],
];

/**
 * A.2.1 Turkish national language single shift table: [code after the escape, character].
 * It keeps every character of the default extension table and adds Ğ İ Ş ç ğ ı ş.
 */
export const TURKISH_SINGLE_SHIFT_TABLE: ReadonlyArray<readonly [number, string]> = [
  [0x0a, '\f'],
  [0x14, '^'],
  [0x28, '{'],
  [0x29, '}'],
  [0x2f, '\\'],
  [0x3c, '['],
  [0x3d, '~'],
  [0x3e, ']'],
  [0x40, '|'],
  [0x47, '\u011e'], // Ğ
  [0x49, '\u0130'], // İ
  [0x53, '\u015e'], // Ş
  [0x63, '\u00e7'], // ç
  [0x65, '€'],
  [0x67, '\u011f'], // ğ
  [0x69, '\u0131'], // ı
  [0x73, '\u015f'], // ş
];

/** Class of a UTF-16 code unit: encodable neither in GSM-7 nor with the Turkish single shift (forces UCS-2). */
export const UCS2_ONLY = 0;
/** Class of a UTF-16 code unit: in the default alphabet, 1 septet. */
export const DEFAULT_CHAR = 1;
/** Class of a UTF-16 code unit: in the extension table (and the Turkish single shift table), 2 septets. */
export const EXTENSION_CHAR = 2;
/** Class of a UTF-16 code unit: only in the Turkish single shift table, 2 septets. */
export const TURKISH_SHIFT_CHAR = 3;

function buildClasses(): Uint8Array {
  const classes = new Uint8Array(0x10000); // every code unit starts as UCS2_ONLY
  for (let code = 0; code < DEFAULT_ALPHABET.length; code++) {
    if (code !== ESCAPE_CODE) classes[DEFAULT_ALPHABET.charCodeAt(code)] = DEFAULT_CHAR;
  }
  for (const [, char] of EXTENSION_TABLE) classes[char.charCodeAt(0)] = EXTENSION_CHAR;
  for (const [, char] of TURKISH_SINGLE_SHIFT_TABLE) {
    const unit = char.charCodeAt(0);
    if (classes[unit] === UCS2_ONLY) classes[unit] = TURKISH_SHIFT_CHAR;
  }
  return classes;
}

/**
 * Class of every UTF-16 code unit (`GSM_CLASS[text.charCodeAt(i)]`): {@link UCS2_ONLY},
 * {@link DEFAULT_CHAR}, {@link EXTENSION_CHAR} or {@link TURKISH_SHIFT_CHAR}. Surrogates are
 * UCS2_ONLY. 64 KiB, built once at load.
 */
export const GSM_CLASS: Uint8Array = buildClasses();

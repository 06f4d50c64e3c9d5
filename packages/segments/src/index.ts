// Public API of @esemes/segments: SMS length per 3GPP TS 23.038. Named exports only.
export type { OptOutOptions, Segments, SmsEncoding } from './types.js';
export { segments } from './segments.js';
export { hasTurkishLetters, transliterate } from './transliterate.js';
export { gsmUnsupported } from './gsm-unsupported.js';
export { foldToSmsAlphabet, foldWithReport } from './fold-latin.js';
export type { FoldOptions, Folded } from './fold-latin.js';
export { OPT_OUT_LINK_SUFFIX, OPT_OUT_PHONE_SUFFIX, withOptOut } from './opt-out.js';

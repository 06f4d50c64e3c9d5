import {
  AuthenticationError,
  DateError,
  InsufficientCreditError,
  ProviderError,
  type ProviderErrorCode,
  RecipientError,
  SenderError,
  UnknownProviderError,
  XmlError,
} from './errors.js';
import { transliterate } from '@esemes/segments';

// The provider sends no error codes, only Turkish sentences. We match on keywords of the sentence after
// folding case and Turkish letters, so "ŞİFRE", "sifre" and a text decoded from ISO-8859-9 all match.
// Order matters: "Kullanıcı kredisi yetersiz" is about credit, "Başlık kullanıcıya ait değil" about the sender.
const RULES: ReadonlyArray<readonly [ProviderErrorCode, RegExp, string]> = [
  ['credit', /kredi|bakiye/, 'insufficient credit'],
  ['date', /tarih/, 'invalid date'],
  ['sender', /baslik|gonderici|originator|sender/, 'invalid or unregistered sender title'],
  ['recipients', /numara|alici|gsm|telefon|100\.000|100000/, 'invalid or too many recipient numbers'],
  ['xml', /xml/, 'malformed request XML'],
  ['auth', /kullanici|sifre|parola|oturum|yetki|giris/, 'wrong user name or password'],
];

const CLASSES = {
  auth: AuthenticationError,
  credit: InsufficientCreditError,
  sender: SenderError,
  recipients: RecipientError,
  xml: XmlError,
  date: DateError,
  unknown: UnknownProviderError,
} as const satisfies Record<ProviderErrorCode, typeof ProviderError>;

/**
 * Classify the Turkish description of an `ERR|…` reply.
 * @example
 * classifyProviderText('Kullanıcı adı veya şifre hatalı') // → { code: 'auth', english: 'wrong user name or password' }
 */
export function classifyProviderText(text: string): { code: ProviderErrorCode; english: string } {
  const folded = transliterate(text).toLowerCase();
  for (const [code, pattern, english] of RULES) {
    if (pattern.test(folded)) return { code, english };
  }
  return { code: 'unknown', english: 'unrecognised provider error' };
}

/** Build the typed error for an `ERR|…` description returned by `call`. */
export function providerErrorFor(text: string, call: string): ProviderError {
  const { code, english } = classifyProviderText(text);
  return new CLASSES[code](code, text, call, english);
}

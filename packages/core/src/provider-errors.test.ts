import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  DateError,
  InsufficientCreditError,
  isEsemesError,
  isProviderError,
  RecipientError,
  SenderError,
  UnknownProviderError,
  XmlError,
} from './errors.js';
import { classifyProviderText, providerErrorFor } from './provider-errors.js';

describe("classifying the provider's Turkish errors", () => {
  it.each([
    ['Kullanıcı adı veya şifre hatalı', 'auth', AuthenticationError],
    ['KULLANICI ADI VEYA ŞİFRE HATALI', 'auth', AuthenticationError],
    ['Kullanici adi veya sifre hatali', 'auth', AuthenticationError],
    ['Yetersiz kredi', 'credit', InsufficientCreditError],
    ['Kullanıcı kredisi yetersiz', 'credit', InsufficientCreditError],
    ['Bakiyeniz yetersiz', 'credit', InsufficientCreditError],
    ['Geçersiz başlık', 'sender', SenderError],
    ['Başlık kullanıcıya ait değil', 'sender', SenderError],
    ['Geçersiz numara', 'recipients', RecipientError],
    ['Bir seferde en fazla 100.000 numaraya gönderim yapılabilir', 'recipients', RecipientError],
    ['Hatalı XML yapısı', 'xml', XmlError],
    ['Geçersiz tarih formatı', 'date', DateError],
    ['Mesaj metni boş', 'unknown', UnknownProviderError],
    ['Sistem bakımda', 'unknown', UnknownProviderError],
  ])('%j → %s', (text, code, Class) => {
    expect(classifyProviderText(text).code).toBe(code);
    const error = providerErrorFor(text, 'xml_api.php');
    expect(error).toBeInstanceOf(Class);
    expect(error.code).toBe(code);
    expect(error.providerText).toBe(text);
    expect(error.call).toBe('xml_api.php');
    expect(error.message).toContain(text);
    expect(isEsemesError(error) && isProviderError(error)).toBe(true);
  });
});

describe('the type guards', () => {
  it("Should know our errors from another copy of the package by name and code, and nobody else's", () => {
    const copy = Object.assign(new Error('esemes xml_api.php answered ERR'), { name: 'AuthenticationError', code: 'auth' });
    expect(isEsemesError(copy) && isProviderError(copy)).toBe(true);
    // A store's REST error with a code of the same spelling is not a provider error.
    const foreign = Object.assign(new Error('WooCommerce refused our keys'), { name: 'WooRestError', code: 'auth' });
    expect(isEsemesError(foreign)).toBe(false);
    expect(isProviderError(foreign)).toBe(false);
    expect(isEsemesError(Object.assign(new Error('x'), { name: 'ServerConfigError', code: 'config' }))).toBe(false);
    expect(isEsemesError({ name: 'AuthenticationError', code: 'auth' })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { carrierKey, carrierTable, CARRIER_URLS, fillTrackingUrl, normalizeCarrierText, shipmentFor } from './carriers.js';

describe('carrierKey', () => {
  it('maps plugin slugs and names to the table keys', () => {
    const cases: Record<string, string> = {
      'yurtici-kargo': 'yurtici',
      yurtici_kargo: 'yurtici',
      'Yurtiçi Kargo': 'yurtici',
      'YURTİÇİ KARGO': 'yurtici',
      yurtici: 'yurtici',
      'aras-kargo': 'aras',
      'mng-kargo': 'mng',
      'ptt-kargo': 'ptt',
      'surat-kargo': 'surat',
      'Sürat Kargo': 'surat',
      'trendyol-express': 'tex',
      trendyolexpress: 'tex',
      tex: 'tex',
      hepsijet: 'hepsijet',
      HepsiJET: 'hepsijet',
      ups: 'ups',
      'UPS Kargo': 'ups',
      dhl: 'dhl',
      'dhl-ecommerce': 'dhlecommerce',
      'DHL eCommerce': 'dhlecommerce',
    };
    for (const [text, key] of Object.entries(cases)) expect(carrierKey(text), text).toBe(key);
    expect(carrierKey('Bizim Kurye')).toBeUndefined();
    expect(carrierKey('')).toBeUndefined();
    expect(normalizeCarrierText('Yurtiçi Kargo')).toBe('yurticikargo');
  });

  it('covers the carriers the adapter promises', () => {
    for (const key of ['yurtici', 'aras', 'mng', 'dhlecommerce', 'ptt', 'surat', 'hepsijet', 'tex', 'ups', 'dhl'])
      expect(CARRIER_URLS[key]).toMatch(/^https?:\/\//);
  });
});

describe('fillTrackingUrl', () => {
  it('replaces {code} or appends the encoded number', () => {
    expect(fillTrackingUrl('https://t.example/{code}/detail', 'A B/1')).toBe('https://t.example/A%20B%2F1/detail');
    expect(fillTrackingUrl('https://t.example/?q=', '123')).toBe('https://t.example/?q=123');
    expect(fillTrackingUrl('https://t.example/?n=%number%', '9')).toBe('https://t.example/?n=9');
    expect(fillTrackingUrl('ftp://t.example/', '9')).toBeUndefined();
  });
});

describe('shipmentFor', () => {
  it("names the carrier and links its page, preferring the platform's own link", () => {
    expect(shipmentFor({ carriers: ['', 'yurtici-kargo'], trackingNumber: ' 3001234567 ' })).toEqual({
      carrier: 'Yurtiçi Kargo',
      trackingNumber: '3001234567',
      trackingUrl: 'https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code=3001234567',
    });
    expect(shipmentFor({ carriers: ['Bizim Kurye'], trackingNumber: 'K1', link: 'https://kurye.example/t/K1' })).toEqual({
      carrier: 'Bizim Kurye',
      trackingNumber: 'K1',
      trackingUrl: 'https://kurye.example/t/K1',
    });
    expect(shipmentFor({ carriers: ['mng-kargo'], trackingNumber: '333', link: 'javascript:alert(1)' })?.trackingUrl).toMatch(/^http:\/\/service\.mngkargo/);
  });

  it('says Kargo when nothing names the carrier, and nothing without a usable number', () => {
    expect(shipmentFor({ carriers: [], trackingNumber: '1' })).toEqual({ carrier: 'Kargo', trackingNumber: '1' });
    expect(shipmentFor({ carriers: ['aras'], trackingNumber: ' ' })).toBeUndefined();
    expect(shipmentFor({ carriers: ['aras'], trackingNumber: 'x'.repeat(101) })).toBeUndefined();
  });

  it("uses a store's own tracking pages over the built-in ones, keyed by any name of the carrier", () => {
    const table = carrierTable({ 'Yurtiçi Kargo': 'https://yk.example/{code}', 'bizim-kurye': 'https://kurye.example/?n=' });
    expect(shipmentFor({ carriers: ['yurtici'], trackingNumber: '9', table })?.trackingUrl).toBe('https://yk.example/9');
    expect(shipmentFor({ carriers: ['Bizim Kurye'], trackingNumber: '9', table })).toEqual({
      carrier: 'Bizim Kurye',
      trackingNumber: '9',
      trackingUrl: 'https://kurye.example/?n=9',
    });
    expect(CARRIER_URLS['yurtici']).toMatch(/yurticikargo\.com/);
  });
});

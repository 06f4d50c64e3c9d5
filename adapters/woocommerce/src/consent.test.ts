import { describe, expect, it } from 'vitest';
import { DEFAULT_CONSENT_META_KEYS, smsConsentOf } from './consent.js';
import type { WooMeta } from './types.js';

const order = (meta: WooMeta[]) => ({ meta_data: meta });

describe('smsConsentOf', () => {
  it('reads NetGSM checkout consent', () => {
    expect(smsConsentOf(order([{ key: '_netgsm_iys_checkout', value: '1' }]))).toEqual({
      marketing: true,
      source: 'woocommerce order meta _netgsm_iys_checkout',
    });
    expect(smsConsentOf(order([{ key: '_netgsm_iys_checkout', value: '0' }]))).toEqual({ marketing: false });
  });

  it('reads the block checkout copy and Checkout Field Editor names', () => {
    expect(smsConsentOf(order([{ key: '_wc_other/netgsm/iys_consent', value: '1' }])).source).toBe('woocommerce order meta _wc_other/netgsm/iys_consent');
    expect(smsConsentOf(order([{ key: 'iys_sms_onay', value: 'on' }])).marketing).toBe(true);
    expect(DEFAULT_CONSENT_META_KEYS).toContain('sms_consent');
  });

  it('accepts every truthy spelling, case-insensitively', () => {
    for (const value of ['1', 'yes', 'YES', 'On', 'true', ' True ', true, 1]) {
      expect(smsConsentOf(order([{ key: 'sms_consent', value }])).marketing, String(value)).toBe(true);
    }
    for (const value of ['0', 'no', '', 'false', false, 0, null, undefined, ['1'], { a: 1 }, 2]) {
      expect(smsConsentOf(order([{ key: 'sms_consent', value }])).marketing, JSON.stringify(value)).toBe(false);
    }
  });

  it('uses the last value of a repeated key and the store keys when given', () => {
    expect(
      smsConsentOf(
        order([
          { key: 'sms_consent', value: 'yes' },
          { key: 'sms_consent', value: 'no' },
        ]),
      ).marketing,
    ).toBe(false);
    const meta = order([
      { key: 'kampanya_izni', value: 'yes' },
      { key: '_netgsm_iys_checkout', value: '1' },
    ]);
    expect(smsConsentOf(meta, ['kampanya_izni'])).toEqual({ marketing: true, source: 'woocommerce order meta kampanya_izni' });
    expect(smsConsentOf(order([{ key: '_netgsm_iys_checkout', value: '1' }]), ['kampanya_izni']).marketing).toBe(false);
    expect(smsConsentOf(order([]))).toEqual({ marketing: false });
  });
});

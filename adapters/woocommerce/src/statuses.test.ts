import { describe, expect, it } from 'vitest';
import { DEFAULT_STATUS_RULES, isPlaced, normalizeStatus, orderPhase, ruleFor, statusRules } from './statuses.js';

describe('statusRules', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_STATUS_RULES['pending']).toEqual({ canonical: 'pending_payment', sms: false });
    expect(DEFAULT_STATUS_RULES['processing']).toEqual({ canonical: 'processing', sms: false });
    expect(DEFAULT_STATUS_RULES['completed']).toEqual({ canonical: 'completed', sms: true });
    expect(DEFAULT_STATUS_RULES['checkout-draft']).toEqual({ canonical: null, sms: false });
    expect(DEFAULT_STATUS_RULES['kargo-verildi']).toEqual({ canonical: 'processing', sms: false });
    expect(DEFAULT_STATUS_RULES['delivered']).toEqual({ canonical: 'completed', sms: true, event: 'shipment.delivered' });
    expect(Object.isFrozen(DEFAULT_STATUS_RULES)).toBe(true);
  });

  it('merges store settings over the defaults, normalizing the keys', () => {
    const rules = statusRules({ statuses: { 'wc-Processing': { canonical: 'processing', sms: true }, hazirlaniyor: { canonical: 'processing', sms: true } } });
    expect(ruleFor(rules, 'processing')).toEqual({ canonical: 'processing', sms: true });
    expect(ruleFor(rules, 'hazirlaniyor').sms).toBe(true);
    expect(ruleFor(rules, 'completed')).toEqual({ canonical: 'completed', sms: true });
    expect(ruleFor(statusRules({}), 'processing').sms).toBe(false);
  });

  it('sends nothing for unknown statuses, even ones named like Object members', () => {
    const rules = statusRules({});
    for (const status of ['my-custom', 'constructor', '__proto__', 'toString']) expect(ruleFor(rules, status)).toEqual({ canonical: null, sms: false });
  });
});

describe('orderPhase', () => {
  it('tells drafts, unpaid checkouts, closed and placed orders apart', () => {
    expect(orderPhase({ status: 'checkout-draft', created_via: 'store-api' })).toBe('draft');
    expect(orderPhase({ status: 'pending', created_via: 'checkout' })).toBe('unpaid_checkout');
    expect(orderPhase({ status: 'pending', created_via: 'store-api' })).toBe('unpaid_checkout');
    expect(orderPhase({ status: 'pending', created_via: 'admin' })).toBe('placed');
    expect(orderPhase({ status: 'on-hold', created_via: 'checkout' })).toBe('placed');
    expect(orderPhase({ status: 'kargo-verildi', created_via: 'checkout' })).toBe('placed');
    for (const status of ['cancelled', 'failed', 'refunded', 'trash']) expect(orderPhase({ status, created_via: 'checkout' })).toBe('closed');
    expect(isPlaced({ status: 'processing', created_via: 'checkout' })).toBe(true);
    expect(isPlaced({ status: 'wc-cancelled', created_via: 'checkout' })).toBe(false);
  });

  it('normalizes DB-style statuses', () => {
    expect(normalizeStatus(' wc-Kargo-Verildi ')).toBe('kargo-verildi');
  });
});

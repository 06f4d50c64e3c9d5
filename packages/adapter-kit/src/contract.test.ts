import { describe, expect, it } from 'vitest';
import { AdapterConfigError, isAdapterConfigError } from './contract.js';

describe('AdapterConfigError', () => {
  it('Should name every bad variable in one message and list them', () => {
    const error = new AdapterConfigError('WooCommerce', [
      { variable: 'WOOCOMMERCE_URL', problem: 'is missing' },
      { variable: 'WOOCOMMERCE_CONSUMER_KEY', problem: 'must start with ck_' },
    ]);
    expect(error.message).toBe('WooCommerce configuration is incomplete: WOOCOMMERCE_URL is missing; WOOCOMMERCE_CONSUMER_KEY must start with ck_.');
    expect(error.variables).toEqual(['WOOCOMMERCE_URL', 'WOOCOMMERCE_CONSUMER_KEY']);
    expect(error.code).toBe('config');
  });

  it('Should be recognised also from another copy of the package, and nothing else', () => {
    const foreign = Object.assign(new Error('x'), { code: 'config', variables: ['A'] });
    expect(isAdapterConfigError(new AdapterConfigError('X', []))).toBe(true);
    expect(isAdapterConfigError(foreign)).toBe(true);
    expect(isAdapterConfigError(Object.assign(new Error('x'), { code: 'config' }))).toBe(false);
    expect(isAdapterConfigError({ code: 'config', variables: [] })).toBe(false);
  });
});

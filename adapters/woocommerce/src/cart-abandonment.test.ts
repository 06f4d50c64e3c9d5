import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CartWebhookError, parseCartAbandonment } from './cart-abandonment.js';
import { newCartToken } from './stores.js';

const CHECKOUT = 'https://magaza.example.com/checkout/?wcf_ac_token=abc&wcf_session_id=4f2a9c1e7d';
const abandoned = {
  first_name: 'Ayşe',
  last_name: 'Yılmaz',
  phone_number: '+90 532 111 22 33',
  email: 'Ayse@Example.com',
  checkout_url: CHECKOUT,
  product_names: 'Kahve Makinesi, Filtre Kağıdı',
  coupon_code: 'GERI10',
  order_status: 'abandoned',
  cart_total: '249.9',
  billing_address: 'x',
  product_table: '<table></table>',
};

function errorOf(body: Record<string, string | string[] | undefined>): CartWebhookError {
  try {
    parseCartAbandonment(body);
  } catch (error) {
    expect(error).toBeInstanceOf(CartWebhookError);
    return error as CartWebhookError;
  }
  throw new Error('expected a CartWebhookError');
}

describe('parseCartAbandonment', () => {
  it('parses an abandoned cart', () => {
    expect(parseCartAbandonment(abandoned)).toEqual({
      kind: 'abandoned',
      cartId: '4f2a9c1e7d',
      firstName: 'Ayşe',
      lastName: 'Yılmaz',
      phone: '+90 532 111 22 33',
      email: 'Ayse@Example.com',
      checkoutUrl: CHECKOUT,
      productNames: ['Kahve Makinesi', 'Filtre Kağıdı'],
      cartTotal: '249.9',
      couponCode: 'GERI10',
    });
  });

  it('leaves out empty optional fields', () => {
    const cart = parseCartAbandonment({ ...abandoned, first_name: '', last_name: undefined, coupon_code: ' ', product_names: '' });
    expect(cart).not.toHaveProperty('firstName');
    expect(cart).not.toHaveProperty('lastName');
    expect(cart).not.toHaveProperty('couponCode');
    expect(cart).toMatchObject({ productNames: [] });
  });

  it('parses a completed cart', () => {
    expect(parseCartAbandonment({ ...abandoned, order_status: 'completed' })).toEqual({ kind: 'completed', cartId: '4f2a9c1e7d' });
    expect(parseCartAbandonment({ order_status: 'completed', email: 'a@b.co' })).toMatchObject({ kind: 'completed' });
  });

  it('falls back to a hash of e-mail and phone digits without a session id', () => {
    const checkout = 'https://magaza.example.com/checkout/';
    const cart = parseCartAbandonment({ ...abandoned, checkout_url: checkout });
    const expected = createHash('sha256').update('ayse@example.com|905321112233').digest('hex').slice(0, 24);
    expect(cart.cartId).toBe(expected);
    expect(cart.cartId).toMatch(/^[0-9a-f]{24}$/);
    // The same customer written differently gives the same id; the completed webhook matches it.
    expect(parseCartAbandonment({ ...abandoned, checkout_url: checkout, email: 'AYSE@example.com', phone_number: '+90 (532) 111-22-33' }).cartId).toBe(
      expected,
    );
    expect(parseCartAbandonment({ ...abandoned, checkout_url: checkout, order_status: 'completed' }).cartId).toBe(expected);
  });

  it('takes the last value of a repeated field', () => {
    expect(parseCartAbandonment({ ...abandoned, cart_total: ['1', '99.50'] })).toMatchObject({ cartTotal: '99.50' });
  });

  it('names every missing field', () => {
    const error = errorOf({ order_status: 'abandoned', email: 'a@b.co' });
    expect(error.code).toBe('malformed_cart');
    expect(error.message).toContain('checkout_url');
    expect(error.message).toContain('cart_total');
    expect(errorOf({}).message).toContain('order_status');
  });

  it('requires something to identify the cart', () => {
    const error = errorOf({ order_status: 'abandoned', checkout_url: 'https://x.example/checkout/', cart_total: '10' });
    expect(error.code).toBe('malformed_cart');
    expect(error.message).toContain('wcf_session_id');
    expect(errorOf({ order_status: 'completed' }).code).toBe('malformed_cart');
  });

  it.each(['javascript:alert(1)', 'ftp://x.example/', 'not a url'])('refuses checkout_url %s', (checkoutUrl) => {
    const error = errorOf({ ...abandoned, checkout_url: checkoutUrl });
    expect(error.code).toBe('malformed_cart');
    expect(error.message).toContain('checkout_url');
  });

  it.each(['1.249,90', 'abc', '', '-5', '1e3', '12.'])('refuses cart_total %j', (cartTotal) => {
    const error = errorOf({ ...abandoned, cart_total: cartTotal });
    expect(error.message).toContain('cart_total');
  });

  it.each(['lost', 'normal', 'failed'])('refuses order_status %s', (status) => {
    expect(errorOf({ ...abandoned, order_status: status }).code).toBe('unsupported_status');
  });

  it('never puts the phone number in an error', () => {
    const error = errorOf({ ...abandoned, cart_total: 'x' });
    expect(error.message).not.toContain('532');
  });
});

describe('cart tokens', () => {
  it('creates 32 alphanumerics', () => {
    const token = newCartToken();
    expect(token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(newCartToken()).not.toBe(token);
  });
});

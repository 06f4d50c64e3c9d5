// The Cart Abandonment Recovery (CartFlows) plugin's "Enable Webhook" delivery: a form-encoded,
// unsigned POST (http_build_query) sent once when a cart is abandoned and once when it is recovered.
// The plugin cannot sign, so the webhook URL carries a secret token (compared with the kit's secretsMatch).
import { createHash } from 'node:crypto';

export type CartWebhookErrorCode = 'malformed_cart' | 'unsupported_status';

export class CartWebhookError extends Error {
  override readonly name = 'CartWebhookError' as const;
  readonly code: CartWebhookErrorCode;
  constructor(code: CartWebhookErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface AbandonedCart {
  kind: 'abandoned';
  cartId: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  email?: string;
  /** The recovery link (restores the cart), http(s). */
  checkoutUrl: string;
  productNames: string[];
  /** A plain decimal as the plugin sends it, e.g. `249.9`. */
  cartTotal: string;
  couponCode?: string;
}

export interface CompletedCart {
  kind: 'completed';
  cartId: string;
}

export type CartWebhook = AbandonedCart | CompletedCart;

export type CartFormBody = Record<string, string | string[] | undefined>;

/** A repeated form key keeps its last value, as PHP's $_POST does. Empty strings count as absent. */
function field(body: CartFormBody, name: string): string | undefined {
  const raw = body[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function httpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The cart's stable id: the recovery link's `wcf_session_id`, else a hash of e-mail and phone digits. */
export function cartIdOf(checkoutUrl: URL | undefined, email: string | undefined, phone: string | undefined): string | undefined {
  const session = checkoutUrl?.searchParams.get('wcf_session_id');
  if (session !== null && session !== undefined && /^[A-Za-z0-9_-]{1,100}$/.test(session)) return session;
  const digits = phone?.replace(/\D/g, '') ?? '';
  if (email === undefined && digits === '') return undefined;
  return createHash('sha256')
    .update(`${(email ?? '').toLowerCase()}|${digits}`)
    .digest('hex')
    .slice(0, 24);
}

/** Parses the plugin's form body. Throws CartWebhookError naming every missing or invalid field. */
export function parseCartAbandonment(body: CartFormBody): CartWebhook {
  const status = field(body, 'order_status');
  if (status === undefined) throw new CartWebhookError('malformed_cart', 'The cart webhook is missing fields: order_status.');
  if (status !== 'abandoned' && status !== 'completed') {
    throw new CartWebhookError('unsupported_status', `Unsupported cart order_status '${status.slice(0, 30)}'.`);
  }

  const problems: string[] = [];
  const checkoutRaw = field(body, 'checkout_url');
  const checkoutUrl = checkoutRaw === undefined ? undefined : httpUrl(checkoutRaw);
  if (checkoutRaw !== undefined && checkoutUrl === undefined) problems.push('checkout_url (not an http(s) URL)');
  const email = field(body, 'email');
  const phone = field(body, 'phone_number');
  const cartId = cartIdOf(checkoutUrl, email, phone);

  if (status === 'completed') {
    if (cartId === undefined && problems.length === 0) problems.push('checkout_url with wcf_session_id, or email or phone_number');
    if (problems.length > 0 || cartId === undefined) {
      throw new CartWebhookError('malformed_cart', `The cart webhook is missing fields: ${problems.join(', ')}.`);
    }
    return { kind: 'completed', cartId };
  }

  if (checkoutRaw === undefined) problems.push('checkout_url');
  const cartTotal = field(body, 'cart_total');
  if (cartTotal === undefined) problems.push('cart_total');
  else if (!/^\d{1,12}(\.\d{1,6})?$/.test(cartTotal)) problems.push('cart_total (not a decimal number)');
  if (cartId === undefined && checkoutUrl !== undefined) problems.push('wcf_session_id in checkout_url, or email or phone_number');
  if (problems.length > 0 || cartId === undefined || checkoutUrl === undefined || cartTotal === undefined) {
    throw new CartWebhookError('malformed_cart', `The cart webhook is missing fields: ${problems.join(', ')}.`);
  }

  const productNames = (field(body, 'product_names') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  // Keep the link exactly as sent: it is the recovery link the customer will open.
  const cart: AbandonedCart = { kind: 'abandoned', cartId, checkoutUrl: checkoutRaw ?? checkoutUrl.toString(), productNames, cartTotal };
  const firstName = field(body, 'first_name');
  const lastName = field(body, 'last_name');
  const couponCode = field(body, 'coupon_code');
  if (firstName !== undefined) cart.firstName = firstName;
  if (lastName !== undefined) cart.lastName = lastName;
  if (phone !== undefined) cart.phone = phone;
  if (email !== undefined) cart.email = email;
  if (couponCode !== undefined) cart.couponCode = couponCode;
  return cart;
}

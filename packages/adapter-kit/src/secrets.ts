// The one generator of secrets an adapter hands out: webhook HMAC keys, tokens in webhook URLs, nonces.
import { randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `length` random letters and digits from the CSPRNG (randomInt: no modulo bias), ~5.95 bits each.
 * Alphanumeric on purpose: platforms HTML-escape or URL-encode secrets in places (WooCommerce HMACs with
 * the unescaped secret), and letters and digits read back the same everywhere.
 * @example
 * randomSecret(40) // 'q3ZL…' (~238 bits)
 */
export function randomSecret(length = 40): string {
  if (!Number.isInteger(length) || length < 1 || length > 1000) throw new RangeError('randomSecret: length must be an integer from 1 to 1000');
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

// Comparing secrets a platform presents (a token in a webhook URL, a signature) without leaking them
// through timing.
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether `given` equals `expected`, in constant time: both are hashed first, so neither their contents
 * nor their lengths leak. False for a missing value or an empty expected one.
 * @example
 * if (!secretsMatch(request.params.token, store.cartToken)) return sendError(reply, 401, 'invalid_token', '…');
 */
export function secretsMatch(given: string | undefined, expected: string): boolean {
  if (given === undefined || expected === '') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

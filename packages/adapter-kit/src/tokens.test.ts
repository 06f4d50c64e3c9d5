import { describe, expect, it } from 'vitest';
import { randomSecret } from './secrets.js';
import { secretsMatch } from './tokens.js';

describe('secretsMatch', () => {
  it('compares tokens', () => {
    const token = randomSecret(32);
    expect(secretsMatch(token, token)).toBe(true);
    expect(secretsMatch(`${token}x`, token)).toBe(false);
    expect(secretsMatch(token.slice(1), token)).toBe(false);
    expect(secretsMatch(undefined, token)).toBe(false);
    expect(secretsMatch('', '')).toBe(false);
  });
});

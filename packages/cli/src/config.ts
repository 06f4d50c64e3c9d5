// Settings from the environment, and the core client built from them.
import { createEsemesClient, DEFAULT_BASE_URL, type EsemesClient } from '@esemes/core';
import { CliError } from './exit.js';
import type { Output } from './output.js';

/** The environment variables the CLI reads. */
export const ENV = {
  user: 'ESEMES_USER',
  password: 'ESEMES_PASSWORD',
  baseUrl: 'ESEMES_BASE_URL',
  timeoutMs: 'ESEMES_TIMEOUT_MS',
} as const;

const SANDBOX_HINTS = [
  'Set them to your esemes account, or try everything against the local sandbox first:',
  '  npx esemes sandbox        (in another terminal; it prints the three variables to set)',
];

function envValue(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * Build the core client from ESEMES_USER, ESEMES_PASSWORD, ESEMES_BASE_URL and ESEMES_TIMEOUT_MS.
 * Missing credentials are a usage error naming the variables; the password is registered with `output`
 * so it is blanked wherever it might show up.
 */
export function clientFromEnv(output: Output, extra: { packetSize?: number | undefined } = {}): EsemesClient {
  const { env } = output.io;
  const user = envValue(env, ENV.user);
  const password = env[ENV.password] === '' ? undefined : env[ENV.password];
  const missing = [...(user === undefined ? [ENV.user] : []), ...(password === undefined ? [ENV.password] : [])];
  if (missing.length > 0) throw new CliError('credentials', `missing ${missing.join(' and ')}: this command needs your esemes account.`, SANDBOX_HINTS);
  output.addSecret(password as string);
  let timeoutMs: number | undefined;
  const timeoutText = envValue(env, ENV.timeoutMs);
  if (timeoutText !== undefined) {
    timeoutMs = Number(timeoutText);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
      throw new CliError('usage', `${ENV.timeoutMs} must be a whole number of milliseconds from 1 to 600000; got ${JSON.stringify(timeoutText)}`);
    }
  }
  return createEsemesClient({
    user: user as string,
    password: password as string,
    baseUrl: envValue(env, ENV.baseUrl) ?? DEFAULT_BASE_URL,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(extra.packetSize === undefined ? {} : { packetSize: extra.packetSize }),
    onWarning: (message) => output.warn(message),
  });
}

// Helpers of the tests that spawn the built CLI (dist/bin.js) against an in-process sandbox.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@esemes/sandbox';

/** The built CLI, relative to this file (the package's `test` task runs after `build`). */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** A password that must never show up in any output. */
export const SECRET = 'Gizli-Parola-1923!';
export const USER = 'magaza';

/** Everything every spawned CLI printed, for the "password never appears" check. */
export const transcript: string[] = [];

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function assertBuilt(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build -w @esemes/cli\` first`);
}

/** Run `node dist/bin.js …args` with only PATH and `env` in its environment (never the caller's ESEMES_*). */
export function cli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      transcript.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A sandbox with one account whose password is SECRET; deliveries are final at once. */
export function startTestSandbox(): ReturnType<typeof startSandbox> {
  return startSandbox({
    port: 0,
    deliveryDelayMs: 0,
    accounts: [{ user: USER, password: SECRET, numericCredits: 1000, alphanumericCredits: 100_000, senders: ['MAGAZA', 'DEMO'] }],
  });
}

export function envFor(sandbox: { url: string }): Record<string, string> {
  return { ESEMES_BASE_URL: sandbox.url, ESEMES_USER: USER, ESEMES_PASSWORD: SECRET };
}

const dir = mkdtempSync(join(tmpdir(), 'esemes-cli-test-'));

/** Write a file for a test; returns its path. */
export function tempFile(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The Istanbul wall-clock time `days` from now, as --at takes it. */
export function istanbulIn(days: number): string {
  const local = new Date(Date.now() + days * 86_400_000 + 3 * 3_600_000);
  return local.toISOString().slice(0, 19).replace('T', ' ');
}

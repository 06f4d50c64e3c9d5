// Spawns the built CLI (dist/bin.js) for the other commands, the error paths and --help.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, cli, envFor, SECRET, startTestSandbox, transcript } from './test-cli.js';

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let env: Record<string, string>;

beforeAll(async () => {
  assertBuilt();
  sandbox = await startTestSandbox();
  env = envFor(sandbox);
});
beforeEach(() => sandbox.reset());
afterAll(async () => {
  await sandbox?.close();
  expect(transcript.join('\n')).not.toContain(SECRET);
});

async function sendOne(to: string): Promise<string> {
  const run = await cli(['send', '--from', 'MAGAZA', '--to', to, '--text', 'Merhaba'], env);
  expect(run.code).toBe(0);
  return run.stdout.trim();
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('esemes balance', () => {
  it('Should print the credits, and one JSON document with --json', async () => {
    const human = await cli(['balance'], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Numeric sender titles: +1000 credits\nAlphanumeric sender titles: +100000 credits/);
    const json = await cli(['balance', '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ numeric: 1000, alphanumeric: 100000 });
  });
});

describe('esemes report / reports', () => {
  it('Should show the summary, the detail table (full numbers) and JSON', async () => {
    const id = await sendOne('05329998877,05000000001,05000000003');
    const summary = await cli(['report', id], env);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain(`Report ${id}: 3 numbers: 1 delivered, 1 pending, 1 failed`);
    expect(summary.stdout).toMatch(/Delivered \(1\):\n {2}5329998877\nPending \(1\):\n {2}5000000003\nFailed \(1\):\n {2}5000000001/);
    const detail = await cli(['report', id, '--detail'], env);
    expect(detail.code).toBe(0);
    expect(detail.stdout).toMatch(/^NUMBER +STATUS +SENT AT \(ISTANBUL\) +FINISHED AT +PARTS +ERROR CODE\n/);
    expect(detail.stdout).toMatch(/5329998877 +delivered +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +1 +0/);
    expect(detail.stdout).toMatch(/5000000001 +not_delivered/);
    expect(detail.stdout).toMatch(/5000000003 +pending/);
    const json = JSON.parse((await cli(['report', id, '--detail', '--json'], env)).stdout) as { entries: Array<{ number: string; status: string }> };
    expect(json.entries.map((e) => [e.number, e.status])).toContainEqual(['5000000001', 'not_delivered']);
    const counts = JSON.parse((await cli(['report', id, '--json'], env)).stdout) as { counts: unknown };
    expect(counts.counts).toEqual({ total: 3, delivered: 1, pending: 1, failed: 1 });
  });

  it('Should list report ids, also within dates', async () => {
    const first = await sendOne('05329998877');
    const second = await sendOne('05301112233');
    const all = await cli(['reports'], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toBe(`${first}\n${second}\n`);
    const json = await cli(['reports', '--from', '2020-01-01', '--to', '2099-12-31', '--json'], env);
    expect(JSON.parse(json.stdout)).toEqual({ reportIds: [first, second] });
    const none = await cli(['reports', '--from', '2020-01-01', '--to', '2020-01-02'], env);
    expect(none).toMatchObject({ code: 0, stdout: '' });
    expect((await cli(['reports', '--from', 'yesterday'], env)).code).toBe(2);
  });
});

describe('esemes segments', () => {
  it('Should count parts without credentials, with the transliterated alternative', async () => {
    const run = await cli(['segments', 'Siparişiniz kargoya verildi']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Encoding: +gsm7-turkish\nCharacters: +27\nUnits: +28 septets.*\nParts: +1 .*\nPer part: +155\nRemaining: +127/);
    expect(run.stdout).toMatch(/Transliterated \(--transliterate\): 1 part \(gsm7, 160 per part\)\n {2}Siparisiniz kargoya verildi/);
    const json = JSON.parse((await cli(['segments', 'İndirim', '--opt-out-link', '--json'])).stdout) as { parts: number; transliterated: { text: string } };
    expect(json.transliterated.text).toBe('Indirim');
    expect(JSON.parse((await cli(['segments', 'Merhaba', '--json'])).stdout)).not.toHaveProperty('transliterated');
  });
});

/** Spawn `esemes sandbox …`, resolve once it has printed its base URL. */
async function spawnSandbox(args: string[], extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, 'sandbox', ...args], { env: { PATH: process.env.PATH ?? '', ...extraEnv } });
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /Base URL: +(http:\/\/127\.0\.0\.1:\d+\/api-v3\/)/.exec(stdout);
      if (match && stdout.includes('Press Ctrl+C')) resolve(match[1] as string);
    });
    child.on('exit', () => reject(new Error(`sandbox exited early: ${stdout}`)));
  });
  return { child, url, stdout, exited };
}

describe('esemes sandbox', () => {
  it('Should print its base URL and example, serve the CLI, and stop with exit 0 on SIGTERM', async () => {
    const { child, url, stdout, exited } = await spawnSandbox(['--port', '0', '--delivery-delay-ms', '0']);
    expect(url).not.toContain(':0/');
    expect(stdout).toContain(`ESEMES_BASE_URL=${url} ESEMES_USER=demo ESEMES_PASSWORD=demo npx esemes send --from DEMO --to 05329998877 --text "Merhaba"`);
    const demo = { ESEMES_BASE_URL: url, ESEMES_USER: 'demo', ESEMES_PASSWORD: 'demo' };
    const sent = await cli(['send', '--from', 'DEMO', '--to', '05329998877', '--text', 'Merhaba'], demo);
    expect(sent.code).toBe(0);
    expect((await cli(['report', sent.stdout.trim()], demo)).stdout).toMatch(/1 delivered/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('Should take its port from $PORT and stop with exit 0 on SIGINT (Ctrl+C)', async () => {
    const { child, url, exited } = await spawnSandbox([], { PORT: '0' });
    expect((await cli(['balance'], { ESEMES_BASE_URL: url, ESEMES_USER: 'demo', ESEMES_PASSWORD: 'demo' })).code).toBe(0);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});

describe('provider ERR → exit 1', () => {
  it('Should print the Turkish text as received and an English line for a wrong password', async () => {
    const run = await cli(['balance'], { ...env, ESEMES_PASSWORD: 'wrong-password' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('  Kullanıcı adı veya şifre hatalı\n');
    expect(run.stderr).toMatch(/In English: wrong user name or password/);
    const json = await cli(['balance', '--json'], { ...env, ESEMES_PASSWORD: 'wrong-password' });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ error: { code: 'auth', message: expect.any(String), providerText: 'Kullanıcı adı veya şifre hatalı' } });
  });

  it('Should keep an unknown ERR text, and never print the password even if a reply echoes it', async () => {
    sandbox.faults.inject({ kind: 'err', text: `Sistem hatası (${SECRET})` });
    const run = await cli(['send', '--from', 'MAGAZA', '--to', '05329998877', '--text', 'x'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Sistem hatası (********)');
  });

  it('Should list the report ids that went out when one packet of several fails', async () => {
    sandbox.faults.inject({ kind: 'err', times: 1 });
    const run = await cli(['send', '--from', 'MAGAZA', '--to', '05329998877,05301112233,05421112233', '--text', 'x', '--packet-size', '1', '--json'], env);
    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stdout) as { error: { providerText: string; partial: { reportIds: string[]; notSent: number } } };
    expect(error.providerText).toBe('Sistem hatası, lütfen daha sonra tekrar deneyiniz');
    expect(error.partial.notSent).toBe(1);
    expect([...error.partial.reportIds].sort()).toEqual(
      sandbox
        .sends()
        .map((s) => s.reportId)
        .sort(),
    );
    expect(error.partial.reportIds).toHaveLength(2);
  });
});

describe('transport failure → exit 1', () => {
  it('Should say nothing was sent when the server cannot be reached', async () => {
    const run = await cli(['send', '--from', 'MAGAZA', '--to', '05329998877', '--text', 'x'], {
      ...env,
      ESEMES_BASE_URL: `http://127.0.0.1:${await closedPort()}/api-v3/`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not connect \(ECONNREFUSED\)/);
    expect(run.stderr).toMatch(/Was it sent\? No/);
  });

  it('Should say the send may have gone out when the connection drops after it was accepted', async () => {
    sandbox.faults.inject({ kind: 'drop-after-accept', times: 2 });
    const human = await cli(['send', '--from', 'MAGAZA', '--to', '05329998877', '--text', 'x'], env);
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/Was it sent\? Unknown: the provider may have accepted it/);
    const json = await cli(['send', '--from', 'MAGAZA', '--to', '05329998877', '--text', 'x', '--json'], env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'transport', outcome: 'unknown' });
    expect(json.stderr).toBe('');
    expect(sandbox.sends()).toHaveLength(2); // both were accepted: the CLI never resends on its own
  });
});

describe('--help', () => {
  it.each(['send', 'send-personalized', 'balance', 'report', 'reports', 'segments', 'sandbox'])('Should show the help of %s with exit 0', async (command) => {
    const run = await cli([command, '--help'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: esemes ${command}`);
    expect(run.stdout).not.toMatch(/--packet-size/);
  });

  it('Should show the program help with exit 0, and exit 2 without a command', async () => {
    expect(await cli(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Exit codes:') });
    expect((await cli([])).code).toBe(2);
  });
});

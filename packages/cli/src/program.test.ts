// The program run in-process (createProgram/run with injected streams), for what a spawned CLI cannot
// show: the progress bar needs stderr to be a terminal.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from './program.js';
import type { CliIo } from './output.js';
import { envFor, SECRET, startTestSandbox } from './test-cli.js';

class Capture extends Writable {
  text = '';
  isTTY: boolean;
  columns = 100;
  constructor(isTTY: boolean) {
    super();
    this.isTTY = isTTY;
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox?.close());

async function runIn(args: string[], isTTY: boolean): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture(false);
  const stderr = new Capture(isTTY);
  const io: CliIo = { env: envFor(sandbox), stdout, stderr, isTTY };
  const code = await run(['node', 'esemes', ...args], io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const FIVE = '05329998877,05301112233,05421112233,05551112233,05059998877';

describe('progress bar', () => {
  it('Should draw a bar on a terminal for a send of several packets', async () => {
    const result = await runIn(['send', '--from', 'MAGAZA', '--to', FIVE, '--text', 'x', '--packet-size', '2'], true);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Sending \[.*\] 100% \| 5\/5 numbers \| packet 3\/3/);
    expect(result.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('Should not draw a bar for one packet, with --json, or when stderr is not a terminal', async () => {
    const one = await runIn(['send', '--from', 'MAGAZA', '--to', FIVE, '--text', 'x'], true);
    const json = await runIn(['send', '--from', 'MAGAZA', '--to', FIVE, '--text', 'x', '--packet-size', '2', '--json'], true);
    const pipe = await runIn(['send', '--from', 'MAGAZA', '--to', FIVE, '--text', 'x', '--packet-size', '2'], false);
    for (const result of [one, json, pipe]) {
      expect(result.code).toBe(0);
      expect(result.stderr).not.toMatch(/Sending \[/);
    }
    expect(JSON.parse(json.stdout).packets).toHaveLength(3);
  });

  it('Should draw the bar for a personalized send, with totals from the first pass', async () => {
    const { tempFile } = await import('./test-cli.js');
    const file = tempFile(
      'progress.jsonl',
      FIVE.split(',')
        .map((phone) => JSON.stringify({ phone, text: 'Merhaba' }))
        .join('\n'),
    );
    const result = await runIn(['send-personalized', '--from', 'MAGAZA', '--file', file, '--packet-size', '2'], true);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/5\/5 numbers \| packet 3\/3/);
  });
});

describe('run', () => {
  it('Should give usage errors exit 2 and keep --json output to one document', async () => {
    const result = await runIn(['balance', '--json', '--nope'], false);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'usage', message: "unknown option '--nope'" } });
    expect(result.stderr).toBe('');
  });

  it('Should never write the password, even in --help', async () => {
    const outputs = await Promise.all([runIn(['--help'], false), runIn(['send', '--help'], false), runIn(['balance'], false)]);
    expect(outputs.map((o) => o.stdout + o.stderr).join('')).not.toContain(SECRET);
  });
});

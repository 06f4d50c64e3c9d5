// Spawns the built CLI (dist/bin.js) for `send` and `send-personalized` against an in-process sandbox.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, cli, envFor, istanbulIn, SECRET, startTestSandbox, tempFile, transcript } from './test-cli.js';

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

describe('esemes send', () => {
  it('Should send to the valid numbers, print the report id and warn about rejected ones, masked', async () => {
    const run = await cli(
      ['send', '--from', 'MAGAZA', '--to', '05329998877,0212 555 11 22', '--to', '+90 530 111 22 33', '--to', '0532 999 88 77', '--text', 'Merhaba'],
      env,
    );
    expect(run.code).toBe(0);
    const sends = sandbox.sends();
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ count: 2, sender: 'MAGAZA', text: 'Merhaba' });
    expect(run.stdout).toBe(`${sends[0]?.reportId}\n`);
    expect(run.stderr).toMatch(/warning: skipping \*+1122 \(--to\): is a landline/);
    expect(run.stderr).not.toContain('5551122');
    expect(run.stderr).toMatch(/Estimate: 1 part per number \(gsm7, 7 characters, .*\) × 2 numbers = 2 credits/);
  });

  it('Should split a send into packets with --packet-size and print one JSON document', async () => {
    const to = ['05329998877', '05301112233', '05421112233', '05551112233', '05059998877'].join(',');
    const run = await cli(['send', '--from', 'MAGAZA', '--to', to, '--to', '0212 555 11 22', '--text', 'Kampanya', '--packet-size', '2', '--json'], env);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { reportIds: string[]; packets: Array<{ reportId: string; count: number }>; accepted: number; rejected: unknown[] };
    expect(doc.packets.map((p) => p.count)).toEqual([2, 2, 1]);
    expect(doc.reportIds).toEqual(doc.packets.map((p) => p.reportId));
    expect(doc.accepted).toBe(5);
    expect(doc.rejected).toEqual([{ input: '*******1122', reason: 'landline', message: expect.stringMatching(/landline/), source: '--to' }]);
    expect(
      sandbox
        .sends()
        .map((s) => s.reportId)
        .sort(),
    ).toEqual([...doc.reportIds].sort());
    expect(run.stderr).not.toMatch(/Sending \[/); // stderr is a pipe: no progress bar
  });

  it('Should schedule a send with --at (Europe/Istanbul wall clock)', async () => {
    const at = istanbulIn(2);
    const run = await cli(['send', '--from', 'MAGAZA', '--to', '05329998877', '--text', 'Yarın görüşürüz', '--at', at], env);
    expect(run.code).toBe(0);
    const [send] = sandbox.sends();
    expect(send?.path).toMatch(/_ileri\.php$/);
    expect(send?.scheduledFor).toBe(new Date(`${at.replace(' ', 'T')}+03:00`).toISOString());
    expect(run.stderr).toContain(`scheduled for ${at} (Europe/Istanbul)`);
  });

  it('Should refuse a time in the past with exit 2 and send nothing', async () => {
    const run = await cli(['send', '--from', 'MAGAZA', '--to', '05329998877', '--text', 'x', '--at', '2020-01-01 10:00:00'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/invalid --at: .*in the past/);
    expect(sandbox.requests()).toEqual([]);
  });

  it('Should read --to-file (comments, blank lines, commas) and --transliterate the text', async () => {
    const file = tempFile('numbers.txt', '# customers\n05329998877\n\n05301112233, 05421112233  # two on a line\r\n0212 555 11 22\n');
    const run = await cli(['send', '--from', 'MAGAZA', '--to-file', file, '--text', 'Şükrü, teşekkürler', '--transliterate'], env);
    expect(run.code).toBe(0);
    expect(sandbox.sends()[0]).toMatchObject({ count: 3, text: 'Sukru, tesekkurler' });
    expect(run.stderr).toMatch(new RegExp(`skipping \\*+1122 \\(${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5\\)`));
  });

  it('Should exit 2 and send nothing when no number is valid', async () => {
    const run = await cli(['send', '--from', 'MAGAZA', '--to', '0212 555 11 22,+44 20 7946 0958,12', '--text', 'x'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no valid Turkish mobile number .*nothing was sent/);
    expect(run.stderr.match(/warning: skipping/g)).toHaveLength(3);
    expect(sandbox.requests()).toEqual([]);
  });

  it('Should exit 2 naming the missing variables, with a pointer to the sandbox', async () => {
    const run = await cli(['send', '--from', 'MAGAZA', '--to', '05329998877', '--text', 'x'], { ESEMES_BASE_URL: sandbox.url, ESEMES_USER: 'magaza' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing ESEMES_PASSWORD/);
    expect(run.stderr).toContain('npx esemes sandbox');
    expect(sandbox.requests()).toEqual([]);
  });

  it('Should exit 2 on bad usage: no recipients, a missing --from, an unknown option', async () => {
    for (const args of [
      ['send', '--from', 'MAGAZA', '--text', 'x'],
      ['send', '--to', '05329998877', '--text', 'x'],
      ['send', '--nope'],
    ]) {
      expect((await cli(args, env)).code).toBe(2);
    }
    const json = await cli(['send', '--to', '05329998877', '--text', 'x', '--json'], env);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({ error: { code: 'usage', message: expect.stringMatching(/--from/) } });
    expect(sandbox.requests()).toEqual([]);
  });
});

describe('esemes send-personalized', () => {
  it('Should send a CSV file (RFC 4180 quoting, columns in any order, extra columns)', async () => {
    const csv =
      'name,text,phone\r\nAyşe,"Sayın Ayşe, borcunuz ""15 TL"" dir.",05329998877\r\nVeli,"İki\r\nsatır",05301112233\r\nYok,boş numara,0212 555 11 22\r\n';
    const run = await cli(['send-personalized', '--from', 'MAGAZA', '--file', tempFile('borclar.csv', csv)], env);
    expect(run.code).toBe(0);
    const [send] = sandbox.sends();
    expect(send).toMatchObject({ personalized: true, count: 2 });
    expect(run.stdout).toBe(`${send?.reportId}\n`);
    expect(sandbox.inbox('05329998877')[0]?.text).toBe('Sayın Ayşe, borcunuz "15 TL" dir.');
    // XML parsers turn a literal CRLF into LF (XML 1.0 §2.11), so the phone gets a plain line break.
    expect(sandbox.inbox('05301112233')[0]?.text).toMatch(/^İki\r?\nsatır$/);
    expect(run.stderr).toMatch(/skipping \*+1122 \(.*borclar\.csv:5\)/);
    expect(run.stderr).toMatch(/Estimate: 2 messages, \d+ credits in total/);
  });

  it('Should send a JSONL file in packets and print one JSON document', async () => {
    const lines = ['05329998877', '05301112233', '05421112233'].map((phone, i) => JSON.stringify({ phone, text: `Mesaj ${i + 1}` }));
    const run = await cli(
      ['send-personalized', '--from', 'MAGAZA', '--file', tempFile('m.jsonl', `${lines.join('\n')}\n\n`), '--packet-size', '2', '--json'],
      env,
    );
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { packets: Array<{ count: number }>; accepted: number; rejected: unknown[] };
    expect(doc.packets.map((p) => p.count)).toEqual([2, 1]);
    expect(doc).toMatchObject({ accepted: 3, rejected: [] });
    expect(sandbox.inbox('05421112233')[0]?.text).toBe('Mesaj 3');
  });

  it('Should exit 2 naming the line of a malformed JSONL file, before sending anything', async () => {
    const file = tempFile('bad.jsonl', '{"phone":"05329998877","text":"a"}\n{"phone":"05301112233","text":"b"}\n{"phone": "05421112233", "text": }\n');
    const run = await cli(['send-personalized', '--from', 'MAGAZA', '--file', file], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad.jsonl: line 3: not valid JSON');
    expect(sandbox.requests()).toEqual([]);
  });

  it('Should exit 2 naming a missing CSV header, or an unknown file type', async () => {
    const noText = await cli(['send-personalized', '--from', 'MAGAZA', '--file', tempFile('x.csv', 'phone,mesaj\n05329998877,a\n')], env);
    expect(noText.code).toBe(2);
    expect(noText.stderr).toMatch(/no "text" column/);
    const txt = await cli(['send-personalized', '--from', 'MAGAZA', '--file', tempFile('x.txt', 'phone,text\n'), '--json'], env);
    expect(txt.code).toBe(2);
    expect(JSON.parse(txt.stdout).error.code).toBe('usage');
    expect(sandbox.requests()).toEqual([]);
  });
});

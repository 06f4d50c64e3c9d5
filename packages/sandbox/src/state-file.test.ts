// The state file: saved after changes (batched) and on close, loaded at start, refused when corrupt.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SandboxStateError, isSandboxConfigError, isSandboxStateError } from './errors.js';
import type { SandboxOptions } from './options.js';
import { startSandbox } from './sandbox.js';
import { bulkXml, fakeClock, personalXml, post, reportIdOf, reportXml, sandbox } from './test-helpers.js';

const folder = (): string => mkdtempSync(join(tmpdir(), 'esemes-sandbox-state-'));
const readState = (file: string): { nextReportId: number; credits: Record<string, unknown>; sends: Array<Record<string, unknown>> } =>
  JSON.parse(readFileSync(file, 'utf8'));

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('state file', () => {
  it('Should keep sends, inboxes, reports, credits and the report id counter across a restart', async () => {
    const file = join(folder(), 'state.json');
    const clock = fakeClock();
    const options: SandboxOptions = { stateFile: file, now: clock.now, deliveryDelayMs: 2000 };
    const first = await startSandbox(options);
    const bulkId = reportIdOf(await post(first, 'xml_api.php', bulkXml(['5321112233', '5000000001', '5000000003'], { text: 'Kargonuz yolda' })));
    const personalId = reportIdOf(
      await post(first, 'tr/xml_ozel_api_ileri.php', personalXml([{ text: 'Sayın Şükrü, borcunuz 15 TL', number: '5321112234' }], { optOutLink: true })),
    );
    await post(first, 'xml_api_ileri.php', bulkXml(['5321112235'], { date: '2024-01-16 12:00:00', text: 'Yarin' }));
    first.setCredits('demo', { numeric: 7 });
    clock.advance(5_000);
    const before = {
      sends: first.sends(),
      inbox: [first.inbox('5321112233'), first.inbox('5321112234'), first.inbox('5000000001')],
      detail: (await post(first, 'xml_rapor_detay.php', reportXml(bulkId))).text,
      account: first.account('demo'),
    };
    await first.close();
    expect(existsSync(file)).toBe(true);

    const second = await sandbox(options);
    expect(second.sends()).toEqual(before.sends);
    expect([second.inbox('5321112233'), second.inbox('5321112234'), second.inbox('5000000001')]).toEqual(before.inbox);
    expect((await post(second, 'xml_rapor_detay.php', reportXml(bulkId))).text).toBe(before.detail);
    expect(second.account('demo')).toEqual(before.account);
    expect(second.requests().filter((entry) => entry.path.endsWith('.php'))).toHaveLength(1); // the log is not kept, only this run's call
    expect(second.inbox('5321112234')[0]?.text).toMatch(/^Sayın Şükrü, borcunuz 15 TL SMS Listemizden/);
    const next = reportIdOf(await post(second, 'xml_api.php', bulkXml(['5321112233'])));
    expect(Number(next)).toBe(Number(personalId) + 2); // the scheduled send had personalId + 1
    clock.set(Date.UTC(2024, 0, 16, 9, 0, 0)); // the scheduled send's time (12:00 Istanbul)
    expect(second.inbox('5321112235').map((m) => m.text)).toEqual(['Yarin']);
  });

  it('Should start empty without writing anything when the file does not exist yet', async () => {
    const file = join(folder(), 'sub', 'dir', 'state.json');
    const s = await sandbox({ stateFile: file, stateSaveDelayMs: 0 });
    expect(s.sends()).toEqual([]);
    await post(s, 'xml_bakiye.php', '<RAPOR><oturum><kullanici>demo</kullanici><sifre>demo</sifre></oturum></RAPOR>');
    await s.close();
    expect(existsSync(file)).toBe(false); // a balance call changes nothing
  });

  it('Should write the file soon after a change, creating its folder, without a close', async () => {
    const file = join(folder(), 'data', 'state.json');
    const s = await sandbox({ stateFile: file, stateSaveDelayMs: 0 });
    const id = reportIdOf(await post(s, 'xml_api.php', bulkXml(['5321112233'])));
    await expect.poll(() => (existsSync(file) ? readState(file).sends.map((send) => String(send.reportId)) : []), { timeout: 30_000 }).toEqual([id]);
    expect(readState(file).credits).toEqual({ demo: { numeric: 1000, alphanumeric: 99_999 } });
  });

  it('Should batch a burst of changes into one write, and write what is pending on close', async () => {
    const file = join(folder(), 'state.json');
    const s = await startSandbox({ stateFile: file, stateSaveDelayMs: 600_000 });
    for (let i = 0; i < 50; i++) reportIdOf(await post(s, 'xml_api.php', bulkXml([String(5_320_000_000 + i)])));
    expect(existsSync(file)).toBe(false); // no write per send: the one write is still 10 minutes away
    await s.close();
    expect(readState(file).sends).toHaveLength(50);
    expect(readState(file).nextReportId).toBe(100_000_051);
  });

  it('Should write atomically: no temporary file left, the file readable by its owner only, no password in it', async () => {
    const dir = folder();
    const file = join(dir, 'state.json');
    const accounts = [{ user: 'shop', password: 'S3cret-Pass', numericCredits: 0, alphanumericCredits: 10, senders: ['MAGAZA'] }];
    const s = await startSandbox({ stateFile: file, stateSaveDelayMs: 0, accounts });
    for (let i = 0; i < 5; i++) await post(s, 'xml_api.php', bulkXml(['5321112233'], { user: 'shop', password: 'S3cret-Pass', sender: 'MAGAZA' }));
    await s.close();
    expect(readdirSync(dir)).toEqual(['state.json']);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain('S3cret-Pass');
    expect(readState(file).sends).toHaveLength(5);
  });

  it('Should save a reset as an empty state', async () => {
    const file = join(folder(), 'state.json');
    const first = await startSandbox({ stateFile: file });
    await post(first, 'xml_api.php', bulkXml(['5321112233']));
    first.reset();
    await first.close();
    expect(readState(file)).toMatchObject({ sends: [], nextReportId: 100_000_001 });
    const second = await sandbox({ stateFile: file });
    expect(second.sends()).toEqual([]);
  });

  it('Should hand out ids past both the saved counter and a larger configured first id', async () => {
    const file = join(folder(), 'state.json');
    const first = await startSandbox({ stateFile: file, firstReportId: 500 });
    reportIdOf(await post(first, 'xml_api.php', bulkXml(['5321112233'])));
    await first.close();
    const smaller = await startSandbox({ stateFile: file, firstReportId: 1 });
    expect(reportIdOf(await post(smaller, 'xml_api.php', bulkXml(['5321112233'])))).toBe('501');
    await smaller.close();
    const larger = await sandbox({ stateFile: file, firstReportId: 9_000 });
    expect(reportIdOf(await post(larger, 'xml_api.php', bulkXml(['5321112233'])))).toBe('9000');
    expect(larger.sends().map((send) => send.reportId)).toEqual(['500', '501', '9000']);
  });

  it('Should keep the sends of an account no longer configured and ignore its credits', async () => {
    const file = join(folder(), 'state.json');
    const shop = { user: 'shop', password: 'pw', numericCredits: 0, alphanumericCredits: 10, senders: ['MAGAZA'] };
    const first = await startSandbox({ stateFile: file, accounts: [shop] });
    await post(first, 'xml_api.php', bulkXml(['5321112233'], { user: 'shop', password: 'pw', sender: 'MAGAZA' }));
    await first.close();
    const second = await sandbox({ stateFile: file });
    expect(second.account('demo')).toMatchObject({ alphanumericCredits: 100_000 });
    expect(second.account('shop')).toBeUndefined();
    expect(second.inbox('5321112233')).toHaveLength(1);
  });
});

describe('a state file that cannot be used', () => {
  const valid = (): Record<string, unknown> => ({
    format: 'esemes-sandbox-state',
    version: 1,
    nextReportId: 100_000_002,
    credits: { demo: { numeric: 1000, alphanumeric: 99_999 } },
    sends: [
      {
        reportId: 100_000_001,
        user: 'demo',
        path: 'xml_api.php',
        sender: 'DEMO',
        creditKind: 'alphanumeric',
        credits: 1,
        acceptedAt: 0,
        sendAt: 0,
        scheduledFor: null,
        numbers: ['5321112233'],
        text: 'Merhaba',
        parts: 1,
        blacklisted: [],
        skipped: [],
      },
    ],
  });
  const withSend = (change: Record<string, unknown>) => {
    const state = valid();
    state.sends = [{ ...(state.sends as object[])[0], ...change }];
    return JSON.stringify(state);
  };

  it('Should load a valid hand-written state', async () => {
    const file = join(folder(), 'state.json');
    writeFileSync(file, JSON.stringify(valid()));
    const s = await sandbox({ stateFile: file });
    expect(s.sends()).toMatchObject([{ reportId: '100000001', count: 1, text: 'Merhaba' }]);
  });

  it.each([
    ['not JSON', '{"format": "esemes-sandbox-state", "sends": [{"numbers": ["5321112233"', /is not valid JSON/],
    ['empty', '', /is empty/],
    ['another JSON document', '{"hello": "world"}', /is not a sandbox state file/],
    ['a JSON array', '[]', /is not a sandbox state file/],
    ['another version', JSON.stringify({ ...valid(), version: 2 }), /version 2 is not 1/],
    ['a bad counter', JSON.stringify({ ...valid(), nextReportId: -1 }), /nextReportId/],
    ['bad credits', JSON.stringify({ ...valid(), credits: { demo: { numeric: 'lots' } } }), /credits of each user/],
    ['a bad number', withSend({ numbers: ['05321112233'] }), /sends\[0\]\.numbers/],
    ['a bad path', withSend({ path: 'xml_bakiye.php' }), /sends\[0\]\.path must be a send path/],
    ['personalized texts that do not match the numbers', withSend({ path: 'xml_ozel_api.php', text: ['a', 'b'], parts: [1, 1] }), /sends\[0\]\.text/],
    ['two sends with one id', JSON.stringify({ ...valid(), sends: [...(valid().sends as object[]), ...(valid().sends as object[])] }), /same reportId/],
  ])('Should refuse to start on a file that is %s, naming the file and leaving it untouched', async (_name, content, reason) => {
    const file = join(folder(), 'state.json');
    writeFileSync(file, content);
    const error = await failure(startSandbox({ stateFile: file }));
    expect(error).toBeInstanceOf(SandboxStateError);
    expect(isSandboxStateError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'state', file });
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toMatch(reason);
    expect(message).toMatch(/Move it away or delete it/);
    expect(message).not.toContain('5321112233'); // never a phone number from the file
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('Should refuse a state file that cannot be read (a folder)', async () => {
    const dir = folder();
    const error = await failure(startSandbox({ stateFile: dir }));
    expect(error).toMatchObject({ name: 'SandboxStateError', code: 'state', file: dir });
    expect((error as Error).message).toMatch(/cannot be read \(EISDIR\)/);
  });

  it('Should report a background write that fails, and fail the close that cannot write either', async () => {
    const dir = folder();
    const warnings: string[] = [];
    const s = await startSandbox({ stateFile: join(dir, 'not-a-folder', 'state.json'), stateSaveDelayMs: 0, onWarning: (m) => warnings.push(m) });
    writeFileSync(join(dir, 'not-a-folder'), ''); // after the start: now the file's folder cannot be made
    reportIdOf(await post(s, 'xml_api.php', bulkXml(['5321112233'])));
    await expect.poll(() => warnings.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(/cannot save its state to .*not-a-folder.*state\.json \((ENOTDIR|EEXIST)\)/);
    expect(warnings[0]).not.toContain('5321112233');
    await expect(s.close()).rejects.toMatchObject({ code: expect.stringMatching(/ENOTDIR|EEXIST/) });
  });

  it('Should name bad state options', async () => {
    const error = await failure(startSandbox({ stateFile: '', stateSaveDelayMs: -1, onWarning: 'loud' } as never));
    expect(isSandboxConfigError(error)).toBe(true);
    expect((error as { problems: string[] }).problems).toEqual([
      'stateFile must be a file path',
      'stateSaveDelayMs must be a number of milliseconds 0…600000',
      'onWarning must be a function',
    ]);
  });
});

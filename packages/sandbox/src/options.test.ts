// Options are checked once, when the sandbox is built, and every bad one is named together.
import { describe, expect, it } from 'vitest';
import { SandboxConfigError, isSandboxConfigError } from './errors.js';
import { DEFAULT_SANDBOX_ACCOUNT, resolveOptions } from './options.js';
import { startSandbox } from './sandbox.js';

const problemsOf = (options: unknown): readonly string[] => {
  try {
    resolveOptions(options as never);
  } catch (error) {
    if (isSandboxConfigError(error)) return error.problems;
    throw error;
  }
  return [];
};

describe('options', () => {
  it('Should fill in the defaults, with the demo account', () => {
    const resolved = resolveOptions();
    expect(resolved).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      generalBlacklist: [],
      seed: 1,
      deliveryDelayMs: 2000,
      outcomeWeights: { delivered: 90, notDelivered: 7, expired: 3 },
      replyCharset: 'utf-8',
      declareCharset: true,
      logger: false,
    });
    expect(resolved.accounts).toEqual([DEFAULT_SANDBOX_ACCOUNT]);
    expect(DEFAULT_SANDBOX_ACCOUNT).toEqual({
      user: 'demo',
      password: 'demo',
      numericCredits: 1000,
      alphanumericCredits: 100000,
      senders: ['DEMO', 'ESEMES', 'MAGAZA'],
    });
    expect(resolved.now).toBe(Date.now);
  });

  it('Should name every bad option in one SandboxConfigError with code config', async () => {
    const bad = {
      port: 70000,
      host: '',
      seed: 1.5,
      deliveryDelayMs: -1,
      outcomeWeights: { delivered: -1, sometimes: 2 },
      now: 5,
      replyCharset: 'latin1',
      declareCharset: 'yes',
      logger: 1,
      generalBlacklist: ['05321112233'],
      colour: 'blue',
    };
    const error = await startSandbox(bad as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxConfigError);
    expect((error as SandboxConfigError).code).toBe('config');
    expect((error as SandboxConfigError).problems.map((p) => p.split(' ')[0])).toEqual([
      'colour',
      'port',
      'host',
      'generalBlacklist',
      'seed',
      'deliveryDelayMs',
      'outcomeWeights.delivered',
      'outcomeWeights.sometimes',
      'now',
      'replyCharset',
      'declareCharset',
      'logger',
    ]);
  });

  it('Should check each account and never put its password in the message', () => {
    const secret = 'Çok-Gizli-Şifre-123';
    const problems = problemsOf({
      accounts: [
        { user: 'a', password: secret, numericCredits: -1, alphanumericCredits: 1.5, senders: ['TOO LONG TITLE'], blacklist: ['123'] },
        { user: 'a', password: secret, numericCredits: 0, alphanumericCredits: 0, senders: [] },
        { user: '', password: '', numericCredits: 0, alphanumericCredits: 0, senders: 'DEMO' },
      ],
    });
    expect(problems).toEqual([
      'accounts[0].numericCredits must be an integer >= 0',
      'accounts[0].alphanumericCredits must be an integer >= 0',
      'accounts[0].senders must hold non-empty titles of at most 11 characters, no outer spaces',
      'accounts[0].blacklist has 1 entries that are not 10-digit numbers 5XXXXXXXXX',
      'accounts[1].user repeats the user name of an earlier account',
      'accounts[2].user must be a non-empty string',
      'accounts[2].password must be a non-empty string',
      'accounts[2].senders must be an array of sender titles',
    ]);
    expect(problems.join('\n')).not.toContain(secret);
  });

  it('Should refuse an empty account list and weights that are all zero', () => {
    expect(problemsOf({ accounts: [] })).toEqual(['accounts must be a non-empty array']);
    expect(problemsOf({ outcomeWeights: { delivered: 0, notDelivered: 0, expired: 0 } })).toEqual(['outcomeWeights must not all be 0']);
  });

  it('Should copy the accounts, so changing them later changes nothing', () => {
    const account = { user: 'u', password: 'p', numericCredits: 1, alphanumericCredits: 1, senders: ['A'] };
    const resolved = resolveOptions({ accounts: [account] });
    account.senders.push('B');
    expect(resolved.accounts[0]?.senders).toEqual(['A']);
  });
});

describe('firstReportId', () => {
  it('starts report ids where asked and refuses ids over 15 digits', async () => {
    const { startSandbox } = await import('./sandbox.js');
    const sandbox = await startSandbox({ firstReportId: 12_345_678_900_000 });
    try {
      const res = await fetch(`${sandbox.url}xml_api.php`, {
        method: 'POST',
        body: '<SMS><oturum><kullanici>demo</kullanici><sifre>demo</sifre></oturum><mesaj><baslik>DEMO</baslik><metin>x</metin><alicilar>5329998877</alicilar><tarih></tarih></mesaj></SMS>',
      });
      expect(await res.text()).toBe('OK|12345678900000');
    } finally {
      await sandbox.close();
    }
    await expect(startSandbox({ firstReportId: 10 ** 15 })).rejects.toThrow(/firstReportId/);
  });
});

import {
  AuthenticationError,
  ConfigError,
  InsufficientCreditError,
  ReplyFormatError,
  TransportError,
  UnknownProviderError,
  ValidationError,
} from '@esemes/core';
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliError, describeError, exitCodeFor } from './exit.js';

function withPartial<T extends Error>(error: T, reportIds: string[], notSent: string[]): T {
  const packets = reportIds.map((reportId) => ({ reportId, path: 'xml_api.php', numbers: ['5329998877', '5301112233'] }));
  Object.defineProperty(error, 'partial', { value: { packets, notSent, rejected: [] } });
  return error;
}

describe('exitCodeFor', () => {
  it.each([
    ['a CLI usage error', new CliError('usage', 'no recipients'), 2],
    ['a CLI input error', new CliError('input', 'm.csv: line 3: not valid JSON'), 2],
    ['missing credentials', new CliError('credentials', 'missing ESEMES_USER'), 2],
    ['--help', new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), 0],
    ['--version', new CommanderError(0, 'commander.version', '0.1.0'), 0],
    ['an unknown option', new CommanderError(1, 'commander.unknownOption', "error: unknown option '--nope'"), 2],
    ['a missing required option', new CommanderError(1, 'commander.missingMandatoryOptionValue', 'error: …'), 2],
    ['a core validation error', new ValidationError('sendAt', 'is in the past'), 2],
    ['a core config error', new ConfigError(['baseUrl is not a valid URL']), 2],
    ['wrong credentials (ERR)', new AuthenticationError('auth', 'Kullanıcı adı veya şifre hatalı', 'xml_bakiye.php', 'wrong user name or password'), 1],
    ['no credit (ERR)', new InsufficientCreditError('credit', 'Yetersiz kredi', 'xml_api.php', 'insufficient credit'), 1],
    ['an unknown ERR', new UnknownProviderError('unknown', 'Sistem hatası', 'xml_api.php', 'unrecognised provider error'), 1],
    ['a transport failure', new TransportError('xml_api.php', 'unknown', 'no reply within 30000 ms'), 1],
    ['a reply that is not the API', new ReplyFormatError('xml_bakiye.php', '<html>', 'no credit'), 1],
    ['a sandbox option error', Object.assign(new Error('Invalid sandbox options: port'), { name: 'SandboxConfigError' }), 2],
    ['anything else', new Error('boom'), 1],
    ['a thrown string', 'boom', 1],
  ])('Should map %s', (_what, error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });
});

describe('describeError', () => {
  it("Should print the provider's Turkish text as received plus an English line", () => {
    const report = describeError(new AuthenticationError('auth', 'Kullanıcı adı veya şifre hatalı', 'xml_bakiye.php', 'wrong user name or password'));
    expect(report.lines).toContain('  Kullanıcı adı veya şifre hatalı');
    expect(report.lines.join('\n')).toMatch(/In English: wrong user name or password/);
    expect(report.json).toMatchObject({ code: 'auth', providerText: 'Kullanıcı adı veya şifre hatalı' });
  });

  it('Should say a send that never connected was not sent', () => {
    const report = describeError(new TransportError('xml_api.php', 'not_sent', 'could not connect (ECONNREFUSED)'));
    expect(report.lines.join('\n')).toMatch(/Was it sent\? No/);
    expect(report.json).toMatchObject({ code: 'transport', outcome: 'not_sent' });
  });

  it('Should say a send that timed out may have been accepted', () => {
    const report = describeError(new TransportError('tr/xml_ozel_api_ileri.php', 'unknown', 'no reply within 30000 ms'));
    expect(report.lines.join('\n')).toMatch(/Was it sent\? Unknown: the provider may have accepted it/);
  });

  it('Should not talk about sending for a read-only call', () => {
    expect(describeError(new TransportError('xml_bakiye.php', 'unknown', 'HTTP 503')).lines.join('\n')).not.toMatch(/Was it sent/);
  });

  it('Should list the report ids of a partial multi-packet send', () => {
    const error = withPartial(new UnknownProviderError('unknown', 'Sistem hatası', 'xml_api.php', 'x'), ['100000001', '100000002'], ['5421112233']);
    const report = describeError(error);
    expect(report.exitCode).toBe(1);
    expect(report.json.partial).toEqual({
      reportIds: ['100000001', '100000002'],
      packets: [
        { reportId: '100000001', count: 2 },
        { reportId: '100000002', count: 2 },
      ],
      notSent: 1,
    });
    const text = report.lines.join('\n');
    expect(text).toMatch(/Partly sent: 2 packet\(s\) with 4 numbers/);
    expect(text).toContain('  100000001\n  100000002');
  });

  it('Should leave out `partial` when no packet went out', () => {
    const report = describeError(withPartial(new TransportError('xml_api.php', 'not_sent', 'could not connect'), [], ['5329998877']));
    expect(report.json).not.toHaveProperty('partial');
    expect(report.lines.join('\n')).not.toMatch(/Partly sent/);
  });

  it('Should name the command-line option of a validation error', () => {
    expect(describeError(new ValidationError('sendAt', '2020-01-01 00:00:00 (Europe/Istanbul) is in the past')).json.message).toBe(
      'invalid --at: 2020-01-01 00:00:00 (Europe/Istanbul) is in the past',
    );
    expect(describeError(new ValidationError('sender', 'must be 1 to 11 ASCII characters')).json.message).toMatch(/^invalid --from: /);
  });

  it('Should leave commander errors to commander in human mode, and still give a JSON message', () => {
    const report = describeError(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--nope'"));
    expect(report.lines).toEqual([]);
    expect(report.json).toEqual({ code: 'usage', message: "unknown option '--nope'" });
  });

  it('Should print the hints of a CLI error after its message', () => {
    const report = describeError(new CliError('credentials', 'missing ESEMES_PASSWORD', ['try the sandbox']));
    expect(report.lines).toEqual(['esemes: missing ESEMES_PASSWORD', 'try the sandbox']);
    expect(report.json).toEqual({ code: 'credentials', message: 'missing ESEMES_PASSWORD' });
  });
});

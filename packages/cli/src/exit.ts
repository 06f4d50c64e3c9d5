// Errors → exit codes and messages. 0 ok; 1 the provider said ERR or the exchange failed;
// 2 bad usage or invalid input (nothing was sent).
import { classifyProviderText, isEsemesError, isProviderError, isTransportError, type EsemesError } from '@esemes/core';
import { CommanderError } from 'commander';
import { plural } from './output.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export type ExitCode = typeof EXIT_OK | typeof EXIT_FAILURE | typeof EXIT_USAGE;

/** Why the CLI itself refused to go on: `usage` (options), `input` (a file or value), `credentials`. */
export type CliErrorCode = 'usage' | 'input' | 'credentials';

/** A problem the CLI found before anything was sent; always exit 2. */
export class CliError extends Error {
  override name = 'CliError' as const;
  readonly code: CliErrorCode;
  /** Extra lines for a person (hints), printed after the message in human mode. */
  readonly hints: readonly string[];
  constructor(code: CliErrorCode, message: string, hints: readonly string[] = []) {
    super(message);
    this.code = code;
    this.hints = hints;
  }
}

/** What a failed send had already done, as --json shows it. */
export interface PartialReport {
  reportIds: string[];
  packets: Array<{ reportId: string; count: number }>;
  notSent: number;
}

/** An error as the CLI reports it: exit code, the --json `error` object, and the lines for stderr. */
export interface ErrorReport {
  exitCode: ExitCode;
  json: { code: string; message: string; providerText?: string; outcome?: string; partial?: PartialReport };
  /** Human-readable lines for stderr; empty when commander has printed the message already. */
  lines: string[];
}

// Core's ValidationError names its field; say which command-line option that is.
const OPTION_OF_FIELD: Record<string, string> = {
  sendAt: '--at',
  sender: '--from',
  to: '--to',
  text: '--text',
  from: '--from',
  messages: '--file',
  reportId: 'ID',
  blacklist: '--blacklist',
};

function partialOf(error: EsemesError): PartialReport | undefined {
  const partial = error.partial;
  // Core sets `partial` only when some packet went out before the failure.
  if (!partial || partial.packets.length === 0) return undefined;
  const packets = partial.packets.map((p) => ({ reportId: p.reportId, count: p.numbers.length }));
  return { reportIds: packets.map((p) => p.reportId), packets, notSent: partial.notSent.length };
}

function partialLines(partial: PartialReport | undefined, call: string): string[] {
  if (!partial) return [];
  const count = partial.packets.reduce((sum, p) => sum + p.count, 0);
  return [
    `Partly sent: ${partial.packets.length} packet(s) with ${count} numbers went out before the failure; their report ids:`,
    ...partial.reportIds.map((id) => `  ${id}`),
    `Not sent: ${plural(partial.notSent, 'number')} of the failed packet(s). Check the reports before sending those again.`,
    // A personalized send reads its messages a packet at a time and stops at the first failure.
    ...(call.includes('ozel') ? ['The messages after that packet in the file were not sent either.'] : []),
  ];
}

const isSendCall = (call: string): boolean => /xml_(ozel_)?api/.test(call);

function describeEsemes(error: EsemesError): ErrorReport {
  const partial = partialOf(error);
  const withPartial = partial ? { partial } : {};
  if (isProviderError(error)) {
    const { english } = classifyProviderText(error.providerText);
    return {
      exitCode: EXIT_FAILURE,
      json: { code: error.code, message: error.message, providerText: error.providerText, ...withPartial },
      lines: [
        `esemes: the provider answered ERR (${error.call}):`,
        `  ${error.providerText}`,
        error.code === 'unknown'
          ? "In English: an error this tool does not recognise; the line above is the provider's text as received."
          : `In English: ${english}.`,
        ...(error.code === 'auth' ? ['Check ESEMES_USER and ESEMES_PASSWORD (and ESEMES_BASE_URL).'] : []),
        ...(error.code === 'unknown' && error.call.startsWith('xml_rapor')
          ? ['Is the id one your sends printed? `esemes reports` lists the ids of this account.']
          : []),
        ...partialLines(partial, error.call),
      ],
    };
  }
  if (isTransportError(error)) {
    const sent =
      error.outcome === 'not_sent'
        ? 'Was it sent? No: the request never reached the provider; it is safe to try again.'
        : 'Was it sent? Unknown: the provider may have accepted it. Check `esemes reports` and `esemes report ID` before sending again.';
    return {
      exitCode: EXIT_FAILURE,
      json: { code: error.code, message: error.message, outcome: error.outcome, ...withPartial },
      lines: [`esemes: ${error.message}`, ...(isSendCall(error.call) ? [sent] : []), ...partialLines(partial, error.call)],
    };
  }
  if (error.code === 'validation') {
    const field = (error as EsemesError & { field?: string }).field ?? '';
    const option = OPTION_OF_FIELD[field] ?? (field.startsWith('messages[') ? '--file' : field);
    const detail = error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message;
    const message = `invalid ${option}: ${detail}`;
    return { exitCode: EXIT_USAGE, json: { code: 'validation', message }, lines: [`esemes: ${message}`] };
  }
  if (error.code === 'config') {
    return {
      exitCode: EXIT_USAGE,
      json: { code: 'config', message: error.message },
      lines: [`esemes: ${error.message}`, 'Check ESEMES_BASE_URL (an http:// or https:// URL such as http://toplusms.esemes.net/api-v3/).'],
    };
  }
  // 'reply': something answered that is not the esemes API.
  return {
    exitCode: EXIT_FAILURE,
    json: { code: error.code, message: error.message, ...withPartial },
    lines: [
      `esemes: ${error.message}`,
      'Is ESEMES_BASE_URL the esemes API (…/api-v3/)?',
      ...partialLines(partial, (error as EsemesError & { call?: string }).call ?? ''),
    ],
  };
}

/**
 * Map any error to its exit code, --json error object and stderr lines.
 * @example
 * describeError(new CliError('input', 'orders.csv: no "phone" column')).exitCode // → 2
 */
export function describeError(error: unknown): ErrorReport {
  if (error instanceof CliError) {
    return { exitCode: EXIT_USAGE, json: { code: error.code, message: error.message }, lines: [`esemes: ${error.message}`, ...error.hints] };
  }
  if (error instanceof CommanderError) {
    // --help and --version end with exitCode 0; every other commander error is bad usage.
    const exitCode = error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    return { exitCode, json: { code: 'usage', message: error.message.replace(/^error: /, '') }, lines: [] };
  }
  if (isEsemesError(error)) return describeEsemes(error);
  if (error instanceof Error && error.name === 'SandboxConfigError') {
    return { exitCode: EXIT_USAGE, json: { code: 'usage', message: error.message }, lines: [`esemes: ${error.message}`] };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT_FAILURE, json: { code: 'internal', message }, lines: [`esemes: unexpected error: ${message}`] };
}

/** The exit code for `error`. */
export function exitCodeFor(error: unknown): ExitCode {
  return describeError(error).exitCode;
}

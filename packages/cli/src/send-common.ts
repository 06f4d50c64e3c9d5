// What `send` and `send-personalized` share: their common options, the estimate, the rejected
// warnings and the result output.
import { MAX_PACKET_SIZE, segments, transliterate, type CommonSendOptions, type Segments, type SendResult } from '@esemes/core';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { plural, type Output } from './output.js';
import type { RejectedInput } from './recipients.js';

export interface CommonSendFlags {
  from: string;
  at?: string;
  blacklist?: 'own' | 'general';
  optOutLink?: boolean;
  optOutPhone?: boolean;
  transliterate?: boolean;
  json?: boolean;
  packetSize?: number;
}

function packetSize(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_PACKET_SIZE) {
    throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_PACKET_SIZE}`);
  }
  return n;
}

// Checked here too (core checks again) so a bad title is refused before files are read or estimates shown.
function senderTitle(value: string): string {
  if (!/^[\x20-\x7e]{1,11}$/.test(value.trim())) throw new InvalidArgumentError('must be 1 to 11 ASCII characters: the sender title registered with esemes');
  return value.trim();
}

/** Add the options both send commands take. */
export function addCommonSendOptions(command: Command): Command {
  return command
    .requiredOption('--from <title>', 'sender title (başlık) registered with esemes, at most 11 characters', senderTitle)
    .option('--at <time>', 'send later: "YYYY-MM-DD HH:MM:SS" (Europe/Istanbul) or an ISO instant with a zone')
    .addOption(new Option('--blacklist <list>', 'skip numbers on a blacklist').choices(['own', 'general']))
    .option('--opt-out-link', 'let the provider append its opt-out link (commercial messages)')
    .option('--opt-out-phone', 'let the provider append its opt-out phone sentence')
    .option('--transliterate', 'turn Turkish letters into ASCII (ş→s, ğ→g, ı→i …) to save credits')
    .option('--json', 'print one JSON document on stdout')
    .addOption(new Option('--packet-size <n>', `numbers per request (default ${MAX_PACKET_SIZE})`).argParser(packetSize).hideHelp());
}

/** Core's options from the flags. */
export function commonSendOptions(flags: CommonSendFlags): CommonSendOptions {
  return {
    sender: flags.from,
    sendAt: flags.at,
    blacklist: flags.blacklist,
    optOutLink: flags.optOutLink === true,
    optOutPhone: flags.optOutPhone === true,
    charset: flags.transliterate === true ? 'transliterate' : 'auto',
  };
}

/**
 * Parts of a text as the provider gets it: transliterated when asked, with the opt-out sentences, and
 * with CR LF as LF (core writes line breaks as LF, as XML end-of-line handling would anyway).
 */
export function segmentsAsSent(text: string, flags: CommonSendFlags): Segments {
  const lf = text.replace(/\r\n?/g, '\n');
  return segments(flags.transliterate === true ? transliterate(lf) : lf, {
    optOutLink: flags.optOutLink === true,
    optOutPhone: flags.optOutPhone === true,
  });
}

/** One stderr warning per rejected input (masked). */
export function warnRejected(output: Output, rejected: readonly RejectedInput[]): void {
  for (const r of rejected) {
    // Core's messages start with the masked number already; say it once.
    const why = r.message.startsWith(r.input) ? r.message.slice(r.input.length).trim() : r.input === '(no digits)' ? r.message.trim() : r.message;
    output.warn(`skipping ${r.input} (${r.source}): ${why}`);
  }
}

/** Print what a send did: report ids on stdout (or the JSON document), a summary on stderr. */
export function printSendResult(output: Output, result: SendResult, rejected: readonly RejectedInput[], flags: CommonSendFlags): void {
  const packets = result.packets.map((p) => ({ reportId: p.reportId, count: p.numbers.length }));
  if (output.json) {
    output.document({ reportIds: result.reportIds, packets, accepted: result.accepted.length, rejected });
    return;
  }
  for (const id of result.reportIds) output.line(id);
  const when = flags.at === undefined ? '' : `, scheduled for ${flags.at}${/(?:[zZ]|[+-]\d\d:?\d\d)$/.test(flags.at) ? '' : ' (Europe/Istanbul)'}`;
  const skipped = rejected.length > 0 ? `; ${plural(rejected.length, 'input')} rejected` : '';
  output.info(
    `Accepted ${plural(result.accepted.length, 'number')} in ${plural(packets.length, 'packet')}${when}${skipped}. Follow up with: esemes report ${result.reportIds[0] ?? 'ID'}`,
  );
}

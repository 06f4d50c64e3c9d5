// esemes send: one text to many numbers.
import { MAX_PACKET_SIZE } from '@esemes/core';
import type { Command } from 'commander';
import { clientFromEnv } from '../config.js';
import { CliError } from '../exit.js';
import { plural, type Output } from '../output.js';
import { startProgress } from '../progress.js';
import { checkRecipients, numbersFromFile, splitNumbers } from '../recipients.js';
import { addCommonSendOptions, commonSendOptions, printSendResult, segmentsAsSent, warnRejected, type CommonSendFlags } from '../send-common.js';

interface SendFlags extends CommonSendFlags {
  to?: string[];
  toFile?: string;
  text: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

async function* entries(flags: SendFlags): AsyncGenerator<{ input: string; source: string }> {
  for (const value of flags.to ?? []) for (const input of splitNumbers(value)) yield { input, source: '--to' };
  if (flags.toFile !== undefined) yield* numbersFromFile(flags.toFile);
}

/** Parts and credits of the text as it will be sent (transliterated, with opt-out sentences). */
function estimateLine(text: string, flags: CommonSendFlags, numbers: number): string {
  const s = segmentsAsSent(text, flags);
  return `Estimate: ${plural(s.parts, 'part')} per number (${s.encoding}, ${plural(s.characters, 'character')}, ${s.remaining} left in the last part) × ${plural(numbers, 'number')} = ${plural(s.parts * numbers, 'credit')}`;
}

async function send(output: Output, flags: SendFlags): Promise<void> {
  if (flags.to === undefined && flags.toFile === undefined) {
    throw new CliError('usage', 'no recipients: give --to NUMBERS (repeatable, comma-separated) and/or --to-file FILE');
  }
  if (flags.text.trim() === '') throw new CliError('usage', 'invalid --text: the text is empty');
  // Credentials first, so a missing variable is reported before a long file is read.
  const client = clientFromEnv(output, { packetSize: flags.packetSize });
  const { numbers, rejected } = await checkRecipients(entries(flags));
  warnRejected(output, rejected);
  if (numbers.length === 0) {
    throw new CliError('input', `no valid Turkish mobile number among the recipients (${plural(rejected.length, 'input')} rejected); nothing was sent`);
  }
  output.info(estimateLine(flags.text, flags, numbers.length));
  const packets = Math.ceil(numbers.length / (flags.packetSize ?? MAX_PACKET_SIZE));
  const progress = startProgress(output, { numbers: numbers.length, packets });
  let result;
  try {
    result = await client.send({ ...commonSendOptions(flags), text: flags.text, to: numbers, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
  printSendResult(output, result, rejected, flags);
}

export function registerSend(program: Command, output: Output): void {
  const command = program
    .command('send')
    .summary('send one text to many numbers')
    .description('Send one text to one or more Turkish mobile numbers, now or at a given time. Prints the report id of each request (one per line).')
    .option('--to <numbers>', 'recipient numbers, comma-separated; repeatable', collect)
    .option('--to-file <file>', 'a file with one number per line (commas allowed; blank lines and # comments ignored)')
    .requiredOption('--text <text>', 'the message text');
  addCommonSendOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  $ esemes send --from MAGAZA --to 05329998877,05309998877 --text "Siparişiniz kargoya verildi"
  $ esemes send --from MAGAZA --to-file numbers.txt --text "Indirim basladi" --opt-out-link --transliterate
  $ esemes send --from MAGAZA --to 05329998877 --text "Yarin 10:00'da" --at "2026-12-01 09:00:00" --json

Credentials come from ESEMES_USER and ESEMES_PASSWORD (never from the command line).`,
    )
    .action((flags: SendFlags) => send(output, flags));
}

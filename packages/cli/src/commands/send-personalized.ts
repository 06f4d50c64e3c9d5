// esemes send-personalized: a text per number, from a CSV or JSONL file. The file is read twice, both
// times streamed: first to check every line (a malformed file sends nothing), then into the client.
import { MAX_PACKET_SIZE, normalizeTurkishMobile, type PersonalizedMessage } from '@esemes/core';
import type { Command } from 'commander';
import { clientFromEnv } from '../config.js';
import { CliError } from '../exit.js';
import { messageFileFormat, readMessageFile, type MessageFileFormat, type MessageRow } from '../message-files.js';
import { plural, type Output } from '../output.js';
import { startProgress } from '../progress.js';
import { maskedInput, type RejectedInput } from '../recipients.js';
import { addCommonSendOptions, commonSendOptions, printSendResult, segmentsAsSent, warnRejected, type CommonSendFlags } from '../send-common.js';

interface PersonalizedFlags extends CommonSendFlags {
  file: string;
}

interface FileCheck {
  valid: number;
  credits: number;
  maxParts: number;
  rejected: RejectedInput[];
  /** Lines of the rejected rows, skipped in the second pass. */
  skip: Set<number>;
}

function rowProblem(row: MessageRow): { reason: string; message: string } | undefined {
  const phone = normalizeTurkishMobile(row.phone);
  if (!phone.ok) return { reason: phone.reason, message: phone.message };
  if (row.text.trim() === '') return { reason: 'empty_text', message: 'the text is empty' };
  return undefined;
}

/** First pass: every line well-formed (else a CliError naming it), which rows to skip, the estimate. */
async function checkFile(file: string, format: MessageFileFormat, flags: CommonSendFlags): Promise<FileCheck> {
  const check: FileCheck = { valid: 0, credits: 0, maxParts: 0, rejected: [], skip: new Set() };
  for await (const row of readMessageFile(file, format)) {
    const problem = rowProblem(row);
    if (problem) {
      check.rejected.push({ input: maskedInput(row.phone), ...problem, source: `${file}:${row.line}` });
      check.skip.add(row.line);
      continue;
    }
    const parts = segmentsAsSent(row.text, flags).parts;
    check.valid += 1;
    check.credits += parts;
    check.maxParts = Math.max(check.maxParts, parts);
  }
  return check;
}

async function* messages(file: string, format: MessageFileFormat, skip: ReadonlySet<number>): AsyncGenerator<PersonalizedMessage> {
  for await (const row of readMessageFile(file, format)) {
    if (!skip.has(row.line)) yield { to: row.phone, text: row.text };
  }
}

async function sendPersonalized(output: Output, flags: PersonalizedFlags): Promise<void> {
  const format = messageFileFormat(flags.file);
  const client = clientFromEnv(output, { packetSize: flags.packetSize });
  const check = await checkFile(flags.file, format, flags);
  warnRejected(output, check.rejected);
  if (check.valid === 0) {
    const why =
      check.rejected.length === 0
        ? 'it has no messages'
        : `no row has a valid Turkish mobile number and a text (${plural(check.rejected.length, 'row')} rejected)`;
    throw new CliError('input', `${flags.file}: ${why}; nothing was sent`);
  }
  output.info(`Estimate: ${plural(check.valid, 'message')}, ${check.credits} credits in total (at most ${plural(check.maxParts, 'part')} per message)`);
  const packets = Math.ceil(check.valid / (flags.packetSize ?? MAX_PACKET_SIZE));
  const progress = startProgress(output, { numbers: check.valid, packets });
  let result;
  try {
    result = await client.sendPersonalized({
      ...commonSendOptions(flags),
      messages: messages(flags.file, format, check.skip),
      onProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
  }
  printSendResult(
    output,
    result,
    [...check.rejected, ...result.rejected.map((r) => ({ input: maskedInput(r.input), reason: r.reason, message: r.message, source: flags.file }))],
    flags,
  );
}

export function registerSendPersonalized(program: Command, output: Output): void {
  const command = program
    .command('send-personalized')
    .summary('send a text per number from a CSV or JSONL file')
    .description('Send a different text to each number ("hitaplı" SMS), read from a file. The whole file is checked before anything is sent.')
    .requiredOption('--file <file>', 'FILE.csv (header phone,text) or FILE.jsonl / FILE.ndjson (one {"phone","text"} per line)');
  addCommonSendOptions(command)
    .addHelpText(
      'after',
      `
File formats:
  CSV (RFC 4180, UTF-8): a header line naming the columns "phone" and "text" (any order; other columns
  are ignored). Quote a text that holds commas, quotes ("" inside quotes) or line breaks.
      phone,text
      05329998877,"Sayın Veli Doğan, borcunuz 15 TL'dir."
  JSONL: one JSON object per line; blank lines are skipped.
      {"phone": "05329998877", "text": "Sayın Veli Doğan, borcunuz 15 TL'dir."}

Examples:
  $ esemes send-personalized --from MAGAZA --file borclar.csv
  $ esemes send-personalized --from MAGAZA --file kampanya.jsonl --at "2026-12-01 09:00:00" --json`,
    )
    .action((flags: PersonalizedFlags) => sendPersonalized(output, flags));
}

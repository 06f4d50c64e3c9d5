// esemes report ID: what happened to the numbers of one send, as counts and lists or per number.
import { formatIstanbul, type ReportDetailEntry } from '@esemes/core';
import type { Command } from 'commander';
import { clientFromEnv } from '../config.js';
import { plural, table, type Output } from '../output.js';

interface ReportFlags {
  detail?: boolean;
  json?: boolean;
}

const time = (value: Date | null): string => (value === null ? '-' : formatIstanbul(value));

function statusCell(entry: ReportDetailEntry): string {
  return entry.status === 'pending' && entry.rawStatus !== '' ? `pending (${entry.rawStatus})` : entry.status;
}

async function detail(output: Output, id: string): Promise<void> {
  const entries = await clientFromEnv(output).reportDetail(id);
  if (output.json) {
    output.document({ reportId: id, entries });
    return;
  }
  if (entries.length === 0) {
    output.info(`Report ${id} lists no numbers yet.`);
    return;
  }
  const rows = entries.map((e) => [
    e.number,
    statusCell(e),
    time(e.sentAt),
    time(e.finishedAt),
    e.parts === null ? '-' : String(e.parts),
    e.errorCode === null ? '-' : String(e.errorCode),
  ]);
  output.line(table(['NUMBER', 'STATUS', 'SENT AT (ISTANBUL)', 'FINISHED AT', 'PARTS', 'ERROR CODE'], rows));
}

async function summary(output: Output, id: string): Promise<void> {
  const { pending, delivered, failed } = await clientFromEnv(output).report(id);
  const counts = { total: pending.length + delivered.length + failed.length, delivered: delivered.length, pending: pending.length, failed: failed.length };
  if (output.json) {
    output.document({ reportId: id, counts, delivered, pending, failed });
    return;
  }
  output.line(`Report ${id}: ${plural(counts.total, 'number')}: ${counts.delivered} delivered, ${counts.pending} pending, ${counts.failed} failed`);
  const list = (title: string, numbers: readonly string[]): void => {
    if (numbers.length === 0) return;
    output.line(`${title} (${numbers.length}):`);
    for (const n of numbers) output.line(`  ${n}`);
  };
  list('Delivered', delivered);
  list('Pending', pending);
  list('Failed', failed);
}

export function registerReport(program: Command, output: Output): void {
  program
    .command('report')
    .summary('show the delivery report of one send')
    .description('Show which numbers of one send are delivered, pending or failed. With --detail, one row per number.')
    .argument('<id>', 'the report id a send printed')
    .option('--detail', 'one row per number: status, sent and finished times (Europe/Istanbul), parts, operator error code')
    .option('--json', 'print one JSON document on stdout')
    .addHelpText('after', '\nExamples:\n  $ esemes report 100000001\n  $ esemes report 100000001 --detail')
    .action((id: string, flags: ReportFlags) => (flags.detail === true ? detail(output, id) : summary(output, id)));
}

// esemes reports: every report id of the account, optionally between two times.
import type { Command } from 'commander';
import { clientFromEnv } from '../config.js';
import type { Output } from '../output.js';

interface ReportsFlags {
  from?: string;
  to?: string;
  json?: boolean;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A bare date means the whole day: from its first second, to its last. */
export function widenDate(value: string | undefined, end: boolean): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return DATE_ONLY.test(trimmed) ? `${trimmed} ${end ? '23:59:59' : '00:00:00'}` : trimmed;
}

async function reports(output: Output, flags: ReportsFlags): Promise<void> {
  const from = widenDate(flags.from, false);
  const to = widenDate(flags.to, true);
  const range = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
  const ids = await clientFromEnv(output).reportIds(range);
  if (output.json) {
    output.document({ reportIds: ids });
    return;
  }
  for (const id of ids) output.line(id);
  if (ids.length === 0) output.info('No reports in that range.');
}

export function registerReports(program: Command, output: Output): void {
  program
    .command('reports')
    .summary('list the report ids of the account')
    .description(
      'List every report id of the account, optionally of sends between two times. Times are "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" (Europe/Istanbul) or ISO instants with a zone.',
    )
    .option('--from <date>', 'earliest send time (a bare date means 00:00:00)')
    .option('--to <date>', 'latest send time (a bare date means 23:59:59; default now)')
    .option('--json', 'print one JSON document on stdout: { reportIds }')
    .addHelpText('after', '\nExamples:\n  $ esemes reports\n  $ esemes reports --from 2026-11-01 --to 2026-11-30')
    .action((flags: ReportsFlags) => reports(output, flags));
}

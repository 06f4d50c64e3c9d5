// The commander program. `createProgram` builds it around injected streams and environment, so tests
// can run the CLI in-process; `run` parses argv and turns the outcome into an exit code.
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerBalance } from './commands/balance.js';
import { registerReport } from './commands/report.js';
import { registerReports } from './commands/reports.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerSegments } from './commands/segments.js';
import { registerSendPersonalized } from './commands/send-personalized.js';
import { registerSend } from './commands/send.js';
import { describeError, EXIT_OK, type ExitCode } from './exit.js';
import { Output, type CliIo } from './output.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * Build the `esemes` program. Commander's errors throw (exitOverride) instead of exiting; its output
 * goes to `io` through `output`.
 * @example
 * await createProgram({ env: process.env, stdout: process.stdout, stderr: process.stderr, isTTY: false }).parseAsync(['node', 'esemes', 'segments', 'Merhaba'])
 */
export function createProgram(io: CliIo, output: Output = new Output(io)): Command {
  const program = new Command('esemes')
    .description('Send SMS through esemes (toplusms.esemes.net), follow their delivery, and run a local sandbox.')
    .version(version, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.writeOut(text),
      // In --json mode a usage error becomes the JSON document instead (see run), without the chatter.
      writeErr: (text) => {
        if (!output.json) output.writeErr(text);
      },
      outputError: (text, write) => write(text),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Environment:
  ESEMES_USER, ESEMES_PASSWORD   your esemes account (needed by send, send-personalized, balance, report, reports)
  ESEMES_BASE_URL                API base URL (default http://toplusms.esemes.net/api-v3/)
  ESEMES_TIMEOUT_MS              per-request timeout (default 30000)

Try it safely first:
  $ npx esemes sandbox           then use the variables it prints

Exit codes: 0 ok, 1 the provider answered ERR or the connection failed, 2 bad usage or invalid input.`,
    );
  program.hook('preAction', (_program, action) => {
    output.json = action.opts<{ json?: boolean }>().json === true;
  });
  registerSend(program, output);
  registerSendPersonalized(program, output);
  registerBalance(program, output);
  registerReport(program, output);
  registerReports(program, output);
  registerSegments(program, output);
  registerSandbox(program, output);
  return program;
}

/** Whether argv asks for --json, for errors commander raises before an action runs. */
function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}

function defaultIo(): CliIo {
  return { env: process.env, stdout: process.stdout, stderr: process.stderr, isTTY: process.stderr.isTTY === true };
}

/**
 * Run the CLI with `argv` as `process.argv` gives it (node, script, args…); resolves with the exit code.
 * @example
 * process.exitCode = await run(process.argv)
 */
export async function run(argv: readonly string[], io: CliIo = defaultIo()): Promise<ExitCode> {
  const output = new Output(io);
  output.json = wantsJson(argv.slice(2));
  try {
    await createProgram(io, output).parseAsync([...argv]);
    return EXIT_OK;
  } catch (error) {
    const report = describeError(error);
    if (report.exitCode === EXIT_OK) return EXIT_OK;
    if (output.json) output.document({ error: report.json });
    else for (const line of report.lines) output.error(line);
    return report.exitCode;
  }
}

// esemes sandbox: run the local stand-in for the esemes API until Ctrl+C (SIGINT) or SIGTERM.
import { DEFAULT_SANDBOX_ACCOUNT, startSandbox } from '@esemes/sandbox';
import { InvalidArgumentError, type Command } from 'commander';
import { CliError } from '../exit.js';
import type { CliIo, Output } from '../output.js';

interface SandboxFlags {
  port?: number;
  host?: string;
  seed?: number;
  deliveryDelayMs?: number;
}

const DEFAULT_PORT = 8080;

function wholeNumber(max: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim()) || Number(value) > max) throw new InvalidArgumentError(`must be a whole number from 0 to ${max}`);
    return Number(value);
  };
}

function portFromEnv(env: CliIo['env']): number {
  const text = env.PORT;
  if (text === undefined || text.trim() === '') return DEFAULT_PORT;
  if (!/^\d+$/.test(text.trim()) || Number(text) > 65535)
    throw new CliError('usage', `PORT must be a whole number from 0 to 65535; got ${JSON.stringify(text)}`);
  return Number(text);
}

/** Resolves with the reason once `io.stop` aborts, or on SIGINT / SIGTERM. */
function untilStopped(io: CliIo): Promise<string> {
  const { stop } = io;
  if (stop) return stop.aborted ? Promise.resolve('stop') : new Promise((resolve) => stop.addEventListener('abort', () => resolve('stop'), { once: true }));
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

async function runSandbox(output: Output, flags: SandboxFlags): Promise<void> {
  const port = flags.port ?? portFromEnv(output.io.env);
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox({
      port,
      ...(flags.host === undefined ? {} : { host: flags.host }),
      ...(flags.seed === undefined ? {} : { seed: flags.seed }),
      ...(flags.deliveryDelayMs === undefined ? {} : { deliveryDelayMs: flags.deliveryDelayMs }),
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') throw new CliError('usage', `port ${port} is already in use; pick another with --port N (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new CliError('usage', `cannot listen on host ${flags.host ?? ''}: ${(error as Error).message}`);
    throw error;
  }
  const account = DEFAULT_SANDBOX_ACCOUNT;
  output.line('esemes sandbox: a local stand-in for the esemes API. Nothing leaves this machine; no SMS is sent.');
  output.line('');
  output.line(`Base URL:  ${sandbox.url}`);
  output.line(`Account:   user ${account.user}, password ${account.password} (sandbox only)`);
  output.line(`Credits:   ${account.numericCredits} numeric, ${account.alphanumericCredits} alphanumeric`);
  output.line(`Senders:   ${account.senders.join(', ')}`);
  output.line('');
  output.line('Try it from another terminal:');
  output.line(
    `  ESEMES_BASE_URL=${sandbox.url} ESEMES_USER=${account.user} ESEMES_PASSWORD=${account.password} npx esemes send --from ${account.senders[0] ?? 'DEMO'} --to 05329998877 --text "Merhaba"`,
  );
  output.line('');
  output.line('Press Ctrl+C to stop.');
  const reason = await untilStopped(output.io);
  await sandbox.close();
  output.info(`Sandbox stopped (${reason}).`);
}

export function registerSandbox(program: Command, output: Output): void {
  program
    .command('sandbox')
    .summary('run a local esemes API sandbox to try the CLI safely')
    .description('Start a local, stateful stand-in for the esemes API (demo account, fake deliveries) and print how to use it. Stops on Ctrl+C or SIGTERM.')
    .option('--port <n>', `TCP port, 0 for any free one (default: $PORT, else ${DEFAULT_PORT})`, wholeNumber(65535))
    .option('--host <host>', 'interface to listen on (default 127.0.0.1)')
    .option('--seed <n>', 'seed of the simulated delivery outcomes', wholeNumber(0xffffffff))
    .option('--delivery-delay-ms <n>', 'milliseconds until a message reaches its final state', wholeNumber(Number.MAX_SAFE_INTEGER))
    .addHelpText('after', '\nExamples:\n  $ esemes sandbox\n  $ esemes sandbox --port 0 --delivery-delay-ms 0')
    .action((flags: SandboxFlags) => runSandbox(output, flags));
}

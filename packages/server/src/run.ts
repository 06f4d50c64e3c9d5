// What `npm start` (src/main.ts, bin/esemes-server.js) does, with the process's parts passed in so tests
// can run it in-process: read the configuration, start, print where, close gracefully on a signal.
import { isAdapterConfigError, type ServerAdapter } from '@esemes/adapter-kit';
import type { ServerConfig } from './config.js';
import { isServerConfigError, loadConfig } from './config.js';
import { createServer, type EsemesServer, type ServerDeps } from './server.js';

export interface RunIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  exit(code: number): void;
  /** Where SIGTERM and SIGINT arrive; normally `process`. */
  signals: { on(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown };
  /**
   * The platform adapters to run, built from the environment: the composition root names them (the
   * server knows none). An adapter's configuration error (AdapterConfigError) exits with code 2.
   */
  adapters?: (env: Readonly<Record<string, string | undefined>>) => readonly ServerAdapter[];
  deps?: ServerDeps;
}

/** The lines printed at start, after the listening URL is known. */
export function startupBanner(config: ServerConfig, url: string, sandbox: { url: string; origin: string } | undefined): string[] {
  const lines = [`esemes server listening on ${url} (${config.mode} mode)`];
  // The address a person opens: 0.0.0.0 and :: are where it listens, not where a browser goes.
  const dashboardUrl = url.replace(/^http:\/\/(0\.0\.0\.0|\[::\])(?=:)/, 'http://localhost');
  if (config.adminPassword === undefined) lines.push(`Dashboard: ${dashboardUrl}/ is off: set ADMIN_PASSWORD (at least 10 characters) to open it.`);
  else if (config.adminPasswordGenerated)
    lines.push(`Dashboard: ${dashboardUrl}/  password (generated for this run only; set ADMIN_PASSWORD to keep one): ${config.adminPassword}`);
  else lines.push(`Dashboard: ${dashboardUrl}/ (password: ADMIN_PASSWORD)`);
  if (sandbox) {
    lines.push(
      `SANDBOX MODE: no SMS leaves this machine; provider at ${sandbox.url}; inbox: GET ${sandbox.origin}/_sandbox/inbox/<number>`,
      'Set ESEMES_USER, ESEMES_PASSWORD and ESEMES_SENDER to send real SMS.',
    );
  }
  if (config.adminTokenGenerated) {
    lines.push(
      `ADMIN_TOKEN (generated for this run only; set ADMIN_TOKEN to keep one): ${config.adminToken}`,
      `Try: curl -H 'Authorization: Bearer ${config.adminToken}' ${url}/api/v1/status`,
    );
  }
  return lines;
}

/**
 * Run the server until a signal. Exit codes: 2 invalid configuration, 1 failed to start (or a second
 * signal during shutdown), 0 closed gracefully.
 */
export async function run(io: RunIo): Promise<EsemesServer | undefined> {
  let config: ServerConfig;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (!isServerConfigError(error)) throw error;
    io.stderr.write(
      `esemes-server: the configuration is not valid:\n${error.problems.map((problem) => `  - ${problem}\n`).join('')}See the Configuration section of the @esemes/server README.\n`,
    );
    io.exit(2);
    return undefined;
  }

  let deps: ServerDeps;
  try {
    deps = { ...io.deps, adapters: io.deps?.adapters ?? io.adapters?.(io.env) ?? [] };
  } catch (error) {
    if (!isAdapterConfigError(error)) throw error;
    io.stderr.write(
      `esemes-server: the configuration is not valid:\n  - ${error.message}\nSee the README of the adapter that reads ${error.variables.join(', ')}.\n`,
    );
    io.exit(2);
    return undefined;
  }

  let server: EsemesServer;
  let url: string;
  try {
    server = await createServer(config, deps);
    try {
      ({ url } = await server.start());
    } catch (error) {
      await server.close().catch(() => undefined);
      throw error;
    }
  } catch (error) {
    io.stderr.write(`esemes-server: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    io.exit(1);
    return undefined;
  }

  io.stdout.write(startupBanner(config, url, server.sandbox).join('\n') + '\n');

  let stopping = false;
  const onSignal = (signal: 'SIGTERM' | 'SIGINT') => () => {
    if (stopping) {
      io.stderr.write(`esemes-server: ${signal} again; exiting without waiting\n`);
      io.exit(1);
      return;
    }
    stopping = true;
    io.stderr.write(`esemes-server: ${signal}: shutting down (finishing requests and sends in flight; ${signal} again to exit at once)\n`);
    server.close().then(
      () => io.exit(0),
      (error: unknown) => {
        io.stderr.write(`esemes-server: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        io.exit(1);
      },
    );
  };
  io.signals.on('SIGTERM', onSignal('SIGTERM'));
  io.signals.on('SIGINT', onSignal('SIGINT'));
  return server;
}

// Start the sandbox and the server as separate processes, as a deployment runs them.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = `${ROOT}packages/cli/dist/bin.js`;
export const SERVER = `${ROOT}packages/app/bin/esemes-server.js`;
/** The adapter kit README's worked example: a shop's own start file. */
export const OPENCART_EXAMPLE = `${ROOT}test/examples/opencart-server.mjs`;
/** How long a process may take to start on a busy machine before the test gives up (a bound, not a speed claim). */
const START_WITHIN_MS = 120_000;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Running {
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function track(child: ChildProcess): Running {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    child,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/** `esemes sandbox` on a free port; resolves with its base URL once it listens. */
export async function startSandboxProcess(): Promise<Running & { url: string; origin: string }> {
  const child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const running = track(child);
  const deadline = Date.now() + START_WITHIN_MS;
  while (Date.now() < deadline) {
    const match = /Base URL:\s+(http:\/\/127\.0\.0\.1:\d+\/api-v3\/)/.exec(running.output());
    if (match) return { ...running, url: match[1]!, origin: new URL(match[1]!).origin };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await running.stop('SIGKILL');
  throw new Error(`the sandbox did not start:\n${running.output()}`);
}

/** The server as `npm start` runs it (or another start file), with `env`; resolves once /healthz answers. */
export async function startServerProcess(env: Record<string, string>, script = SERVER): Promise<Running & { url: string }> {
  const port = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const running = track(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_WITHIN_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { ...running, url };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await running.stop('SIGKILL');
  throw new Error(`the server did not start:\n${running.output()}`);
}

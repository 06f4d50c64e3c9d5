// The server is killed with SIGKILL half-way through 1,000 events (10% duplicates) and restarted on the
// same database: every event it acknowledged reaches its customer exactly once, none twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startSandboxProcess, startServerProcess, type Running } from './processes.js';

const TOKEN = 'e2e-admin-token-0123456789';
const EVENTS = 1_000;
const UNIQUE = 900;
const running: Running[] = [];
const dir = mkdtempSync(join(tmpdir(), 'esemes-e2e-'));
afterAll(async () => {
  for (const process of running) await process.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const phoneOf = (i: number) => `532${String(1_000_000 + i).slice(-7)}`;
function event(i: number) {
  return {
    type: 'order.created',
    idempotencyKey: `e2e:${i}:created`,
    store: { id: 'e2e', name: 'Demo Mağaza', locale: 'tr', currency: 'TRY' },
    customer: { firstName: 'Ayşe', lastName: 'Yılmaz', phones: [`0${phoneOf(i)}`] },
    order: { id: String(i), number: String(10_000 + i), total: '249.90', currency: 'TRY' },
  };
}

/** 900 distinct events and 100 repeats of earlier ones, in a fixed shuffled order. */
function plan(): number[] {
  const order = Array.from({ length: UNIQUE }, (_, i) => i);
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let k = 0; k < EVENTS - UNIQUE; k += 1) {
    const position = UNIQUE / 4 + Math.floor(random() * (order.length - UNIQUE / 4));
    order.splice(position, 0, order[Math.floor(random() * position)]!);
  }
  return order;
}

async function post(url: string, i: number): Promise<number | 'lost'> {
  try {
    const response = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(event(i)),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 'lost';
  }
}

describe('a server killed mid-stream and restarted', () => {
  it('sends exactly one SMS per acknowledged event', async () => {
    const sandbox = await startSandboxProcess();
    running.push(sandbox);
    const port = String(await freePort());
    const env = {
      PORT: port,
      DATABASE_URL: `sqlite:${join(dir, 'esemes.db')}`,
      ESEMES_USER: 'demo',
      ESEMES_PASSWORD: 'demo',
      ESEMES_BASE_URL: sandbox.url,
      ESEMES_SENDER: 'DEMO',
      ADMIN_TOKEN: TOKEN,
      DISPATCH_INTERVAL_MS: '20',
      DISPATCH_BATCH_SIZE: '50',
      DISPATCH_LEASE_MS: '2000',
      RECONCILE_GRACE_MS: '1500',
    };
    let server = await startServerProcess(env);
    running.push(server);

    const order = plan();
    const acknowledged = new Set<number>();
    const statuses: Array<number | 'lost'> = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < order.length) {
        const position = next++;
        const i = order[position]!;
        if (!killed && position >= EVENTS / 2) {
          killed = true;
          await server.stop('SIGKILL');
          server = await startServerProcess(env);
          running.push(server);
        }
        // Like a platform, retry a delivery that got no answer (the server may be down or restarting).
        let status = await post(server.url, i);
        for (let retry = 0; status === 'lost' && retry < 100; retry += 1) {
          await new Promise((r) => setTimeout(r, 100));
          status = await post(server.url, i);
        }
        statuses.push(status);
        if (status === 202 || status === 200) acknowledged.add(i);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(killed).toBe(true);
    expect(statuses.filter((s) => s === 'lost')).toEqual([]);
    expect(acknowledged.size).toBe(UNIQUE);
    // An event committed just before the kill, whose answer was lost, is a duplicate (200) on retry.
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThanOrEqual(UNIQUE - 8);
    expect(statuses.filter((s) => s === 202 || s === 200)).toHaveLength(EVENTS);

    // Wait until the outbox is drained: nothing queued, sending or unknown.
    const deadline = Date.now() + 60_000;
    let counts: Record<string, number> = {};
    while (Date.now() < deadline) {
      const status = await fetch(`${server.url}/api/v1/status`, { headers: { authorization: `Bearer ${TOKEN}` } }).then(
        (r) => r.json() as Promise<{ queue: Record<string, number> }>,
      );
      counts = status.queue;
      if ((counts.queued ?? 0) + (counts.sending ?? 0) + (counts.unknown ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(counts.queued ?? 0).toBe(0);
    expect(counts.unknown ?? 0).toBe(0);

    const received = new Map<number, number>();
    await Promise.all(
      Array.from({ length: UNIQUE }, async (_, i) => {
        const inbox = (await fetch(`${sandbox.origin}/_sandbox/inbox/${phoneOf(i)}`).then((r) => r.json())) as unknown[];
        received.set(i, inbox.length);
      }),
    );
    const twice = [...received].filter(([, n]) => n > 1);
    const missing = [...acknowledged].filter((i) => received.get(i) !== 1);
    expect(twice).toEqual([]);
    expect(missing).toEqual([]);
    expect(await server.stop('SIGTERM')).toBe(0);
  });
});

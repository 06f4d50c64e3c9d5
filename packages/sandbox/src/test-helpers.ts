// Test helpers (not built, not exported): start sandboxes that close after each test, post raw
// bodies with fetch, build request XML, and drive a fake clock.
import { afterEach } from 'vitest';
import type { SandboxOptions } from './options.js';
import { startSandbox, type RunningSandbox } from './sandbox.js';

const running: RunningSandbox[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
});

/** A sandbox on a free port of 127.0.0.1, closed after the test. */
export async function sandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const started = await startSandbox(options);
  running.push(started);
  return started;
}

/** The reply to one POST, with the raw bytes for charset tests. */
export interface Posted {
  status: number;
  contentType: string | null;
  text: string;
  bytes: Uint8Array;
}

/** POSTs `body` (string or bytes) to `path` under the sandbox's API base URL. */
export async function post(target: RunningSandbox, path: string, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<Posted> {
  const response = await fetch(target.url + path, { method: 'POST', body, headers });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text: new TextDecoder().decode(bytes),
    bytes,
  };
}

/** JSON from a `/_sandbox/` route. */
export async function inspect<T = unknown>(target: RunningSandbox, path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(target.origin + path, init);
  return { status: response.status, body: (await response.json()) as T };
}

/** A clock the test moves by hand. */
export function fakeClock(start = Date.UTC(2024, 0, 15, 9, 0, 0)): { now: () => number; advance(ms: number): void; set(ms: number): void } {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
    set: (ms) => {
      time = ms;
    },
  };
}

const session = (user: string, password: string): string => `<oturum><kullanici>${user}</kullanici><sifre>${password}</sifre></oturum>`;

/** Fields of a test send; every one has a default that the demo account accepts. */
export interface SendFields {
  user?: string;
  password?: string;
  sender?: string;
  text?: string;
  date?: string;
  blacklist?: string;
  optOutLink?: boolean;
  optOutPhone?: boolean;
}

function options(fields: SendFields): string {
  return (
    `<karaliste>${fields.blacklist ?? ''}</karaliste>` +
    `<izin_link>${fields.optOutLink === true}</izin_link><izin_telefon>${fields.optOutPhone === true}</izin_telefon>`
  );
}

/** A one-text send (`xml_api.php` and friends) to `numbers`. */
export function bulkXml(numbers: readonly string[] | string, fields: SendFields = {}): string {
  const list = typeof numbers === 'string' ? numbers : numbers.join(',');
  return (
    `<SMS>${session(fields.user ?? 'demo', fields.password ?? 'demo')}<mesaj><baslik>${fields.sender ?? 'DEMO'}</baslik>` +
    `<metin>${fields.text ?? 'Kargonuz yola cikti'}</metin><alicilar>${list}</alicilar><tarih>${fields.date ?? ''}</tarih></mesaj>` +
    `${options(fields)}</SMS>`
  );
}

/**
 * A personalized send (`xml_ozel_api.php` and friends). `tarih`, `karaliste`, `izin_link` and
 * `izin_telefon` are written only when their field is given: `xml_ozel_api.php` documents none of them.
 */
export function personalXml(messages: readonly { text: string; number: string }[], fields: SendFields = {}): string {
  const body = messages.map((m) => `<mesaj><metin>${m.text}</metin><alici>${m.number}</alici></mesaj>`).join('');
  const trailer =
    (fields.date === undefined ? '' : `<tarih>${fields.date}</tarih>`) +
    (fields.blacklist === undefined ? '' : `<karaliste>${fields.blacklist}</karaliste>`) +
    (fields.optOutLink === undefined ? '' : `<izin_link>${fields.optOutLink}</izin_link>`) +
    (fields.optOutPhone === undefined ? '' : `<izin_telefon>${fields.optOutPhone}</izin_telefon>`);
  return `<SMS>${session(fields.user ?? 'demo', fields.password ?? 'demo')}<baslik>${fields.sender ?? 'DEMO'}</baslik>${body}${trailer}</SMS>`;
}

/** `xml_rapor.php` / `xml_rapor_detay.php` request. */
export function reportXml(reportId: string, user = 'demo', password = 'demo'): string {
  return `<RAPOR>${session(user, password)}<rapor><raporid>${reportId}</raporid></rapor></RAPOR>`;
}

/** `xml_raporlar.php` request, with the range when given. */
export function reportListXml(range?: { from?: string; to?: string }, user = 'demo', password = 'demo'): string {
  const inner = range ? `<rapor><baslangic_tarihi>${range.from ?? ''}</baslangic_tarihi><bitis_tarihi>${range.to ?? ''}</bitis_tarihi></rapor>` : '';
  return `<RAPOR>${session(user, password)}${inner}</RAPOR>`;
}

/** `xml_bakiye.php` request. */
export function balanceXml(user = 'demo', password = 'demo'): string {
  return `<RAPOR>${session(user, password)}</RAPOR>`;
}

/** `count` distinct valid numbers 5320000000, 5320000001, … */
export function numbers(count: number, start = 5_320_000_000): string[] {
  return Array.from({ length: count }, (_, i) => String(start + i));
}

/** The report id of an `OK|id` reply (fails the test on anything else). */
export function reportIdOf(reply: Posted): string {
  const match = /^OK\|(\d+)$/.exec(reply.text);
  if (!match?.[1]) throw new Error(`expected OK|id, got ${reply.status} ${reply.text}`);
  return match[1];
}

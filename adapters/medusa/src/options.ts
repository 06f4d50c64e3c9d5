// The plugin's options (`plugins: [{ resolve: '@esemes/medusa', options }]` in medusa-config.ts), checked
// once when the runtime is built: every problem is reported in one error, values are never echoed.
import { AdapterConfigError, DEFAULT_CART_REMINDER_DELAYS_MS } from '@esemes/adapter-kit';
import { isTimeZone } from '@esemes/notify';

/** The options are incomplete or invalid; `variables` names each bad one (`storeName`, `engine.serverUrl` …). */
export class MedusaOptionsError extends AdapterConfigError {
  override readonly name = 'MedusaOptionsError';
  constructor(problems: { variable: string; problem: string }[]) {
    super('Medusa', problems);
  }
}

/** Where a customer's number is looked for, in order. */
export type PhoneSource = 'shipping' | 'billing' | 'customer';
export const PHONE_SOURCES: readonly PhoneSource[] = Object.freeze(['shipping', 'billing', 'customer']);

export interface EmbeddedEngineOptions {
  mode: 'embedded';
  /** The engine's database; default Medusa's own `DATABASE_URL` (the engine keeps to its `esemes_*` tables). */
  databaseUrl?: string;
  /** esemes account; without it the engine sends to an in-process sandbox (no SMS leaves the machine). */
  esemes?: { user: string; password: string; baseUrl?: string };
  /** Default sender title (registered with esemes); default `ESEMES` in sandbox mode, required otherwise. */
  sender?: string;
  /**
   * Sandbox mode only (no `esemes` account): how the in-process sandbox settles messages, e.g.
   * `{ outcomeWeights: { delivered: 1, notDelivered: 0, expired: 0 } }` for tests that need every SMS
   * delivered. Default: the sandbox's own (90 / 7 / 3, final after 2 s).
   */
  sandbox?: EmbeddedSandboxOptions;
}

/** The in-process sandbox's delivery model (`engine.sandbox`). */
export interface EmbeddedSandboxOptions {
  /** Relative weights of delivered / not delivered / expired (each ≥ 0, not all 0). */
  outcomeWeights?: { delivered?: number; notDelivered?: number; expired?: number };
  /** Milliseconds from sending to the final state, 0–600000. */
  deliveryDelayMs?: number;
}

export interface RemoteEngineOptions {
  mode: 'remote';
  /** A separate esemes server (`npm start`), e.g. `https://sms.example.com`. */
  serverUrl: string;
  /** Its ADMIN_TOKEN. */
  apiToken: string;
}

/** What a shop writes in medusa-config.ts. */
export interface EsemesMedusaOptions {
  /** The shop's name as SMS print it (`{{store.name}}`), 1–100 characters. Required. */
  storeName?: string;
  /** The store id in the engine (default `medusa`); several Medusa shops on one engine need distinct ids. */
  storeId?: string;
  /** Template language when an order has no locale: `tr` (default) or `en`. */
  locale?: string;
  /** IANA time zone of the shop (quiet hours, dates): default `Europe/Istanbul`. */
  timeZone?: string;
  /** Default `{ mode: 'embedded' }`. */
  engine?: EmbeddedEngineOptions | RemoteEngineOptions;
  /** Where the customer's number is looked for, in order; default shipping, billing, customer. */
  phoneSources?: PhoneSource[];
  /** The shop owner's numbers: an SMS for each new order (`admin.order.created`). */
  adminPhones?: string[];
  /** The customer's order page, `{order_id}` and `{display_id}` filled in, e.g. `https://shop.example/account/orders/{order_id}`. */
  orderStatusUrl?: string;
  abandonedCarts?: {
    /** A link that restores the cart, `{cart_id}` filled in. Without it there are no cart reminders. */
    recoveryUrl?: string;
    /** A cart counts as abandoned this long after its last change (default 60). */
    idleMinutes?: number;
    /** Reminders, in minutes after the cart was abandoned (default 60 and 1440; [] turns them off). */
    delaysMinutes?: number[];
    /** The metadata key (on the cart, then the customer) whose `true` is the customer's SMS marketing consent (default `sms_marketing_consent`). */
    consentKey?: string;
  };
  /** `metadata` (default): each SMS's status is kept in the order's `metadata.esemes_sms`; `off`: nothing is written. */
  writeBack?: 'metadata' | 'off';
}

export interface ResolvedOptions {
  storeName: string;
  storeId: string;
  locale: string;
  timeZone: string;
  engine: (Required<Pick<EmbeddedEngineOptions, 'mode'>> & Omit<EmbeddedEngineOptions, 'mode'>) | RemoteEngineOptions;
  phoneSources: PhoneSource[];
  adminPhones: string[];
  orderStatusUrl: string | undefined;
  abandonedCarts: { recoveryUrl: string | undefined; idleMs: number; delaysMs: number[]; consentKey: string };
  writeBack: 'metadata' | 'off';
}

const STORE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value.replace(/\{[a-z_]+\}/g, 'x'));
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** `engine.sandbox` checked: the options, or what is wrong with them. */
function sandboxOptionsOf(value: unknown): EmbeddedSandboxOptions | string {
  const wrong = 'an object { outcomeWeights?: { delivered, notDelivered, expired } (each >= 0, not all 0), deliveryDelayMs?: 0–600000 }';
  if (!isRecord(value)) return wrong;
  const checked: EmbeddedSandboxOptions = {};
  const weights = value['outcomeWeights'];
  if (weights !== undefined) {
    if (!isRecord(weights)) return wrong;
    const out: NonNullable<EmbeddedSandboxOptions['outcomeWeights']> = {};
    for (const name of ['delivered', 'notDelivered', 'expired'] as const) {
      const weight = weights[name];
      if (weight === undefined) continue;
      if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) return wrong;
      out[name] = weight;
    }
    if (Object.keys(weights).some((key) => !['delivered', 'notDelivered', 'expired'].includes(key))) return wrong;
    if (Object.keys(out).length === 3 && Object.values(out).every((weight) => weight === 0)) return wrong;
    checked.outcomeWeights = out;
  }
  const delay = value['deliveryDelayMs'];
  if (delay !== undefined) {
    if (typeof delay !== 'number' || !Number.isInteger(delay) || delay < 0 || delay > 600_000) return wrong;
    checked.deliveryDelayMs = delay;
  }
  return checked;
}

/**
 * Check the options once; `env` supplies `DATABASE_URL` for the embedded engine. Throws MedusaOptionsError
 * naming every bad option.
 * @example
 * const options = resolveOptions({ storeName: 'Nur Butik' }, process.env);
 */
export function resolveOptions(raw: unknown, env: Record<string, string | undefined> = {}): ResolvedOptions {
  const problems: { variable: string; problem: string }[] = [];
  const bad = (variable: string, problem: string) => problems.push({ variable, problem });
  const input: Record<string, unknown> = isRecord(raw) ? raw : {};
  if (raw !== undefined && !isRecord(raw)) bad('options', 'must be an object');

  const storeName = typeof input['storeName'] === 'string' ? input['storeName'].trim() : '';
  if (storeName === '' || storeName.length > 100) bad('storeName', 'the shop name SMS print: 1–100 characters (required)');
  const storeId = input['storeId'] === undefined ? 'medusa' : String(input['storeId']);
  if (!STORE_ID.test(storeId)) bad('storeId', 'letters, digits, dot, dash or underscore, at most 100');
  const locale = input['locale'] === undefined ? 'tr' : String(input['locale']);
  if (!/^[a-z]{2}([-_][A-Za-z]{2})?$/.test(locale)) bad('locale', 'a language such as "tr" or "en"');
  const timeZone = input['timeZone'] === undefined ? 'Europe/Istanbul' : String(input['timeZone']);
  if (!isTimeZone(timeZone)) bad('timeZone', 'an IANA time zone such as "Europe/Istanbul"');

  let engine: ResolvedOptions['engine'] = { mode: 'embedded' };
  const rawEngine = input['engine'];
  if (rawEngine !== undefined && !isRecord(rawEngine)) bad('engine', 'must be an object: { mode: "embedded" } or { mode: "remote", serverUrl, apiToken }');
  else if (isRecord(rawEngine) && rawEngine['mode'] === 'remote') {
    const serverUrl = typeof rawEngine['serverUrl'] === 'string' ? rawEngine['serverUrl'].replace(/\/+$/, '') : '';
    const apiToken = typeof rawEngine['apiToken'] === 'string' ? rawEngine['apiToken'] : '';
    if (!isHttpUrl(serverUrl)) bad('engine.serverUrl', 'the esemes server, an http(s) URL');
    if (apiToken.length < 16) bad('engine.apiToken', "the server's ADMIN_TOKEN (at least 16 characters)");
    engine = { mode: 'remote', serverUrl, apiToken };
  } else if (isRecord(rawEngine) && rawEngine['mode'] !== undefined && rawEngine['mode'] !== 'embedded') {
    bad('engine.mode', '"embedded" or "remote"');
  } else {
    const embedded: ResolvedOptions['engine'] = { mode: 'embedded' };
    const source = isRecord(rawEngine) ? rawEngine : {};
    const databaseUrl = typeof source['databaseUrl'] === 'string' && source['databaseUrl'] !== '' ? source['databaseUrl'] : env['DATABASE_URL'];
    if (databaseUrl === undefined || databaseUrl === '') bad('engine.databaseUrl', "the engine's database: set it, or DATABASE_URL (Medusa's own)");
    else embedded.databaseUrl = databaseUrl;
    const esemes = source['esemes'];
    if (esemes !== undefined) {
      if (
        !isRecord(esemes) ||
        typeof esemes['user'] !== 'string' ||
        esemes['user'] === '' ||
        typeof esemes['password'] !== 'string' ||
        esemes['password'] === ''
      )
        bad('engine.esemes', 'the esemes account: { user, password } (leave it out for the sandbox)');
      else {
        embedded.esemes = { user: esemes['user'], password: esemes['password'] };
        if (typeof esemes['baseUrl'] === 'string') {
          if (!isHttpUrl(esemes['baseUrl'])) bad('engine.esemes.baseUrl', 'an http(s) URL');
          else embedded.esemes.baseUrl = esemes['baseUrl'];
        }
      }
    }
    const sender = source['sender'];
    if (sender !== undefined && (typeof sender !== 'string' || sender.trim() === '' || sender.length > 11))
      bad('engine.sender', 'a sender title of 1–11 characters');
    else if (typeof sender === 'string') embedded.sender = sender.trim();
    else if (embedded.esemes !== undefined) bad('engine.sender', 'the sender title registered with esemes (required with an esemes account)');
    const sandbox = source['sandbox'];
    if (sandbox !== undefined) {
      const checked = sandboxOptionsOf(sandbox);
      if (esemes !== undefined) bad('engine.sandbox', 'only in sandbox mode (without engine.esemes)');
      else if (typeof checked === 'string') bad('engine.sandbox', checked);
      else embedded.sandbox = checked;
    }
    engine = embedded;
  }

  let phoneSources = [...PHONE_SOURCES];
  if (input['phoneSources'] !== undefined) {
    const list = input['phoneSources'];
    if (!Array.isArray(list) || list.length === 0 || list.some((s) => !PHONE_SOURCES.includes(s as PhoneSource)) || new Set(list).size !== list.length)
      bad('phoneSources', 'a list of "shipping", "billing", "customer" without repeats');
    else phoneSources = list as PhoneSource[];
  }
  let adminPhones: string[] = [];
  if (input['adminPhones'] !== undefined) {
    const list = input['adminPhones'];
    if (!Array.isArray(list) || list.length > 10 || list.some((p) => typeof p !== 'string' || p.trim() === '')) bad('adminPhones', 'at most 10 phone numbers');
    else adminPhones = list.map((p: string) => p.trim());
  }
  let orderStatusUrl: string | undefined;
  if (input['orderStatusUrl'] !== undefined) {
    if (typeof input['orderStatusUrl'] !== 'string' || !isHttpUrl(input['orderStatusUrl']))
      bad('orderStatusUrl', 'an http(s) URL; {order_id} and {display_id} are filled in');
    else orderStatusUrl = input['orderStatusUrl'];
  }

  const carts = input['abandonedCarts'];
  const abandonedCarts: ResolvedOptions['abandonedCarts'] = {
    recoveryUrl: undefined,
    idleMs: 60 * 60_000,
    delaysMs: [...DEFAULT_CART_REMINDER_DELAYS_MS],
    consentKey: 'sms_marketing_consent',
  };
  if (carts !== undefined && !isRecord(carts)) bad('abandonedCarts', 'must be an object');
  else if (isRecord(carts)) {
    if (carts['recoveryUrl'] !== undefined) {
      if (typeof carts['recoveryUrl'] !== 'string' || !isHttpUrl(carts['recoveryUrl']) || !carts['recoveryUrl'].includes('{cart_id}'))
        bad('abandonedCarts.recoveryUrl', 'an http(s) URL with {cart_id} in it');
      else abandonedCarts.recoveryUrl = carts['recoveryUrl'];
    }
    if (carts['idleMinutes'] !== undefined) {
      const minutes = carts['idleMinutes'];
      if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 5 || minutes > 7 * 24 * 60)
        bad('abandonedCarts.idleMinutes', 'whole minutes from 5 to 10080');
      else abandonedCarts.idleMs = minutes * 60_000;
    }
    if (carts['delaysMinutes'] !== undefined) {
      const list = carts['delaysMinutes'];
      if (!Array.isArray(list) || list.length > 10 || list.some((m) => typeof m !== 'number' || !Number.isInteger(m) || m < 0 || m > 7 * 24 * 60))
        bad('abandonedCarts.delaysMinutes', 'at most 10 whole minutes, each 0–10080');
      else abandonedCarts.delaysMs = (list as number[]).map((m) => m * 60_000);
    }
    if (carts['consentKey'] !== undefined) {
      if (typeof carts['consentKey'] !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(carts['consentKey'])) bad('abandonedCarts.consentKey', 'a metadata key');
      else abandonedCarts.consentKey = carts['consentKey'];
    }
  }
  const writeBack = input['writeBack'] ?? 'metadata';
  if (writeBack !== 'metadata' && writeBack !== 'off') bad('writeBack', '"metadata" or "off"');

  if (problems.length > 0) throw new MedusaOptionsError(problems);
  return {
    storeName,
    storeId,
    locale,
    timeZone,
    engine,
    phoneSources,
    adminPhones,
    orderStatusUrl,
    abandonedCarts,
    writeBack: writeBack as 'metadata' | 'off',
  };
}

import { inspect } from 'node:util';
import { ValidationError } from './errors.js';
import { formatIstanbul, toInstant, type TimeInput } from './istanbul-time.js';
import { isLoopback, resolveOptions, type EsemesClientOptions } from './options.js';
import { parseBalance, parseReportDetail, parseReportIds, parseReportSummary, type Balance, type ReportDetailEntry, type ReportSummary } from './reply.js';
import { sendBulk, sendPersonalizedMessages, type SendOptions, type SendPersonalizedOptions, type SendResult } from './send.js';
import { post } from './transport.js';
import { buildBalanceXml, buildReportIdsXml, buildReportXml } from './xml-request.js';

/** A typed client for every call of the esemes XML API. */
export interface EsemesClient {
  /** One text to many numbers: deduplicated, split into packets, sent with bounded concurrency. */
  send(options: SendOptions): Promise<SendResult>;
  /** A text per number, streamed a packet at a time. */
  sendPersonalized(options: SendPersonalizedOptions): Promise<SendResult>;
  /** Summary of one send: which numbers are pending, delivered, failed. */
  report(reportId: string, options?: { signal?: AbortSignal }): Promise<ReportSummary>;
  /** One entry per number of one send. */
  reportDetail(reportId: string, options?: { signal?: AbortSignal }): Promise<ReportDetailEntry[]>;
  /** Every report id of the account, optionally sent between two times. */
  reportIds(range?: { from?: TimeInput; to?: TimeInput }, options?: { signal?: AbortSignal }): Promise<string[]>;
  /** Credits left for numeric and alphanumeric sender titles. */
  balance(options?: { signal?: AbortSignal }): Promise<Balance>;
  /** The base URL requests go to. */
  readonly baseUrl: string;
}

const REPORT_ID = /^[A-Za-z0-9_-]{1,64}$/;
// The provider keeps reports since the account was opened; an open lower bound needs some date.
const EARLIEST = '2000-01-01 00:00:00';

function checkReportId(reportId: unknown): string {
  const id = typeof reportId === 'string' || typeof reportId === 'number' ? String(reportId).trim() : '';
  if (!REPORT_ID.test(id))
    throw new ValidationError('reportId', `must be the id from an OK|<id> reply (letters, digits, - or _, at most 64); got ${JSON.stringify(reportId)}`);
  return id;
}

function maskUser(user: string): string {
  return user.length <= 2 ? '**' : `${user.slice(0, 2)}${'*'.repeat(Math.min(user.length - 2, 8))}`;
}

/**
 * Build a client. Options are checked once, here; a ConfigError lists every problem.
 * @example
 * const esemes = createEsemesClient({ user: process.env.ESEMES_USER!, password: process.env.ESEMES_PASSWORD! })
 * const { reportIds } = await esemes.send({ sender: 'MAGAZA', to: ['0532 999 88 77'], text: 'Siparişiniz kargoda.' })
 */
export function createEsemesClient(options: EsemesClientOptions): EsemesClient {
  const config = resolveOptions(options);
  let warned = isLoopback(config.transport.baseUrl) || config.transport.baseUrl.protocol === 'https:';
  const warnOnce = (): void => {
    if (warned) return;
    warned = true;
    config.onWarning(
      `esemes: credentials are sent over plain HTTP to ${config.transport.baseUrl.origin}; use an https:// base URL where the provider offers one`,
    );
  };
  const call = (path: string, body: string, signal: AbortSignal | undefined): Promise<string> => {
    warnOnce();
    return post(config.transport, path, body, { idempotent: true, signal });
  };
  const describe = `EsemesClient { baseUrl: '${config.transport.baseUrl.href}', user: '${maskUser(config.credentials.user)}' }`;
  const client: EsemesClient = {
    baseUrl: config.transport.baseUrl.href,
    send(sendOptions) {
      warnOnce();
      return sendBulk(config, sendOptions);
    },
    sendPersonalized(sendOptions) {
      warnOnce();
      return sendPersonalizedMessages(config, sendOptions);
    },
    async report(reportId, callOptions) {
      const id = checkReportId(reportId);
      return parseReportSummary(await call('xml_rapor.php', buildReportXml(config.credentials, id), callOptions?.signal));
    },
    async reportDetail(reportId, callOptions) {
      const id = checkReportId(reportId);
      return parseReportDetail(await call('xml_rapor_detay.php', buildReportXml(config.credentials, id), callOptions?.signal));
    },
    async reportIds(range, callOptions) {
      let bounds: { from: string; to: string } | undefined;
      if (range && (range.from !== undefined || range.to !== undefined)) {
        const from = range.from === undefined ? EARLIEST : formatIstanbul(toInstant(range.from, 'from'));
        const to = formatIstanbul(range.to === undefined ? config.now() : toInstant(range.to, 'to'));
        if (from > to) throw new ValidationError('from', `${from} is after to (${to})`);
        bounds = { from, to };
      }
      return parseReportIds(await call('xml_raporlar.php', buildReportIdsXml(config.credentials, bounds), callOptions?.signal));
    },
    async balance(callOptions) {
      return parseBalance(await call('xml_bakiye.php', buildBalanceXml(config.credentials), callOptions?.signal));
    },
  };
  // The password lives only in this closure; printing, logging or serializing the client shows neither it nor the whole user name.
  Object.defineProperties(client, {
    toString: { value: () => describe },
    toJSON: { value: () => ({ baseUrl: config.transport.baseUrl.href, user: maskUser(config.credentials.user) }) },
    [inspect.custom]: { value: () => describe },
  });
  return client;
}

// Messages: search by phone (any way it is written), order number or status; one message's timeline
// (accepted → sent → delivered or failed, the provider's code and text, what the platform wrote back);
// the same search as CSV.
import { maskPhone, normalizeTurkishMobile } from '@esemes/core';
import { REDACTED_RECIPIENT, type MessageFilter, type MessageRow, type MessageStatus } from '@esemes/notify';
import { stringify } from 'csv-stringify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DashboardContext } from '../context.js';
import { formatTime } from '../views.js';
import { t, textOf, type Language } from '../i18n.js';
import { MESSAGES, type MessageKey } from '../messages.js';

const STATUSES: readonly MessageStatus[] = ['queued', 'sending', 'unknown', 'sent', 'delivered', 'undelivered', 'failed', 'cancelled'];
const PAGE = 50;
/** Most rows one CSV export holds (keeps a mistaken export of years of messages bounded). */
export const CSV_MAX_ROWS = 100_000;
const CSV_PAGE = 1_000;
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;

interface Search {
  q: string;
  status: MessageStatus | '';
  store: string;
  filter: MessageFilter;
}

/** What the search box holds: a phone number when it reads as one, else an order number (a leading # dropped). */
function searchOf(query: Record<string, unknown>): Search {
  const q = typeof query['q'] === 'string' ? query['q'].trim().slice(0, 100) : '';
  const status = typeof query['status'] === 'string' && (STATUSES as readonly string[]).includes(query['status']) ? (query['status'] as MessageStatus) : '';
  const store = typeof query['store'] === 'string' ? query['store'].trim().slice(0, 200) : '';
  const filter: MessageFilter = {};
  if (q !== '') {
    const phone = normalizeTurkishMobile(q);
    if (phone.ok) filter.recipient = phone.number;
    else filter.orderNumber = q.replace(/^#\s*/, '');
  }
  if (status !== '') filter.status = status;
  if (store !== '') filter.storeId = store;
  return { q, status, store, filter };
}

export async function messageRoutes(app: FastifyInstance, context: DashboardContext): Promise<void> {
  const { options } = context;

  app.get('/messages', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const search = searchOf(query);
    const before = typeof query['before'] === 'string' && MESSAGE_ID.test(query['before']) ? query['before'] : undefined;
    const rows = await options.notifier.listMessages({ ...search.filter, limit: PAGE + 1, ...(before ? { before } : {}) });
    const shown = rows.slice(0, PAGE);
    const more =
      rows.length > PAGE
        ? new URLSearchParams({ q: search.q, status: search.status, store: search.store, before: shown[shown.length - 1]?.id ?? '' })
        : undefined;
    const exportQuery = new URLSearchParams({ q: search.q, status: search.status, store: search.store });
    return context.page(
      request,
      reply,
      'messages',
      { title: context.text(request, 'messages.title'), nav: 'messages' },
      {
        search,
        statuses: STATUSES.map((status) => ({ status, selected: status === search.status })),
        searchedFor: search.filter.recipient !== undefined ? 'phone' : search.filter.orderNumber !== undefined ? 'order' : undefined,
        messages: shown.map((row) => ({
          ...row,
          recipientShown: row.recipient === REDACTED_RECIPIENT ? context.text(request, 'message.redacted') : maskPhone(row.recipient, { style: 'national' }),
        })),
        more: more?.toString(),
        exportQuery: exportQuery.toString(),
      },
    );
  });

  app.get('/messages.csv', async (request, reply) => {
    const search = searchOf(request.query as Record<string, unknown>);
    const csv = stringify({
      header: true,
      bom: true,
      columns: [
        'id',
        'created_at',
        'store',
        'platform',
        'event',
        'order_number',
        'recipient',
        'status',
        'parts',
        'sender',
        'report_id',
        'sent_at',
        'final_at',
        'provider_status',
        'error_code',
        'error',
        'text',
      ],
      // A cell a spreadsheet would run as a formula is written as text.
      cast: { string: (value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) },
    });
    void (async () => {
      let before: string | undefined;
      let written = 0;
      try {
        while (written < CSV_MAX_ROWS) {
          const rows = await options.notifier.listMessages({
            ...search.filter,
            limit: Math.min(CSV_PAGE, CSV_MAX_ROWS - written),
            ...(before ? { before } : {}),
          });
          for (const row of rows) {
            if (!csv.write(csvRow(row))) await new Promise((resolve) => csv.once('drain', resolve));
          }
          written += rows.length;
          if (rows.length < CSV_PAGE) break;
          before = rows[rows.length - 1]?.id;
        }
        csv.end();
      } catch (error) {
        request.log.error({ err: error }, 'dashboard: CSV export failed');
        csv.destroy(error as Error);
      }
    })();
    const day = new Intl.DateTimeFormat('sv-SE', { timeZone: options.timeZone }).format(options.clock());
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="esemes-messages-${day}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(csv);
  });

  app.get('/messages/:id', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const message = MESSAGE_ID.test(id) ? await options.notifier.getMessage(id) : undefined;
    if (!message) return reply.callNotFound();
    const language = context.languageOf(request);
    const timeline = await timelineOf(context, request, message, language);
    return context.page(
      request,
      reply,
      'message',
      { title: context.text(request, 'message.title'), nav: 'messages' },
      {
        message,
        recipientShown: message.recipient === REDACTED_RECIPIENT ? context.text(request, 'message.redacted') : formatNational(message.recipient),
        timeline,
      },
    );
  });
}

function csvRow(row: MessageRow): Record<string, string | number> {
  const iso = (value: number | null): string => (value === null ? '' : new Date(value).toISOString());
  return {
    id: row.id,
    created_at: iso(row.createdAt),
    store: row.storeId,
    platform: row.platform,
    event: row.eventType,
    order_number: row.orderNumber ?? '',
    recipient: row.recipient,
    status: row.status,
    parts: row.parts,
    sender: row.sender,
    report_id: row.reportId ?? '',
    sent_at: iso(row.sentAt),
    final_at: iso(row.finalAt),
    provider_status: row.providerStatus ?? '',
    error_code: row.errorCode ?? '',
    error: row.error ?? '',
    text: row.text,
  };
}

/** `0532 999 88 77`: the number as the shop owner writes it. */
function formatNational(recipient: string): string {
  return /^\d{10}$/.test(recipient) ? `0${recipient.slice(0, 3)} ${recipient.slice(3, 6)} ${recipient.slice(6, 8)} ${recipient.slice(8)}` : recipient;
}

interface TimelineEntry {
  at: number;
  text: string;
  kind: 'info' | 'ok' | 'bad';
  detail?: string;
}

/** The message's life from its row, and the platform's own lines (e.g. the order note it wrote back). */
async function timelineOf(context: DashboardContext, request: FastifyRequest, message: MessageRow, language: Language): Promise<TimelineEntry[]> {
  const text = (key: MessageKey, values?: Record<string, string | number>): string => t(language, key, values);
  const entries: TimelineEntry[] = [
    { at: message.createdAt, text: text('message.accepted', { event: eventLabel(message.eventType, language) }), kind: 'info' },
  ];
  if (message.notBefore > message.createdAt + 1_000 && message.sentAt === null) {
    entries.push({
      at: message.createdAt,
      text: text('message.waitsUntil', { time: formatTime(message.notBefore, language, context.options.timeZone) }),
      kind: 'info',
    });
  }
  if (message.attempts > 1)
    entries.push({ at: message.attemptStartedAt ?? message.updatedAt, text: text('message.attempts', { count: message.attempts }), kind: 'info' });
  if (message.sentAt !== null) entries.push({ at: message.sentAt, text: text('message.sent', { reportId: message.reportId ?? '' }), kind: 'info' });
  const detail = [
    message.providerStatus ? text('message.providerStatus', { status: message.providerStatus }) : '',
    message.errorCode && message.errorCode !== '0' ? text('message.errorCode', { code: message.errorCode }) : '',
    message.error ?? '',
  ]
    .filter((part) => part !== '')
    .join(' · ');
  const final = message.finalAt ?? message.updatedAt;
  if (message.status === 'delivered') entries.push({ at: final, text: text('message.delivered'), kind: 'ok', ...(detail ? { detail } : {}) });
  else if (message.status === 'undelivered') entries.push({ at: final, text: text('message.undelivered'), kind: 'bad', ...(detail ? { detail } : {}) });
  else if (message.status === 'failed') entries.push({ at: final, text: text('message.failed'), kind: 'bad', ...(detail ? { detail } : {}) });
  else if (message.status === 'cancelled') entries.push({ at: final, text: text('message.cancelled'), kind: 'info', ...(detail ? { detail } : {}) });
  else if (detail) entries.push({ at: message.updatedAt, text: text(`status.${message.status}`), kind: 'info', detail });

  // The engine's steps stay in their logical order (the provider's report times have whole seconds and
  // may read earlier than the send); the platform's lines follow, by time.
  const platformLines: TimelineEntry[] = [];
  for (const panel of context.options.panels()) {
    if (!panel.timeline || panel.platform !== message.platform) continue;
    try {
      const lines = await panel.timeline({ id: message.id, storeId: message.storeId, orderId: message.orderId });
      for (const line of lines) platformLines.push({ at: line.at, text: textOf(line.text, language), kind: 'info' });
    } catch (error) {
      request.log.warn({ err: error, platform: panel.platform }, 'dashboard: a panel could not add to a timeline');
    }
  }
  return [...entries, ...platformLines.sort((a, b) => a.at - b.at)];
}

function eventLabel(type: string, language: Language): string {
  const key = `event.${type}`;
  return Object.hasOwn(MESSAGES, key) ? t(language, key as MessageKey) : type;
}

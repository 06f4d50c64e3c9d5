// GET /api/v1/messages and GET /api/v1/messages/:id. Recipients are shown masked (last 4 digits) unless
// the caller asks for `?unmask=true`.
import { maskPhone, normalizeTurkishMobile } from '@esemes/core';
import type { FastifyPluginAsync } from 'fastify';
import { FIELD_LIMITS, type MessageFilter, type MessageRow, type MessageStatus } from '@esemes/notify';
import { HttpError } from '../http-errors.js';
import type { RouteContext } from './context.js';

const STATUSES: readonly MessageStatus[] = ['queued', 'sending', 'unknown', 'sent', 'delivered', 'undelivered', 'failed', 'cancelled'];
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

type Query = Record<string, string | string[] | undefined>;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** A message as the API shows it: times as ISO 8601, the recipient masked unless `unmask`, no claim internals. */
export function messageView(row: MessageRow, unmask = false) {
  return {
    id: row.id,
    eventId: row.eventId,
    storeId: row.storeId,
    eventType: row.eventType,
    orderId: row.orderId,
    orderNumber: row.orderNumber,
    messageKey: row.messageKey,
    messageClass: row.messageClass,
    status: row.status,
    recipient: unmask ? row.recipient : maskPhone(row.recipient),
    sender: row.sender,
    language: row.language,
    text: row.text,
    parts: row.parts,
    optOutLink: row.optOutLink,
    blacklist: row.blacklist,
    cancelKey: row.cancelKey,
    attempts: row.attempts,
    reportId: row.reportId,
    providerStatus: row.providerStatus,
    errorCode: row.errorCode,
    error: row.error,
    notBefore: iso(row.notBefore),
    expiresAt: iso(row.expiresAt),
    nextAttemptAt: iso(row.nextAttemptAt),
    sentAt: iso(row.sentAt),
    finalAt: iso(row.finalAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

function single(query: Query, name: string, issues: Array<{ path: string; message: string }>): string | undefined {
  const raw = query[name];
  if (Array.isArray(raw)) {
    issues.push({ path: name, message: 'give it once' });
    return undefined;
  }
  return raw === undefined || raw === '' ? undefined : raw;
}

/** Read the list filter from the query string; a 400 `invalid_query` names every bad parameter. */
export function parseMessageQuery(query: Query): { filter: MessageFilter; unmask: boolean } {
  const issues: Array<{ path: string; message: string }> = [];
  const filter: MessageFilter = { limit: DEFAULT_LIMIT };
  const status = single(query, 'status', issues);
  if (status !== undefined) {
    if (STATUSES.includes(status as MessageStatus)) filter.status = status as MessageStatus;
    else issues.push({ path: 'status', message: `one of ${STATUSES.join(', ')}` });
  }
  const storeId = single(query, 'storeId', issues);
  if (storeId !== undefined) filter.storeId = storeId;
  const orderId = single(query, 'orderId', issues);
  if (orderId !== undefined) filter.orderId = orderId;
  // The number the customer sees, exactly as the event gave it (events trim it and bound it to 50 characters).
  const orderNumber = single(query, 'orderNumber', issues)?.trim();
  if (orderNumber !== undefined && orderNumber !== '') {
    if (orderNumber.length <= FIELD_LIMITS.orderNumber) filter.orderNumber = orderNumber;
    else issues.push({ path: 'orderNumber', message: `at most ${FIELD_LIMITS.orderNumber} characters` });
  }
  const phone = single(query, 'phone', issues);
  if (phone !== undefined) {
    const normalized = normalizeTurkishMobile(phone);
    if (normalized.ok) filter.recipient = normalized.number;
    else issues.push({ path: 'phone', message: `not a Turkish mobile number (${normalized.reason})` });
  }
  const limit = single(query, 'limit', issues);
  if (limit !== undefined) {
    const parsed = /^\d+$/.test(limit) ? Number(limit) : Number.NaN;
    if (Number.isInteger(parsed) && parsed >= 1 && parsed <= MAX_LIMIT) filter.limit = parsed;
    else issues.push({ path: 'limit', message: `an integer from 1 to ${MAX_LIMIT}` });
  }
  const before = single(query, 'before', issues);
  if (before !== undefined) filter.before = before;
  const unmaskRaw = single(query, 'unmask', issues);
  if (unmaskRaw !== undefined && unmaskRaw !== 'true' && unmaskRaw !== 'false') issues.push({ path: 'unmask', message: 'true or false' });
  if (issues.length > 0) {
    throw new HttpError(400, 'invalid_query', `Invalid query: ${issues.map((issue) => `${issue.path} (${issue.message})`).join('; ')}`, { issues });
  }
  return { filter, unmask: unmaskRaw === 'true' };
}

export const messageRoutes: FastifyPluginAsync<RouteContext> = async (app, { notifier }) => {
  app.get('/messages', async (request) => {
    const { filter, unmask } = parseMessageQuery(request.query as Query);
    const rows = await notifier.listMessages(filter);
    const last = rows.at(-1);
    return { messages: rows.map((row) => messageView(row, unmask)), next: rows.length === filter.limit && last ? last.id : null };
  });

  app.get<{ Params: { id: string } }>('/messages/:id', async (request) => {
    const unmask = (request.query as Query)['unmask'] === 'true';
    const row = await notifier.getMessage(request.params.id);
    if (!row) throw new HttpError(404, 'not_found', `No message with id ${JSON.stringify(request.params.id.slice(0, 100))}`);
    return messageView(row, unmask);
  });
};

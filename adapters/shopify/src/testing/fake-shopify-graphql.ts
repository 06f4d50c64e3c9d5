// POST /admin/api/<version>/graphql.json: the access token checked, the operation found by name, and the
// calculated-cost limit Shopify applies per app and shop, a leaky bucket that refills on the injected clock.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { OPERATIONS, VariableError, type GraphqlError } from './fake-shopify-operations.js';
import { jsonReply, liveToken, NOT_FOUND, type FakeShopifyState, type Reply, type ShopState } from './fake-shopify-state.js';

/** Stable versions are quarterly (YYYY-01/04/07/10), plus `unstable`; any other path segment is a 404. */
const API_VERSION = /^(\d{4}-(01|04|07|10)|unstable)$/;
const INVALID_TOKEN = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };
const RATE_LIMITS_DOCS = 'https://shopify.dev/api/usage/rate-limits';

export interface GraphqlAnswer {
  reply: Reply;
  /** The operation's name, when the request got far enough to have one. */
  operationName: string | null;
}

/** The bucket's level now: what was left, plus what leaked back in since, up to the bucket's size. */
export function bucketLevel(state: FakeShopifyState, shop: ShopState): number {
  const { bucketSize, restoreRatePerSecond } = state.limits;
  const elapsed = Math.max(0, state.clock() - shop.bucket.at);
  return Math.min(bucketSize, shop.bucket.available + (elapsed / 1000) * restoreRatePerSecond);
}

export function handleGraphql(state: FakeShopifyState, shop: ShopState, version: string, accessToken: string | undefined, rawBody: string): GraphqlAnswer {
  if (!API_VERSION.test(version)) return { reply: NOT_FOUND, operationName: null };
  if (state.controls.failNext > 0) {
    state.controls.failNext -= 1;
    const status = state.controls.failStatus;
    return { reply: jsonReply(status, { errors: STATUS_CODES[status] ?? 'Server Error' }), operationName: null };
  }
  const token = liveToken(state, shop.shop, accessToken);
  if (token === undefined) return { reply: jsonReply(401, INVALID_TOKEN), operationName: null };

  const body = parseBody(rawBody);
  if (body === undefined) return { reply: jsonReply(400, { errors: { query: 'Required parameter missing or invalid' } }), operationName: null };
  const operationName = nameOf(body);
  const headers = { 'X-Shopify-API-Version': version, 'X-Request-Id': randomUUID() };
  const operation = operationName === null ? undefined : OPERATIONS[operationName];
  if (operation === undefined || operationName === null) {
    const message =
      operationName === null
        ? 'The fake Shopify needs a named operation (query Name … / mutation Name …)'
        : `The fake Shopify does not implement an operation named ${operationName}; it knows ${Object.keys(OPERATIONS).join(', ')}`;
    return { reply: jsonReply(200, { errors: [{ message, extensions: { code: 'undefinedOperation' } }] }, headers), operationName };
  }
  const keyword = keywordOf(body.query, operationName);
  if (keyword !== null && keyword !== operation.kind) {
    const message = `The fake Shopify's ${operationName} is a ${operation.kind}, not a ${keyword}`;
    return { reply: jsonReply(200, { errors: [{ message, extensions: { code: 'undefinedOperation' } }] }, headers), operationName };
  }

  const requested = state.limits.costs.operations[operationName] ?? state.limits.costs[operation.kind];
  const level = bucketLevel(state, shop);
  const forced = state.controls.throttleNext > 0;
  if (forced || level < requested) {
    if (forced) state.controls.throttleNext -= 1;
    const errors: GraphqlError[] = [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: RATE_LIMITS_DOCS } }];
    return { reply: jsonReply(200, { errors, extensions: costExtension(state, requested, null, level) }, headers), operationName };
  }
  let result: ReturnType<typeof operation.run>;
  try {
    result = operation.run({ state, shop, token, variables: body.variables, version });
  } catch (error) {
    // Variables are checked before the query runs: errors only, nothing charged.
    if (error instanceof VariableError) return { reply: jsonReply(200, { errors: [error.toGraphql()] }, headers), operationName };
    throw error;
  }
  shop.bucket = { available: level - requested, at: state.clock() };
  const answer = {
    ...(result.errors ? { errors: result.errors } : {}),
    data: result.data,
    extensions: costExtension(state, requested, requested, level - requested),
  };
  return { reply: jsonReply(200, answer, headers), operationName };
}

function costExtension(state: FakeShopifyState, requested: number, actual: number | null, available: number) {
  return {
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: { maximumAvailable: state.limits.bucketSize, currentlyAvailable: Math.floor(available), restoreRate: state.limits.restoreRatePerSecond },
    },
  };
}

function parseBody(rawBody: string): { query: string; variables: Record<string, unknown>; operationName: string | null } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { query, variables, operationName } = parsed as Record<string, unknown>;
  if (typeof query !== 'string' || query.trim() === '') return undefined;
  const vars = typeof variables === 'object' && variables !== null && !Array.isArray(variables) ? (variables as Record<string, unknown>) : {};
  return { query, variables: vars, operationName: typeof operationName === 'string' && operationName !== '' ? operationName : null };
}

/** `operationName` when sent (Shopify's client does not send it), else the document's first named operation. */
function nameOf(body: { query: string; operationName: string | null }): string | null {
  if (body.operationName !== null) return body.operationName;
  return /(?:^|[^\w$])(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(withoutComments(body.query))?.[1] ?? null;
}

function keywordOf(query: string, name: string): string | null {
  return new RegExp(`(?:^|[^\\w$])(query|mutation|subscription)\\s+${name}(?![_0-9A-Za-z])`).exec(withoutComments(query))?.[1] ?? null;
}

function withoutComments(query: string): string {
  return query.replace(/#[^\n\r]*/g, '');
}

// The one validator of privacy requests: every problem is named at once, before anything is read or
// changed. The limits keep one request bounded, and a minimum key prefix keeps a slip of the caller
// from redacting a whole store.
import { normalizeTurkishMobile } from '@esemes/core';
import { FIELD_LIMITS } from '../events/schema.js';
import type { RedactionSelector } from '../outbox/types.js';
import { PrivacyRequestError } from './errors.js';

/** Numbers, order ids and key prefixes of one request, each at most. */
export const MAX_PRIVACY_LIST = 100;
/** The shortest idempotency-key prefix: a shorter one (`shop1:`) could match every event of a store. */
export const MIN_KEY_PREFIX_LENGTH = 8;

export type CustomerRequestKind = 'customerData' | 'redactCustomer';

const FIELDS: Record<CustomerRequestKind | 'cancelOpen', readonly string[]> = {
  customerData: ['storeId', 'recipients', 'orderIds'],
  redactCustomer: ['storeId', 'recipients', 'orderIds', 'idempotencyKeyPrefixes'],
  cancelOpen: ['storeId'],
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const kindOf = (value: unknown): string => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);

/** The store id trimmed, or a problem (as an event's `store.id`: 1–200 characters). */
function storeIdOf(raw: unknown, problems: string[]): string {
  const storeId = typeof raw === 'string' ? raw.trim() : '';
  if (storeId === '' || storeId.length > FIELD_LIMITS.id)
    problems.push(
      `storeId must be 1–${FIELD_LIMITS.id} characters after trimming, as an event's store.id (got ${typeof raw === 'string' ? `${storeId.length} characters` : kindOf(raw)})`,
    );
  return storeId;
}

/** The items of an optional (or required) list of at most {@link MAX_PRIVACY_LIST}, or a problem. */
function listOf(name: string, raw: unknown, required: boolean, problems: string[]): readonly unknown[] {
  if (raw === undefined && !required) return [];
  if (!Array.isArray(raw)) {
    problems.push(`${name} must be an array${required ? '' : ' when given'} (got ${kindOf(raw)})`);
    return [];
  }
  if (raw.length > MAX_PRIVACY_LIST) {
    problems.push(`${name} may hold at most ${MAX_PRIVACY_LIST} entries per request (got ${raw.length})`);
    return [];
  }
  return raw;
}

function unknownFields(request: Record<string, unknown>, kind: keyof typeof FIELDS, problems: string[]): void {
  const known = FIELDS[kind];
  for (const key of Object.keys(request)) {
    // A misspelt field would silently narrow what is redacted: refuse it instead.
    if (!known.includes(key)) problems.push(`${key} is not a field of this request (known: ${known.join(', ')})`);
  }
}

/**
 * Check a `customerData` or `redactCustomer` request and resolve it: numbers normalized to 10 digits (those
 * that are not a Turkish mobile dropped), order ids trimmed, duplicates removed. Throws
 * {@link PrivacyRequestError} naming every problem.
 */
export function checkCustomerRequest(request: unknown, kind: CustomerRequestKind): RedactionSelector {
  if (!isObject(request)) throw new PrivacyRequestError([`the request must be an object { ${FIELDS[kind].join(', ')} } (got ${kindOf(request)})`]);
  const problems: string[] = [];
  unknownFields(request, kind, problems);
  const storeId = storeIdOf(request['storeId'], problems);
  const recipients = new Set<string>();
  for (const candidate of listOf('recipients', request['recipients'], true, problems)) {
    const phone = typeof candidate === 'string' ? normalizeTurkishMobile(candidate) : undefined;
    if (phone?.ok) recipients.add(phone.number);
  }
  const orderIds = new Set<string>();
  listOf('orderIds', request['orderIds'], false, problems).forEach((raw, index) => {
    const orderId = typeof raw === 'string' ? raw.trim() : Number.isSafeInteger(raw) && (raw as number) >= 0 ? String(raw) : '';
    if (orderId === '' || orderId.length > FIELD_LIMITS.id)
      problems.push(`orderIds[${index}] must be an order id: a string of 1–${FIELD_LIMITS.id} characters after trimming, or an integer ≥ 0`);
    else orderIds.add(orderId);
  });
  const prefixes = new Set<string>();
  const rawPrefixes = kind === 'redactCustomer' ? request['idempotencyKeyPrefixes'] : undefined;
  listOf('idempotencyKeyPrefixes', rawPrefixes, false, problems).forEach((raw, index) => {
    const length = typeof raw === 'string' ? raw.length : -1;
    if (length < MIN_KEY_PREFIX_LENGTH || length > FIELD_LIMITS.idempotencyKey)
      problems.push(
        `idempotencyKeyPrefixes[${index}] must be a string of ${MIN_KEY_PREFIX_LENGTH}–${FIELD_LIMITS.idempotencyKey} characters, so that it cannot match a whole store (got ${length < 0 ? kindOf(raw) : `${length} characters`})`,
      );
    else prefixes.add(raw as string);
  });
  if (problems.length > 0) throw new PrivacyRequestError(problems);
  return { storeId, recipients: [...recipients], orderIds: [...orderIds], idempotencyKeyPrefixes: [...prefixes] };
}

/** Check a store id given alone (`purgeStore`) or as `{ storeId }` (`cancelOpen`); returns it trimmed. */
export function checkStoreRequest(request: unknown, kind: 'purgeStore' | 'cancelOpen'): string {
  const problems: string[] = [];
  if (kind === 'cancelOpen') {
    if (!isObject(request)) throw new PrivacyRequestError([`the request must be an object { storeId } (got ${kindOf(request)})`]);
    unknownFields(request, kind, problems);
  }
  const storeId = storeIdOf(kind === 'cancelOpen' ? (request as Record<string, unknown>)['storeId'] : request, problems);
  if (problems.length > 0) throw new PrivacyRequestError(problems);
  return storeId;
}

import { isEsemesError, isProviderError, isTransportError, type ValidationError } from '@esemes/core';
import type { ClaimedMessage } from '../outbox/types.js';
import { backoff, publish, type EngineContext } from './context.js';

// Claim due messages, group those that can share a provider request, send each group as one
// personalized request, and record the outcome on every message by the class of the error.
// A pass pipelines its batches: while one batch's request is at the provider, the next is claimed and
// sent, up to `concurrency` requests at a time, so our database work overlaps the provider's. Each batch
// is claimed (marked `sending` under a lease) before its own request leaves, as a lone batch is.

const MAX_PROVIDER_ATTEMPTS = 5;
const PAUSE_CODES = new Set(['auth', 'credit', 'sender']);
/** A pass claims at most this many messages (or `concurrency` batches, if more), so reconciliation and report polling get their turn. */
const PASS_MESSAGES = 100_000;

/** What the batches of one pass share. */
interface Pass {
  /** Set by the first batch that paused dispatch: no further claims, and no second alert for the same trouble. */
  paused: boolean;
  /** The first error a batch could not record (the store failed): no further claims; rethrown once all have settled. */
  failure?: { error: unknown };
}

export interface PassResult {
  claimed: number;
  /** Whether the last claim came back full: more may be due right away. */
  more: boolean;
}

function groupKey(m: ClaimedMessage): string {
  return JSON.stringify([m.sender, m.optOutLink, m.blacklist]);
}

/**
 * One pass: resolves once every batch it claimed has its outcome recorded. `keepGoing` is asked before
 * each further claim (the loop passes "not stopping"), so a stop waits for the batches in flight only.
 */
export async function dispatchOnce(context: EngineContext, keepGoing: () => boolean = () => true): Promise<PassResult> {
  const now = context.clock();
  if (await context.store.getPause()) return { claimed: 0, more: false };
  await context.store.cancelExpired(now);
  await context.store.expireLeases(now);
  const pass: Pass = { paused: false };
  const inFlight = new Set<Promise<void>>();
  const budget = Math.max(PASS_MESSAGES, context.batchSize * context.concurrency);
  let claimed = 0;
  let full = true;
  try {
    while (full && claimed < budget) {
      if (inFlight.size >= context.concurrency) {
        await Promise.race(inFlight);
        continue;
      }
      if (pass.paused || pass.failure || !keepGoing()) break;
      // Another instance may have paused dispatch while our last batch was out.
      if (claimed > 0 && (await context.store.getPause())) break;
      const batch = await context.store.claimDue(context.workerId, context.clock(), context.batchSize, context.leaseMs);
      claimed += batch.length;
      full = batch.length >= context.batchSize;
      if (batch.length === 0) break;
      const sending: Promise<void> = sendBatch(context, pass, batch)
        .catch((error: unknown) => {
          pass.failure ??= { error };
        })
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
  } finally {
    // Never leave a pass with requests still out: their outcomes must be recorded before stop() returns.
    await Promise.all(inFlight);
  }
  if (pass.failure) throw pass.failure.error;
  return { claimed, more: full && claimed > 0 && !pass.paused };
}

async function sendBatch(context: EngineContext, pass: Pass, batch: ClaimedMessage[]): Promise<void> {
  const groups = new Map<string, ClaimedMessage[]>();
  for (const message of batch) {
    const key = groupKey(message);
    const group = groups.get(key);
    if (group) group.push(message);
    else groups.set(key, [message]);
  }
  for (const group of groups.values()) await sendGroup(context, pass, group);
}

async function sendGroup(context: EngineContext, pass: Pass, group: ClaimedMessage[]): Promise<void> {
  const ids = group.map((m) => m.id);
  const [first] = group as [ClaimedMessage, ...ClaimedMessage[]];
  try {
    const result = await context.client.sendPersonalized({
      sender: first.sender,
      messages: group.map((m) => ({ to: m.recipient, text: m.text })),
      optOutLink: first.optOutLink,
      blacklist: first.blacklist ?? undefined,
    });
    const now = context.clock();
    // One group is at most one packet (batchSize ≤ packet size), but map packet by packet anyway.
    let offset = 0;
    const rejected = new Set(result.rejected.map((r) => r.index));
    const accepted = group.filter((_, i) => !rejected.has(i));
    for (const packet of result.packets) {
      const rows = accepted.slice(offset, offset + packet.numbers.length);
      offset += packet.numbers.length;
      await context.store.markSent(
        rows.map((m) => m.id),
        packet.reportId,
        now,
      );
      publish(context, rows, 'sent', 'sending', { reportId: packet.reportId });
    }
    // Refused numbers, one statement per distinct reason (usually one), not one per message.
    const refused = new Map<string, ClaimedMessage[]>();
    for (const r of result.rejected) {
      const row = group[r.index];
      if (!row) continue;
      const rows = refused.get(r.message);
      if (rows) rows.push(row);
      else refused.set(r.message, [row]);
    }
    for (const [reason, rows] of refused) {
      await context.store.markFailed(
        rows.map((m) => m.id),
        'recipients',
        reason,
        now,
      );
      publish(context, rows, 'failed', 'sending', { error: reason });
    }
  } catch (error) {
    await handleFailure(context, pass, group, ids, error);
  }
}

async function handleFailure(context: EngineContext, pass: Pass, group: ClaimedMessage[], ids: string[], error: unknown): Promise<void> {
  const [first] = group as [ClaimedMessage, ...ClaimedMessage[]];
  const now = context.clock();
  const message = error instanceof Error ? error.message : String(error);
  if (isProviderError(error) && PAUSE_CODES.has(error.code)) {
    // Account trouble: nothing is wrong with these messages. Put them back untouched and pause.
    await context.store.requeue(ids, now, message, false, now);
    if (pass.paused) return; // another batch of this pass already paused (and alerted)
    pass.paused = true;
    await context.store.setPause({ reason: message, code: error.code, since: now, sender: first.sender });
    context.emitAlert({ code: error.code as 'auth' | 'credit' | 'sender', message: `dispatch paused: ${message}`, at: now });
    context.logger.error({ code: error.code, providerText: error.providerText }, 'esemes dispatch paused');
    return;
  }
  if (isEsemesError(error) && error.code === 'validation' && (error as ValidationError).field === 'sender') {
    await context.store.requeue(ids, now, message, false, now);
    if (pass.paused) return;
    pass.paused = true;
    await context.store.setPause({ reason: message, code: 'sender', since: now });
    context.emitAlert({ code: 'sender', message: `dispatch paused: ${message}`, at: now });
    return;
  }
  if (isProviderError(error) && error.code === 'recipients') {
    if (group.length > 1) {
      // One bad number can refuse a whole request: bisect, so the good halves go out and the refusal
      // is narrowed down in O(k log n) requests rather than one per message.
      const middle = group.length >> 1;
      await sendGroup(context, pass, group.slice(0, middle));
      await sendGroup(context, pass, group.slice(middle));
      return;
    }
    await context.store.markFailed(ids, 'recipients', message, now);
    publish(context, group, 'failed', 'sending', { error: message });
    return;
  }
  if (isTransportError(error) && error.outcome === 'not_sent') {
    const attempt = Math.max(...group.map((m) => m.attempts));
    await context.store.requeue(ids, now + backoff(1_000, attempt, 300_000), message, true, now);
    return;
  }
  if (isProviderError(error) || (isEsemesError(error) && error.code === 'validation')) {
    // xml, date, unknown ERR, or a text the client refused: retry a few times, then give up.
    const attempt = Math.max(...group.map((m) => m.attempts)) + 1;
    if (attempt >= MAX_PROVIDER_ATTEMPTS || (isEsemesError(error) && error.code === 'validation')) {
      await context.store.markFailed(ids, error.code, message, now);
      publish(context, group, 'failed', 'sending', { error: message });
    } else {
      await context.store.requeue(ids, now + backoff(5_000, attempt, 600_000), message, true, now);
    }
    return;
  }
  // Transport `unknown`, an unreadable reply, or anything unexpected: the request may have been
  // accepted. Never resend blindly; the reconciler looks for it at the provider first.
  await context.store.markUnknown(ids, message, now);
  context.logger.warn({ messages: ids.length, error: message }, 'esemes send outcome unknown; reconciling');
}

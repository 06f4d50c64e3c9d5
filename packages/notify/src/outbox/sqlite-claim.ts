// SQLite's claim, run on the better-sqlite3 handle directly. The claim is one UPDATE … RETURNING (atomic
// as it is: SQLite has one writer at a time), but a batch of 100,000 rows came back as 100,000 objects
// of 33 properties built by better-sqlite3 one property at a time, which cost three times the update
// itself (measured: 2.4 s of 3.9 s). Rows come back as arrays (`raw`) and are mapped here instead.
import type { Database } from 'better-sqlite3';
import { byCreation } from './row-mapping.js';
import type { AsyncLock } from './sqlite-dialect.js';
import { CLAIMED_COLUMNS, type ClaimedMessage } from './types.js';

/** The better-sqlite3 handle of a store and the in-process lock Kysely takes for the same file. */
export interface SqliteDirect {
  readonly database: Database;
  readonly lock: AsyncLock;
}

// Only CLAIMED_COLUMNS come back, in the order `claimedFromArray` reads them: RETURNING buffers every row
// before the first comes back, so each column costs across the whole batch (measured, 100,000 rows: 28
// columns about twice the time of a few).
// INDEXED BY: SQLite's planner (no statistics) would pick the status index and sort every queued row;
// the partial claim index is already in claim order and the walk stops at the limit. By rowid, which
// every index entry carries: each claimed row is then one b-tree search, not two (id index, then table).
const CLAIM_SQL = `update esemes_messages
  set status = 'sending', claimed_by = ?, lease_until = ?, attempt_started_at = ?, updated_at = ?
  where rowid in (
    select rowid from esemes_messages indexed by esemes_messages_claim_idx
    where status = 'queued' and not_before <= ? and next_attempt_at <= ?
    order by created_at, id limit ?
  ) and +status = 'queued'
  returning ${CLAIMED_COLUMNS.join(', ')}`;

type Cell = string | number | null;

function claimedFromArray(r: Cell[], workerId: string, now: number, leaseUntil: number): ClaimedMessage {
  return {
    id: r[0] as string,
    storeId: r[1] as string,
    platform: r[2] as string,
    eventType: r[3] as string,
    messageKey: r[4] as string,
    orderId: r[5] as string | null,
    recipient: r[6] as string,
    text: r[7] as string,
    sender: r[8] as string,
    optOutLink: Number(r[9]) === 1,
    blacklist: r[10] as ClaimedMessage['blacklist'],
    attempts: Number(r[11]),
    createdAt: Number(r[12]),
    status: 'sending',
    claimedBy: workerId,
    leaseUntil,
    attemptStartedAt: now,
    updatedAt: now,
  };
}

/** Claim up to `limit` due messages for `workerId` until `now + leaseMs`, oldest first, in one statement. */
export async function claimDueSqlite(direct: SqliteDirect, workerId: string, now: number, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  const leaseUntil = now + leaseMs;
  await direct.lock.acquire();
  let rows: Cell[][];
  try {
    // The statement cache shares statements by text; this text is used here only, so raw mode stays ours.
    const statement = direct.database.prepare(CLAIM_SQL).raw(true);
    rows = statement.all(workerId, leaseUntil, now, now, now, now, Math.floor(limit)) as Cell[][];
  } finally {
    direct.lock.release();
  }
  const claimed = new Array<ClaimedMessage>(rows.length);
  for (let i = 0; i < rows.length; i += 1) claimed[i] = claimedFromArray(rows[i] as Cell[], workerId, now, leaseUntil);
  return claimed.sort(byCreation);
}

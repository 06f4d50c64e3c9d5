// Dashboard sessions in the engine's durable state (SQLite or PostgreSQL): every server instance sharing
// the database knows every session, a restart logs nobody out, and logging out ends the session everywhere.
import type { StateStore } from '@esemes/notify';
import type { Session } from 'fastify';

export const SESSIONS_NAMESPACE = 'dashboard:sessions';

type Callback<T = void> = (error?: Error | null, value?: T) => void;

/** The store interface of @fastify/session, over a StateStore. Sessions are JSON; each has a due time (its expiry). */
export function stateSessionStore(state: StateStore, maxAgeMs: number, clock: () => number = Date.now) {
  const run = <T>(work: Promise<T>, callback: Callback<T>): void => {
    work.then(
      (value) => callback(null, value),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  };
  return {
    set(sessionId: string, session: Session, callback: Callback): void {
      const now = clock();
      run(
        state.putState(SESSIONS_NAMESPACE, sessionId, JSON.stringify(session), { dueAt: now + maxAgeMs }, now).then(() => undefined),
        callback,
      );
    },
    get(sessionId: string, callback: Callback<Session | undefined>): void {
      run(
        (async () => {
          const record = await state.getState(SESSIONS_NAMESPACE, sessionId);
          if (!record) return undefined;
          if (record.dueAt !== null && record.dueAt <= clock()) {
            await state.deleteState(SESSIONS_NAMESPACE, sessionId, record.version);
            return undefined;
          }
          return JSON.parse(record.value) as Session;
        })(),
        callback,
      );
    },
    destroy(sessionId: string, callback: Callback): void {
      run(
        state.deleteState(SESSIONS_NAMESPACE, sessionId).then(() => undefined),
        callback,
      );
    },
  };
}

/** Deletes sessions past their expiry (at most `limit` per call); returns how many. */
export async function sweepSessions(state: StateStore, now: number, limit = 500): Promise<number> {
  let removed = 0;
  for (const record of await state.listState(SESSIONS_NAMESPACE, { dueBefore: now, limit })) {
    if (await state.deleteState(SESSIONS_NAMESPACE, record.key, record.version)) removed += 1;
  }
  return removed;
}

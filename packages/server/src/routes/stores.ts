// Stores: their settings (saved in the engine's database over ESEMES_STORES_FILE, field by field) and the
// store ids seen in events; message statistics for an overview. The engine validates settings (a
// StoreSettingsError names every bad field; the error handler answers 422 invalid_store_settings).
import { FIELD_LIMITS, type Notifier, type StoreSettings } from '@esemes/notify';
import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from '../http-errors.js';
import type { RouteContext } from './context.js';

type Query = Record<string, string | string[] | undefined>;
type Issue = { path: string; message: string };

const MAX_STATS_DAYS = 31;
/** How many of the store ids seen in events `GET /stores` lists. */
const SEEN_LIMIT = 1000;

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** A store id from the path, trimmed: 400 when it is blank or longer than an event's `store.id` may be. */
function storeIdOf(raw: string): string {
  const id = raw.trim();
  if (id === '' || id.length > FIELD_LIMITS.id)
    throw new HttpError(400, 'invalid_request', `storeId must be 1–${FIELD_LIMITS.id} characters after trimming, as an event's store.id (got ${id.length})`);
  return id;
}

/** What the settings routes answer: the effective settings (what acceptance uses) and what was saved. */
async function settingsView(notifier: Notifier, storeId: string) {
  const [effective, saved] = await Promise.all([notifier.storeSettings.get(storeId), notifier.storeSettings.saved(storeId)]);
  return { storeId, effective, saved: saved?.settings ?? null, updatedAt: iso(saved?.updatedAt) };
}

function single(query: Query, name: string, issues: Issue[]): string | undefined {
  const raw = query[name];
  if (Array.isArray(raw)) {
    issues.push({ path: name, message: 'give it once' });
    return undefined;
  }
  return raw === undefined || raw === '' ? undefined : raw;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `days` and `timeZone` of GET /stats; a 400 `invalid_query` names every bad parameter. */
export function parseStatsQuery(query: Query): { days?: number; timeZone?: string } {
  const issues: Issue[] = [];
  const options: { days?: number; timeZone?: string } = {};
  const days = single(query, 'days', issues);
  if (days !== undefined) {
    const parsed = /^\d{1,2}$/.test(days) ? Number(days) : Number.NaN;
    if (parsed >= 1 && parsed <= MAX_STATS_DAYS) options.days = parsed;
    else issues.push({ path: 'days', message: `an integer from 1 to ${MAX_STATS_DAYS}` });
  }
  const timeZone = single(query, 'timeZone', issues);
  if (timeZone !== undefined) {
    if (timeZone.length <= 100 && isTimeZone(timeZone)) options.timeZone = timeZone;
    else issues.push({ path: 'timeZone', message: 'an IANA time zone such as Europe/Istanbul' });
  }
  if (issues.length > 0) {
    throw new HttpError(400, 'invalid_query', `Invalid query: ${issues.map((issue) => `${issue.path} (${issue.message})`).join('; ')}`, { issues });
  }
  return options;
}

export const storeRoutes: FastifyPluginAsync<RouteContext> = async (app, { notifier }) => {
  const settings = notifier.storeSettings;

  // Every store with saved settings, and every store id seen in events, once each, by id.
  app.get('/stores', async () => {
    const [saved, seen] = await Promise.all([settings.list(), notifier.storeIds({ limit: SEEN_LIMIT })]);
    const savedById = new Map(saved.map((entry) => [entry.storeId, entry]));
    const seenIds = new Set(seen);
    const ids = [...new Set([...savedById.keys(), ...seen])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      stores: ids.map((storeId) => {
        const entry = savedById.get(storeId);
        return { storeId, hasEvents: seenIds.has(storeId), saved: entry?.settings ?? null, updatedAt: iso(entry?.updatedAt) };
      }),
    };
  });

  app.get<{ Params: { storeId: string } }>('/stores/:storeId/settings', async (request) => settingsView(notifier, storeIdOf(request.params.storeId)));

  app.put<{ Params: { storeId: string } }>('/stores/:storeId/settings', async (request) => {
    const storeId = storeIdOf(request.params.storeId);
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new HttpError(400, 'invalid_request', 'The body must be a JSON object of store settings');
    await settings.put(storeId, body as StoreSettings);
    return settingsView(notifier, storeId);
  });

  app.delete<{ Params: { storeId: string } }>('/stores/:storeId/settings', async (request) => ({
    deleted: await settings.delete(storeIdOf(request.params.storeId)),
  }));

  app.get('/stats', async (request) => {
    const options = parseStatsQuery(request.query as Query);
    const stats = await notifier.stats(options);
    // The engine's defaults: 7 days (one entry each) in Europe/Istanbul.
    return { days: stats.perDay.length, timeZone: options.timeZone ?? 'Europe/Istanbul', ...stats };
  });
};

// Quiet hours are wall-clock times in the store's time zone (default 21:00–09:00): a message that falls
// inside waits until they end. Never dropped, only delayed.

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface QuietHours {
  start: string;
  end: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '09:00' };

function minutes(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new RangeError(`quiet hours must be HH:MM, got ${JSON.stringify(hhmm)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Check a quiet-hours setting once, when the notifier is built. */
export function checkQuietHours(value: QuietHours): void {
  minutes(value.start);
  minutes(value.end);
}

/** Minutes since local midnight and the seconds into the minute, in `timeZone`. */
function localClock(at: number, timeZone: string): { minuteOfDay: number; msIntoMinute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value);
  return { minuteOfDay: hour * 60 + minute, msIntoMinute: at % 60_000 };
}

/**
 * The earliest instant ≥ `at` outside the quiet hours. Works across midnight (21:00–09:00) and within
 * a day (13:00–14:00). On a daylight-saving night the wait can be off by the shift (Turkey has none).
 * @example
 * outsideQuietHours(Date.parse('2026-12-01T20:30:00Z'), 'Europe/Istanbul') // 23:30 there → 09:00 next morning
 */
export function outsideQuietHours(at: number, timeZone: string, quiet: QuietHours = DEFAULT_QUIET_HOURS): number {
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  if (start === end) return at;
  const { minuteOfDay, msIntoMinute } = localClock(at, timeZone);
  const inside = start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
  if (!inside) return at;
  const wait = (end - minuteOfDay + 1440) % 1440;
  return at - msIntoMinute + wait * 60_000;
}

import { ValidationError } from './errors.js';

// The provider reads and writes times as Europe/Istanbul wall-clock `YYYY-MM-DD HH:MM:SS` without a zone.
// Turkey has been on fixed UTC+3 since 2016-09-07; older instants (reports of old sends) need the tz
// database, which Intl has. The fast path matters: a detailed report can hold 100,000 rows.
const FIXED_SINCE = Date.UTC(2016, 8, 7);
const FIXED_OFFSET_MS = 3 * 3600_000;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

// Made on first use: only instants before 2016-09-07 need it, and loading the zone data costs ~8 MB of RSS.
let formatter: Intl.DateTimeFormat | undefined;
function istanbulFormatter(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Istanbul',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return formatter;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function offsetAt(instantMs: number): number {
  if (instantMs >= FIXED_SINCE) return FIXED_OFFSET_MS;
  const parts = Object.fromEntries(
    istanbulFormatter()
      .formatToParts(new Date(instantMs))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/**
 * Format an instant as Europe/Istanbul wall-clock time, the provider's `tarih` format.
 * @example
 * formatIstanbul(new Date('2026-12-01T07:30:00Z')) // → '2026-12-01 10:30:00'
 */
export function formatIstanbul(instant: Date): string {
  const ms = instant.getTime();
  const local = new Date(ms + offsetAt(ms));
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
}

/**
 * Read a provider time (`YYYY-MM-DD HH:MM:SS`, Europe/Istanbul) as an instant; `null` when it is empty
 * or not a real time (the provider leaves times empty for numbers that are not final yet).
 * @example
 * parseIstanbul('2016-01-01 00:00:04') // → 2015-12-31T22:00:04.000Z (Turkey was UTC+2 in winter then)
 */
export function parseIstanbul(text: string): Date | null {
  const m = WALL_CLOCK.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  let instant = wall - FIXED_OFFSET_MS;
  if (instant < FIXED_SINCE) instant = wall - offsetAt(wall - offsetAt(wall - FIXED_OFFSET_MS));
  return new Date(instant);
}

/** What callers may pass for a time: a Date, an ISO 8601 instant (with Z or an offset), or provider wall-clock text. */
export type TimeInput = Date | string;

/**
 * Turn a caller's time into an instant. Wall-clock text without a zone (`YYYY-MM-DD HH:MM:SS`) is read as
 * Europe/Istanbul; ISO strings must carry `Z` or an offset so no local machine zone leaks in.
 */
export function toInstant(value: TimeInput, field: string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ValidationError(field, 'is an invalid Date');
    return value;
  }
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a Date, an ISO 8601 instant or "YYYY-MM-DD HH:MM:SS" (Europe/Istanbul)');
  const trimmed = value.trim();
  if (WALL_CLOCK.test(trimmed)) {
    const parsed = parseIstanbul(trimmed);
    if (!parsed) throw new ValidationError(field, `"${trimmed}" is not a real date and time`);
    return parsed;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed)) {
    const parsed = new Date(trimmed);
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  throw new ValidationError(
    field,
    `"${value}" is neither an ISO 8601 instant with a zone (2026-12-01T10:30:00+03:00) nor "YYYY-MM-DD HH:MM:SS" (Europe/Istanbul)`,
  );
}

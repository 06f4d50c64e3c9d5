// Europe/Istanbul local time as the provider writes it: `YYYY-MM-DD HH:MM:SS`.
// Turkey has kept UTC+3 all year since September 2016, so a fixed offset is exact for every date
// this sandbox meets (earlier dates with DST are read as UTC+3 too, a documented simplification).

const OFFSET_MS = 3 * 60 * 60 * 1000;
const PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** `ms` (epoch milliseconds) as Istanbul local time `YYYY-MM-DD HH:MM:SS`. */
export function formatIstanbul(ms: number): string {
  const iso = new Date(ms + OFFSET_MS).toISOString(); // 2016-01-01T00:00:04.000Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * Epoch milliseconds of an Istanbul local time written exactly `YYYY-MM-DD HH:MM:SS` with a real
 * date and time (no 24:00:00, no 31 February), or `undefined` when it is anything else.
 */
export function parseIstanbul(text: string): number | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(utc);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return undefined; // 2023-02-30 rolls over into March
  }
  return utc - OFFSET_MS;
}

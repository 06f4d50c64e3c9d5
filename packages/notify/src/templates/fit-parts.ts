// `{{#fitParts N}}…{{fit value}}…{{/fitParts}}`: cut the `fit` values just enough for the block to fit N SMS parts.
import { segments } from '@esemes/core';
import type { HelperOptions } from 'handlebars';
import { cut } from './text.js';

/** Marks a `fit` value in the block's first rendering. Bodies may not contain NUL and values have it replaced. */
const MARK = '\u0000';
const SLOT = /\u0000(\d+)\u0000/;
/** Above this, fitting is pointless (the provider's own limit is lower). */
const MAX_PARTS = 10;

interface FitFrame {
  fitSlots?: string[];
  optOutLink?: boolean;
}

/**
 * Inside `{{#fitParts}}`: records the value and leaves a marker; outside: the value unchanged.
 */
export function fitHelper(value: unknown, options: HelperOptions): string {
  const text = value === undefined || value === null ? '' : String(value);
  const slots = (options?.data as FitFrame | undefined)?.fitSlots;
  if (!slots) return text;
  slots.push(text);
  return `${MARK}${slots.length - 1}${MARK}`;
}

/**
 * Renders its block once with markers for the `fit` values, then gives every value the same, largest
 * length (in characters) with which the whole block fits `N` parts (default 1), counting the provider's
 * opt-out sentence when the message is commercial (or `optOutLink=true`). Values short enough are kept
 * whole; cut ones end with `...`. When the block cannot fit N parts even with empty values, the fewest
 * parts above N that it can fit are the target instead (so values are never emptied for nothing), up to
 * 10. Text outside the block is not counted: wrap the whole message.
 */
export function fitPartsHelper(this: unknown, ...args: unknown[]): string {
  const options = args.at(-1) as HelperOptions;
  const wanted = args.length > 1 ? Number(args[0]) : 1;
  const parts = Number.isInteger(wanted) && wanted >= 1 ? Math.min(wanted, MAX_PARTS) : 1;
  const data = (options.data ?? {}) as FitFrame;
  const optOutLink = typeof options.hash['optOutLink'] === 'boolean' ? options.hash['optOutLink'] : data.optOutLink === true;
  const frame: FitFrame & { _parent: unknown } = { ...data, _parent: options.data, fitSlots: [] };
  const content = options.fn(this, { data: frame });
  return fitSlots(content, frame.fitSlots ?? [], parts, optOutLink);
}

/** Fills the markers of `content` with `slots`, cut to fit `parts` parts. Exported for tests. */
export function fitSlots(content: string, slots: readonly string[], parts: number, optOutLink: boolean): string {
  const pieces = content.split(SLOT); // odd indexes hold slot numbers
  if (pieces.length === 1) return content;
  const fill = (max: number): string => pieces.map((piece, i) => (i % 2 === 1 ? cut(slots[Number(piece)] ?? '', max) : piece)).join('');
  const partsWith = (max: number): number => segments(fill(max), { optOutLink }).parts;
  if (partsWith(Infinity) <= parts) return fill(Infinity);
  // The fewest parts reachable (values empty), but never fewer than asked for.
  const target = Math.max(parts, partsWith(0));
  if (target > MAX_PARTS) return fill(0);
  if (partsWith(Infinity) <= target) return fill(Infinity);
  // Shorter values never need more parts, so the largest fitting length is found by bisection.
  let low = 0;
  let high = Math.max(...slots.map((s) => Array.from(s).length));
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (partsWith(middle) <= target) low = middle;
    else high = middle;
  }
  return fill(low);
}

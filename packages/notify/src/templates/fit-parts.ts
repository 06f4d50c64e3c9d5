// `{{#fitParts N}}…{{fit value}}…{{/fitParts}}`: shorten the `fit` values just enough for the block to fit N
// SMS parts, never removing a name. The longest value is shortened first (every value is cut to one common
// cap, those already shorter are kept whole); each keeps at least its floor: a first name its first word,
// a store name its first 11 characters (a floor never passes 20 characters). When even the floors do not fit N parts the message grows, up to
// the store's maxParts, and the render's notes say why.
import type { HelperOptions } from 'handlebars';
import { countParts } from './count.js';

/** Marks a `fit` value in the block's first rendering. Bodies may not contain NUL and values have it replaced. */
const MARK = '\u0000';
const DIGITS = /^\d+$/;
/** Parts a message may ever take (the provider's practical limit); a store's maxParts is at most this. */
export const MAX_PARTS = 10;
/** A store name keeps at least this many characters (a sender title's length), to the end of that word when it is short. */
const STORE_NAME_FLOOR = 11;
/** No floor is longer than this: a "word" of 100 letters is not a name to keep whole. */
const MAX_FLOOR = 20;

/** What the fitting needs from the render (`@root` and the runtime data). */
export interface FitFrame {
  fitSlots?: FitSlot[];
  optOutLink?: boolean;
  /** The store's maxParts (default {@link MAX_PARTS}). */
  maxParts?: number;
  /** Folds the text as it will be sent (transliteration), so that parts are counted as they will be billed. */
  fold?: (text: string) => string;
  /** Where the fitting says what it did. */
  notes?: string[];
  root?: { store?: { name?: string }; customer?: { firstName?: string; lastName?: string } };
}

export interface FitSlot {
  value: string;
  /** Code points it keeps at least. */
  floor: number;
  /** What it is, for notes: `the store name`, `the first name` … */
  label: string;
}

const codePoints = (text: string): number => Array.from(text).length;

/** Code points of the first word (up to the first space), at most {@link MAX_FLOOR}. */
function firstWordLength(value: string): number {
  const chars = Array.from(value);
  const space = chars.findIndex((c) => /\s/.test(c));
  return Math.min(space === -1 ? chars.length : space, MAX_FLOOR);
}

/** The floor of a store name: 11 characters, to the end of that word when it ends within 20. */
function storeNameFloor(value: string): number {
  const chars = Array.from(value);
  if (chars.length <= STORE_NAME_FLOOR) return chars.length;
  let end = STORE_NAME_FLOOR;
  while (end < chars.length && !/\s/.test(chars[end] as string)) end++;
  return end <= MAX_FLOOR ? end : STORE_NAME_FLOOR;
}

/**
 * Inside `{{#fitParts}}`: records the value and leaves a marker; outside: the value unchanged.
 * `min=` sets the floor (`"word"` or a number of characters); else a store name keeps 11 characters and
 * any other value (a first or last name) its first word.
 */
export function fitHelper(value: unknown, options: HelperOptions): string {
  const text = value === undefined || value === null ? '' : String(value);
  const frame = options?.data as FitFrame | undefined;
  const slots = frame?.fitSlots;
  if (!slots) return text;
  slots.push(new PendingSlot(text, options.hash['min'], frame?.root));
  return `${MARK}${slots.length - 1}${MARK}`;
}

/** A `fit` value whose floor and label are worked out only if the block has to be shortened (most fit as they are). */
class PendingSlot implements FitSlot {
  #floor: number | undefined;
  #label: string | undefined;
  constructor(
    readonly value: string,
    private readonly min: unknown,
    private readonly root: FitFrame['root'],
  ) {}

  get floor(): number {
    if (this.#floor === undefined) {
      const { value, min } = this;
      this.#floor =
        typeof min === 'number' && Number.isInteger(min) && min >= 0
          ? Math.min(min, codePoints(value))
          : min === 'word' || !this.isStore()
            ? firstWordLength(value)
            : storeNameFloor(value);
    }
    return this.#floor;
  }

  get label(): string {
    const { value, root } = this;
    this.#label ??= this.isStore()
      ? 'the store name'
      : value === root?.customer?.firstName
        ? 'the first name'
        : value === root?.customer?.lastName
          ? 'the last name'
          : 'a value';
    return this.#label;
  }

  private isStore(): boolean {
    return this.value !== '' && this.value === this.root?.store?.name;
  }
}

/** Renders its block once with markers for the `fit` values, then fills them in, shortened as needed. */
export function fitPartsHelper(this: unknown, ...args: unknown[]): string {
  const options = args.at(-1) as HelperOptions;
  const data = (options.data ?? {}) as FitFrame;
  const maxParts = Number.isInteger(data.maxParts) && (data.maxParts as number) >= 1 ? Math.min(data.maxParts as number, MAX_PARTS) : MAX_PARTS;
  const wanted = args.length > 1 ? Number(args[0]) : 1;
  const parts = Number.isInteger(wanted) && wanted >= 1 ? Math.min(wanted, maxParts) : 1;
  const optOutLink = typeof options.hash['optOutLink'] === 'boolean' ? options.hash['optOutLink'] : data.optOutLink === true;
  // Handlebars' createFrame, as a copy: object spread of a frame is ~20× slower (frames are not literal-shaped).
  const frame: FitFrame & { _parent: unknown } = Object.assign({}, data, { _parent: options.data, fitSlots: [] });
  const content = options.fn(this, { data: frame });
  const fitted = fitSlots(content, frame.fitSlots ?? [], { parts, maxParts, optOutLink, fold: data.fold ?? ((text) => text) });
  data.notes?.push(...fitted.notes);
  return fitted.text;
}

/** `content.split(/\u0000(\d+)\u0000/)` without the regular expression (this runs on every render): the text between markers, and each marker's number. */
function splitSlots(content: string): string[] {
  let at = content.indexOf(MARK);
  if (at === -1) return [content];
  const pieces: string[] = [];
  let from = 0;
  while (at !== -1) {
    const end = content.indexOf(MARK, at + 1);
    if (end === -1) break;
    const digits = content.slice(at + 1, end);
    if (DIGITS.test(digits)) {
      pieces.push(content.slice(from, at), digits);
      from = end + 1;
      at = content.indexOf(MARK, from);
    } else at = end; // a stray NUL (a helper cut a marker): the next one may open a marker
  }
  pieces.push(content.slice(from));
  return pieces;
}

/** A value cut to `cap` code points but never below its floor: at a word boundary when one is at or after the floor, else with `...`. */
export function cutSlot(slot: FitSlot, cap: number): string {
  const chars = Array.from(slot.value);
  const limit = Math.max(cap, slot.floor);
  if (chars.length <= limit) return slot.value;
  if (/\s/.test(chars[limit] as string)) return chars.slice(0, limit).join('').trimEnd();
  for (let i = limit - 1; i >= slot.floor && i > 0; i--) if (/\s/.test(chars[i] as string)) return chars.slice(0, i).join('').trimEnd();
  return `${chars.slice(0, limit).join('').trimEnd()}...`;
}

export interface FitResult {
  text: string;
  /** Why values were shortened or the message grew (empty when nothing was done). */
  notes: string[];
}

/**
 * Fills the markers of `content` with `slots`, shortened to fit `parts` parts (counted after `fold`, with
 * the opt-out sentence when `optOutLink`), growing up to `maxParts` when the floors do not fit. Exported for tests.
 */
export function fitSlots(
  content: string,
  slots: readonly FitSlot[],
  options: { parts: number; maxParts: number; optOutLink: boolean; fold: (text: string) => string },
): FitResult {
  const pieces = splitSlots(content); // odd indexes hold slot numbers
  if (pieces.length === 1) return { text: content, notes: [] };
  const fill = (cap: number): string => {
    let text = '';
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as string;
      text += i % 2 === 1 ? (Number.isFinite(cap) ? cutSlot(slots[Number(piece)] as FitSlot, cap) : (slots[Number(piece)]?.value ?? '')) : piece;
    }
    return text;
  };
  const partsWith = (cap: number): number => countParts(options.fold(cap === Infinity ? whole : fill(cap)), options.optOutLink).parts;
  const partsName = (n: number) => `${n} SMS part${n === 1 ? '' : 's'}`;
  // The common case, values that fit as they are: one fill, one fold, one count (which the engine's cap reuses).
  const whole = fill(Infinity);
  const wholeParts = partsWith(Infinity);
  if (wholeParts <= options.parts) return { text: whole, notes: [] };
  const shortest = partsWith(0);
  if (shortest > options.maxParts) {
    return {
      text: fill(0),
      notes: [`does not fit ${partsName(options.maxParts)} (the store's maxParts) even with the names at their shortest: it needs ${partsName(shortest)}`],
    };
  }
  const target = Math.max(options.parts, shortest);
  const notes =
    target > options.parts
      ? [
          `grew to ${partsName(target)}: even with the names at their shortest (a first name's first word, a store name's first 11 characters) it does not fit ${partsName(options.parts)}`,
        ]
      : [];
  if (wholeParts <= target) return { text: whole, notes };
  // Shorter values never need more parts, so the largest fitting cap is found by bisection.
  let low = 0;
  let high = Math.max(...slots.map((s) => codePoints(s.value)));
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (partsWith(middle) <= target) low = middle;
    else high = middle;
  }
  const shortened = [...new Set(slots.filter((slot) => cutSlot(slot, low) !== slot.value).map((slot) => slot.label))];
  return { text: fill(low), notes: [...notes, `shortened ${shortened.join(' and ')} to fit ${partsName(target)}`] };
}

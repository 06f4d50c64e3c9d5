// Test-only: a slow, obvious segment counter written straight from the rules, to check the fast
// one against. Its character sets are typed independently of gsm-tables.ts.
import type { Segments, SmsEncoding } from './types.js';

const DEFAULT = new Set(
  Array.from('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'),
);
const EXTENSION = new Set(Array.from('\f^{}\\[~]|€'));
const TURKISH_ONLY = new Set(Array.from('ĞİŞçğış'));

const CAPACITY: Record<SmsEncoding, readonly [number, number]> = {
  gsm7: [160, 153],
  'gsm7-turkish': [155, 149],
  ucs2: [70, 67],
};

/** Splits into code points, keeping lone surrogates as their own entries. */
function codePoints(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const high = text.charCodeAt(i);
    const low = text.charCodeAt(i + 1);
    if (high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
      out.push(text.slice(i, i + 2));
      i++;
    } else out.push(text.charAt(i));
  }
  return out;
}

export function referenceSegments(text: string): Segments {
  const chars = codePoints(text);
  let encoding: SmsEncoding = 'gsm7';
  for (const c of chars) {
    if (DEFAULT.has(c) || EXTENSION.has(c)) continue;
    if (TURKISH_ONLY.has(c)) {
      if (encoding === 'gsm7') encoding = 'gsm7-turkish';
      continue;
    }
    encoding = 'ucs2';
    break;
  }
  const costs = chars.map((c) => (encoding === 'ucs2' ? c.length : DEFAULT.has(c) ? 1 : 2));
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const [single, multi] = CAPACITY[encoding];
  if (units <= single) {
    return { encoding, characters: chars.length, units, parts: units === 0 ? 0 : 1, perPart: single, remaining: single - units };
  }
  const parts: number[] = [0];
  for (const cost of costs) {
    if ((parts[parts.length - 1] as number) + cost > multi) parts.push(cost);
    else parts[parts.length - 1] = (parts[parts.length - 1] as number) + cost;
  }
  return {
    encoding,
    characters: chars.length,
    units,
    parts: parts.length,
    perPart: multi,
    remaining: multi - (parts[parts.length - 1] as number),
  };
}

/** Deterministic PRNG (mulberry32), so a failing random case can be replayed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

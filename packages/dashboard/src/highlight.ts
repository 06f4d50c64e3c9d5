// The preview's text cut into runs, each marked with what its characters cost: plain GSM-7, the Turkish
// single shift table (ş ğ ı İ …: 155 instead of 160 characters a part), or UCS-2 (emoji, most other
// scripts: 70 a part). The view wraps the costly runs in <mark>, so the shop owner sees which letter did it.
import { gsmUnsupported, segments } from '@esemes/segments';

export interface Run {
  text: string;
  kind: 'plain' | 'turkish' | 'ucs2';
}

export function highlight(text: string): Run[] {
  const ucs2 = new Set(gsmUnsupported(text));
  const runs: Run[] = [];
  const kindOf = new Map<string, Run['kind']>();
  for (const char of text) {
    let kind = kindOf.get(char);
    if (kind === undefined) {
      kind = ucs2.has(char) ? 'ucs2' : segments(char).encoding === 'gsm7-turkish' ? 'turkish' : 'plain';
      kindOf.set(char, kind);
    }
    const last = runs[runs.length - 1];
    if (last && last.kind === kind) last.text += char;
    else runs.push({ text: char, kind });
  }
  return runs;
}

/** The distinct characters of `runs` of one kind, in order of appearance. */
export function charactersOf(runs: readonly Run[], kind: Run['kind']): string[] {
  return [...new Set(runs.filter((run) => run.kind === kind).flatMap((run) => [...run.text]))];
}

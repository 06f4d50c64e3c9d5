// Counting a message's parts once. The fitting (`{{#fitParts}}`) counts the block as it will be sent, and
// the engine counts the rendered text again for its cap and the credit estimate: for most templates that is
// the same string, so the last count is kept and reused (one entry: the accept path renders one text at a time).
import { segments, type Segments } from '@esemes/core';

let lastText: string | undefined;
let lastOptOut = false;
let lastCount: Segments | undefined;

/**
 * `segments(text, { optOutLink })`, remembered for the last text counted. The result is shared: read it, do
 * not change it (preview() copies nothing from here; it counts for itself).
 */
export function countParts(text: string, optOutLink: boolean): Readonly<Segments> {
  if (lastCount !== undefined && text === lastText && optOutLink === lastOptOut) return lastCount;
  const counted = segments(text, { optOutLink });
  lastText = text;
  lastOptOut = optOutLink;
  lastCount = counted;
  return counted;
}

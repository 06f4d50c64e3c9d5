// Recipients of `esemes send`: --to values and --to-file lines, checked before anything is sent so
// rejected numbers can be listed (masked) and an all-invalid list sends nothing.
import { createReadStream } from 'node:fs';
import { maskPhone, normalizeTurkishMobile } from '@esemes/core';
import { textLines } from './message-files.js';

/** A number the CLI will not send to, as --json lists it: the input masked to its last 4 digits. */
export interface RejectedInput {
  input: string;
  reason: string;
  message: string;
  /** Where it came from: `--to`, or `FILE:LINE`. */
  source: string;
}

export interface RecipientCheck {
  /** Valid numbers, normalized (5XXXXXXXXX), each once, in input order. */
  numbers: string[];
  rejected: RejectedInput[];
}

/** Split one --to value or file line on commas (and semicolons); drop empty entries. */
export function splitNumbers(value: string): string[] {
  return value
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The entries of a --to-file: one number per line, commas allowed, blank lines and `#` comments ignored. */
export async function* numbersFromFile(path: string): AsyncGenerator<{ input: string; source: string }> {
  for await (const { line, text } of textLines(createReadStream(path), path)) {
    const hash = text.indexOf('#');
    for (const input of splitNumbers(hash === -1 ? text : text.slice(0, hash))) yield { input, source: `${path}:${line}` };
  }
}

/** The label for a rejected input in messages: masked, never the whole number. */
export function maskedInput(input: string): string {
  const masked = maskPhone(input);
  return masked === '' ? '(no digits)' : masked;
}

/** Normalize every entry; duplicates (after normalization) count once. */
export async function checkRecipients(
  entries: AsyncIterable<{ input: string; source: string }> | Iterable<{ input: string; source: string }>,
): Promise<RecipientCheck> {
  const unique = new Set<string>();
  const rejected: RejectedInput[] = [];
  for await (const { input, source } of entries) {
    const result = normalizeTurkishMobile(input);
    if (result.ok) unique.add(result.number);
    else rejected.push({ input: maskedInput(input), reason: result.reason, message: result.message, source });
  }
  return { numbers: [...unique], rejected };
}

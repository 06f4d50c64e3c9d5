// What one render may spend. A stored template is the shop owner's code: a nested `{{#each}}` over 500
// items once kept the server busy for 72 s during a preview. Iteration is counted across the whole render
// and the output of every loop is measured as it grows, so no template and no event can block the event
// loop for more than a few milliseconds or grow memory without bound.
import Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';
import { TemplateError } from './template-error.js';

/** Loop iterations one render may run, all `{{#each}}` together (the engine's events carry at most 500 items). */
export const MAX_ITERATIONS = 1000;
/** Characters a render may produce beyond what `maxParts` parts can hold: generous, so that only a runaway template hits it. */
export const OUTPUT_MARGIN = 400;

export interface RenderBudget {
  iterations: number;
  /** The most characters the render may produce. */
  readonly maxChars: number;
}

/**
 * The budget for a render that may send at most `maxParts` parts (160 GSM-7 characters each), or print a
 * value of `longestValue` characters (`message.custom`'s body): a long text then reaches the maxParts
 * check (MessageTooLongError, with its parts) instead of stopping here.
 */
export function renderBudget(maxParts: number, longestValue = 0): RenderBudget {
  return { iterations: 0, maxChars: Math.max(maxParts * 160, longestValue) + OUTPUT_MARGIN };
}

interface BudgetFrame {
  budget?: RenderBudget;
}

export function outputTooLong(maxChars: number, what: string): TemplateError {
  return new TemplateError(
    'template_output_too_long',
    `the template's output ${what}; at most ${maxChars} characters can become an SMS here (maxParts × 160 + ${OUTPUT_MARGIN})`,
  );
}

/**
 * `{{#each}}` with Handlebars' own semantics (`@index`, `@first`, `@last`, `@key`, block params,
 * `{{else}}` for an empty list), counting every iteration against the render's budget and stopping as
 * soon as the loop's output passes the character budget: a clear TemplateError instead of a stalled server.
 */
export function boundedEach(this: unknown, context: unknown, options: HelperOptions): string {
  const budget = (options.data as BudgetFrame | undefined)?.budget;
  const entries: Array<[string | number, unknown]> = Array.isArray(context)
    ? context.map((value, index) => [index, value])
    : context !== null && typeof context === 'object'
      ? Object.entries(context as Record<string, unknown>)
      : [];
  if (entries.length === 0) return options.inverse(this);
  const frame = options.data ? Handlebars.createFrame(options.data) : undefined;
  let out = '';
  for (const [position, [key, value]] of entries.entries()) {
    if (budget) {
      budget.iterations += 1;
      if (budget.iterations > MAX_ITERATIONS) {
        throw new TemplateError('template_output_too_long', `the template's loops ran more than ${MAX_ITERATIONS} times in one message (nested {{#each}}?)`);
      }
    }
    if (frame) {
      frame.key = key;
      frame.index = position;
      frame.first = position === 0;
      frame.last = position === entries.length - 1;
    }
    out += options.fn(value, { data: frame, blockParams: [value, key] });
    if (budget && out.length > budget.maxChars) throw outputTooLong(budget.maxChars, `passed ${budget.maxChars} characters inside a {{#each}}`);
  }
  return out;
}

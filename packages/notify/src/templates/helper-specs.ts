// What each helper accepts, as data: validation checks every call against it at save time.

export interface HelperSpec {
  /** Used as `{{#name …}}…{{/name}}` (true) or inline `{{name …}}` (false). */
  readonly block: boolean;
  readonly minParams: number;
  readonly maxParams: number;
  readonly hash: readonly string[];
  /** How to call it, for error messages. */
  readonly usage: string;
}

const spec = (block: boolean, minParams: number, maxParams: number, usage: string, hash: readonly string[] = []): HelperSpec => ({
  block,
  minParams,
  maxParams,
  hash,
  usage,
});

/** Every helper a template may call. Handlebars' `lookup` and `log` are not among them (a dynamic lookup escapes validation). */
export const HELPER_SPECS: Readonly<Record<string, HelperSpec>> = {
  if: spec(true, 1, 1, '{{#if value}}…{{else}}…{{/if}}'),
  unless: spec(true, 1, 1, '{{#unless value}}…{{/unless}}'),
  each: spec(true, 1, 1, '{{#each order.items}}{{name}}{{/each}}'),
  with: spec(true, 1, 1, '{{#with order}}{{number}}{{/with}}'),
  fitParts: spec(true, 0, 1, '{{#fitParts 1}}… {{fit customer.firstName}} …{{/fitParts}}', ['optOutLink']),
  fit: spec(false, 1, 1, '{{fit customer.firstName}} (inside {{#fitParts}}; min="word" or min=11 keeps at least that much)', ['min']),
  money: spec(false, 1, 1, '{{money order.total currency=order.currency}}', ['currency', 'display']),
  date: spec(false, 1, 1, '{{date occurredAt style="short"}}', ['style']),
  datetime: spec(false, 1, 1, '{{datetime occurredAt}}', ['style']),
  truncate: spec(false, 2, 2, '{{truncate customer.firstName 20}}', ['ellipsis']),
  upper: spec(false, 1, 1, '{{upper store.name}}', ['locale']),
  lower: spec(false, 1, 1, '{{lower store.name}}', ['locale']),
  statusLabel: spec(false, 1, 1, '{{statusLabel status.canonical}}'),
  eq: spec(false, 2, 2, '{{#if (eq cart.reminder 1)}}…{{/if}}'),
};

export function helperSpec(name: string): HelperSpec | undefined {
  return Object.hasOwn(HELPER_SPECS, name) ? HELPER_SPECS[name] : undefined;
}

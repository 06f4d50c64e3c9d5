/**
 * Why a template was refused:
 * - `template_syntax`: Handlebars cannot parse it (or it uses partials/decorators); `line` says where;
 * - `template_variable`: a path names no variable of the event type; `variable` names it;
 * - `template_helper`: an unknown helper or block (`{{#foo}}`, `{{lookup …}}`); `variable` names it;
 * - `template_empty`: the body is empty or only whitespace;
 * - `template_too_long`: the body is over {@link MAX_BODY_LENGTH} characters;
 * - `template_output_too_long`: a render ran over its budget (loops, or more characters than `maxParts` parts can hold);
 * - `template_front_matter`: a default file's front matter is missing or wrong (startup only);
 * - `template_missing`: a default file is missing, or a stray one names no event type (startup only);
 * - `template_not_found`: no such event type or language.
 */
export type TemplateErrorCode =
  | 'template_syntax'
  | 'template_variable'
  | 'template_helper'
  | 'template_empty'
  | 'template_too_long'
  | 'template_output_too_long'
  | 'template_front_matter'
  | 'template_missing'
  | 'template_not_found';

/** Longest template body accepted, in UTF-16 code units (SMS of ~13 parts; longer is a mistake). */
export const MAX_BODY_LENGTH = 2000;

/**
 * A template the service will not store (or a default it will not start with). The message names the
 * event type, the language and what is wrong; the fields carry the same for programs.
 * @example
 * try { await templates.put('demo', 'order.created', 'tr', '{{customer.fristName}}') }
 * catch (error) { if (error instanceof TemplateError && error.code === 'template_variable') console.log(error.variable) } // 'customer.fristName'
 */
export class TemplateError extends Error {
  override name = 'TemplateError' as const;
  readonly code: TemplateErrorCode;
  /** The unknown variable or helper (`template_variable`, `template_helper`). */
  readonly variable: string | undefined;
  /** 1-based line of the problem in the body, when known. */
  readonly line: number | undefined;
  /** The default file at fault (startup errors). */
  readonly file: string | undefined;
  constructor(code: TemplateErrorCode, message: string, details: { variable?: string; line?: number; file?: string; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.variable = details.variable;
    this.line = details.line;
    this.file = details.file;
  }
}

/** Cross-realm guard (checks `name` and `code`, not only `instanceof`). */
export function isTemplateError(value: unknown): value is TemplateError {
  return value instanceof TemplateError || (value instanceof Error && value.name === 'TemplateError' && typeof (value as { code?: unknown }).code === 'string');
}

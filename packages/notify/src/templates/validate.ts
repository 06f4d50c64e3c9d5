// Save-time strictness: parse a body and check every path and helper call against the event type's variables.
import Handlebars from 'handlebars';
import type { EventType } from '../events/schema.js';
import { helperSpec } from './helper-specs.js';
import { MAX_BODY_LENGTH, TemplateError } from './template-error.js';
import { contextShape, flatten, resolve } from './variables.js';
import type { ObjectShape, Shape } from './variables.js';

type Node = hbs.AST.Node;
type Expression = hbs.AST.Expression;
type Path = hbs.AST.PathExpression;

/** A context-changing block (`#each`, `#with`) opens a scope; `../` leaves it. */
interface Scope {
  readonly shape: ObjectShape;
  readonly parent: Scope | undefined;
  /** Block parameters (`as |item i|`): a shape, or `index` for the position. */
  readonly params: ReadonlyMap<string, Shape | 'index'>;
  readonly inEach: boolean;
}

const DATA_IN_EACH = new Set(['index', 'first', 'last', 'key']);

/** Bodies arrive from HTTP and files: one line ending, no NUL (fitParts uses it as a marker). */
export function normalizeBody(body: string): string {
  return body.replace(/\r\n?/g, '\n');
}

/**
 * Checks a template body for `eventType`; returns its AST. Throws {@link TemplateError}: empty, too long,
 * syntax (with the line), an unknown variable or helper (named), partials and decorators.
 * @example
 * validateTemplate('Merhaba {{customer.fristName}}', 'order.created') // throws: unknown variable customer.fristName in order.created …
 */
export function validateTemplate(body: string, eventType: EventType): hbs.AST.Program {
  if (body.trim() === '') throw new TemplateError('template_empty', `the template for ${eventType} is empty`);
  if (body.length > MAX_BODY_LENGTH)
    throw new TemplateError('template_too_long', `the template for ${eventType} has ${body.length} characters; at most ${MAX_BODY_LENGTH}`);
  const nul = body.indexOf('\u0000');
  if (nul >= 0) throw syntax(eventType, 'a NUL character is not allowed', lineAt(body, nul));
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = (error as { lineNumber?: unknown }).lineNumber;
    const found = typeof line === 'number' ? line : Number(/line (\d+)/.exec(message)?.[1] ?? NaN);
    const reason =
      message
        .split('\n')
        .filter((l) => !/^-*\^$/.test(l))
        .at(-1) ?? message;
    throw syntax(eventType, reason.replace(/ - \d+:\d+$/, ''), Number.isFinite(found) ? found : undefined, error);
  }
  const root: Scope = { shape: contextShape(eventType), parent: undefined, params: new Map(), inEach: false };
  walkProgram(program, root, eventType);
  return program;
}

function walkProgram(program: hbs.AST.Program, scope: Scope, type: EventType): void {
  for (const statement of program.body) walkStatement(statement, scope, type);
}

function walkStatement(node: Node, scope: Scope, type: EventType): void {
  switch (node.type) {
    case 'ContentStatement':
    case 'CommentStatement':
      return;
    case 'MustacheStatement': {
      const m = node as hbs.AST.MustacheStatement;
      const path = m.path as Node;
      if (path.type !== 'PathExpression') throw syntax(type, `expected a variable or a helper, got ${describe(path)}`, lineOf(node));
      const p = path as Path;
      const name = simpleName(p);
      if (m.params.length === 0 && (m.hash?.pairs.length ?? 0) === 0 && !(name && helperSpec(name))) return checkPath(p, scope, type);
      checkCall(p, m.params, m.hash, false, scope, type);
      return;
    }
    case 'BlockStatement':
      return walkBlock(node as hbs.AST.BlockStatement, scope, type);
    case 'PartialStatement':
    case 'PartialBlockStatement':
      throw syntax(type, 'partials ({{> …}}) are not supported', lineOf(node));
    default:
      throw syntax(type, `${node.type} is not supported (decorators, raw blocks)`, lineOf(node));
  }
}

function walkBlock(block: hbs.AST.BlockStatement, scope: Scope, type: EventType): void {
  const path = block.path as Node;
  if (path.type !== 'PathExpression') throw syntax(type, `expected a block helper, got ${describe(path)}`, lineOf(block));
  const name = checkCall(path as Path, block.params, block.hash, true, scope, type);
  let inner = scope;
  if (name === 'each' || name === 'with') {
    const target = block.params[0] as Node;
    const shape = target.type === 'PathExpression' ? shapeOfPath(target as Path, scope) : undefined;
    const wanted = name === 'each' ? 'list' : 'object';
    if (!shape || shape === 'index' || shape.kind !== wanted) {
      const what = target.type === 'PathExpression' ? (target as Path).original : describe(target);
      throw new TemplateError(
        'template_variable',
        `#${name} needs ${name === 'each' ? 'a list such as order.items' : 'an object such as order'}; ${what} in ${type} is not one (line ${lineOf(block)})`,
        { variable: what, line: lineOf(block) },
      );
    }
    const item = shape.kind === 'list' ? shape.item : (shape as ObjectShape);
    const params = new Map<string, Shape | 'index'>();
    const [first, second] = block.program?.blockParams ?? [];
    if (first) params.set(first, item);
    if (second) params.set(second, 'index');
    inner = { shape: item, parent: scope, params, inEach: name === 'each' || scope.inEach };
  }
  if (block.program) walkProgram(block.program, inner, type);
  if (block.inverse) walkProgram(block.inverse, scope, type);
}

/** Checks a helper call (name, arity, hash keys, arguments); returns the helper's name. */
function checkCall(path: Path, params: Expression[], hash: hbs.AST.Hash | undefined, block: boolean, scope: Scope, type: EventType): string {
  const name = simpleName(path) ?? path.original;
  const spec = helperSpec(name);
  const line = lineOf(path);
  if (!spec)
    throw new TemplateError(
      'template_helper',
      `unknown ${block ? 'block ' : ''}helper ${name} in ${type} at line ${line}${block ? ' (blocks: #if, #unless, #each, #with, #fitParts)' : ''}`,
      { variable: name, line },
    );
  if (spec.block !== block)
    throw new TemplateError('template_helper', `${name} is ${spec.block ? 'a block helper' : 'not a block helper'} (line ${line}): ${spec.usage}`, {
      variable: name,
      line,
    });
  if (params.length < spec.minParams || params.length > spec.maxParams) {
    throw new TemplateError(
      'template_helper',
      `${name} takes ${spec.minParams === spec.maxParams ? spec.minParams : `${spec.minParams}–${spec.maxParams}`} argument(s), got ${params.length} (line ${line}): ${spec.usage}`,
      { variable: name, line },
    );
  }
  for (const pair of hash?.pairs ?? []) {
    if (!spec.hash.includes(pair.key))
      throw new TemplateError('template_helper', `${name} has no option ${pair.key} (line ${line}; options: ${spec.hash.join(', ') || 'none'})`, {
        variable: `${name} ${pair.key}`,
        line,
      });
    checkExpression(pair.value, scope, type);
  }
  for (const param of params) checkExpression(param, scope, type);
  return name;
}

function checkExpression(expr: Expression, scope: Scope, type: EventType): void {
  if (expr.type === 'PathExpression') return checkPath(expr as Path, scope, type);
  if (expr.type === 'SubExpression') {
    const sub = expr as hbs.AST.SubExpression;
    if ((sub.path as Node).type !== 'PathExpression') throw syntax(type, `expected a helper, got ${describe(sub.path)}`, lineOf(expr));
    checkCall(sub.path as Path, sub.params, sub.hash, false, scope, type);
  }
  // String, number, boolean, undefined and null literals need no check.
}

function checkPath(path: Path, scope: Scope, type: EventType): void {
  if (shapeOfPath(path, scope) !== undefined) return;
  const target = up(scope, path.depth) ?? rootOf(scope);
  const known = path.data ? ['@root.…', ...(scope.inEach ? ['@index', '@first', '@last'] : [])] : [...target.params.keys(), ...flatten(target.shape, '')];
  const line = lineOf(path);
  throw new TemplateError(
    'template_variable',
    `unknown variable ${path.original} in ${type} at line ${line} (known${target.parent ? ' here' : ''}: ${known.join(', ')})`,
    { variable: path.original, line },
  );
}

/** The shape a path names from `scope`, or undefined when it names nothing known. */
function shapeOfPath(path: Path, scope: Scope): Shape | 'index' | undefined {
  const parts = path.parts;
  if (path.data) {
    const [head, ...rest] = parts;
    if (head === 'root') return resolve(rootOf(scope).shape, rest);
    return head !== undefined && rest.length === 0 && DATA_IN_EACH.has(head) && scope.inEach ? 'index' : undefined;
  }
  const target = up(scope, path.depth);
  if (!target) return undefined;
  if (parts.length === 0) return target.shape; // {{this}}, {{.}}, {{..}}
  const [head, ...rest] = parts as [string, ...string[]];
  if (path.depth === 0 && !/^(\.|this\b)/.test(path.original)) {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const bound = s.params.get(head);
      if (bound === 'index') return rest.length === 0 ? 'index' : undefined;
      if (bound) return rest.length === 0 ? bound : bound.kind === 'object' ? resolve(bound, rest) : undefined;
    }
  }
  return resolve(target.shape, parts);
}

function up(scope: Scope, depth: number): Scope | undefined {
  let s: Scope | undefined = scope;
  for (let i = 0; i < depth && s; i++) s = s.parent;
  return s;
}

function rootOf(scope: Scope): Scope {
  let s = scope;
  while (s.parent) s = s.parent;
  return s;
}

/** `money` in `{{money …}}`; undefined for `a.b`, `../a`, `this.a`, `@a`. */
function simpleName(path: Path): string | undefined {
  return !path.data && path.depth === 0 && path.parts.length === 1 && path.original === path.parts[0] ? path.parts[0] : undefined;
}

function describe(node: Node): string {
  const original = (node as { original?: unknown }).original;
  return original === undefined ? node.type : `${node.type} ${JSON.stringify(original)}`;
}

function lineOf(node: Node): number {
  return node.loc?.start.line ?? 1;
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function syntax(type: EventType, reason: string, line: number | undefined, cause?: unknown): TemplateError {
  const where = line === undefined ? '' : ` at line ${line}`;
  return new TemplateError('template_syntax', `syntax error in the template for ${type}${where}: ${reason}`, {
    ...(line === undefined ? {} : { line }),
    cause,
  });
}

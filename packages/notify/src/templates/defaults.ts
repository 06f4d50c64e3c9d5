// The default templates: `<dir>/<language>/<event>.hbs`, front matter then a Handlebars body. Read and checked once.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES } from '../events/schema.js';
import type { EventType } from '../events/schema.js';
import { messageClassOf } from '../events/message-class.js';
import type { MessageClass } from '../events/message-class.js';
import { isTemplateError, TemplateError } from './template-error.js';
import type { TemplateLanguage } from './types.js';
import { normalizeBody, validateTemplate } from './validate.js';

export const LANGUAGES: readonly TemplateLanguage[] = ['tr', 'en'];

export interface DefaultTemplate {
  eventType: EventType;
  language: TemplateLanguage;
  messageClass: MessageClass;
  description: string;
  body: string;
  /** Where it came from (`tr/order.created.hbs` for in-memory defaults). */
  file: string;
}

export interface DefaultSources {
  /** Folder holding `<language>/<event>.hbs`. */
  dir: string;
  /** Read the folder (default true). */
  fromDisk: boolean;
  /** Files by relative path (`tr/order.created.hbs`); they win over the folder. */
  files: Readonly<Record<string, string>> | undefined;
}

export const defaultKey = (eventType: string, language: string): string => `${language}/${eventType}`;

/**
 * Loads every default (each event type × language): a missing file, a stray `.hbs` with no event type,
 * bad front matter or a body that fails validation is a {@link TemplateError} naming the file.
 */
export function loadDefaults(sources: DefaultSources): Map<string, DefaultTemplate> {
  const defaults = new Map<string, DefaultTemplate>();
  const known = new Set(EVENT_TYPES.map((type) => `${type}.hbs`));
  for (const language of LANGUAGES) {
    if (sources.fromDisk) {
      const folder = join(sources.dir, language);
      const stray = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.hbs') && !known.has(name)) : [];
      if (stray.length > 0)
        throw new TemplateError(
          'template_missing',
          `${join(folder, stray[0] as string)}: no event type is called ${stray[0]?.slice(0, -4)} (known: ${EVENT_TYPES.join(', ')})`,
          { file: join(folder, stray[0] as string) },
        );
    }
    for (const eventType of EVENT_TYPES) {
      const relative = `${language}/${eventType}.hbs`;
      const inline = sources.files?.[relative];
      const file = inline === undefined ? join(sources.dir, relative) : relative;
      let source = inline;
      if (source === undefined && sources.fromDisk) {
        try {
          source = readFileSync(file, 'utf8');
        } catch (error) {
          throw new TemplateError('template_missing', `${file}: cannot read the default template for ${eventType} (${language}): ${(error as Error).message}`, {
            file,
            cause: error,
          });
        }
      }
      if (source === undefined)
        throw new TemplateError('template_missing', `${relative}: no default template for ${eventType} (${language})`, { file: relative });
      defaults.set(defaultKey(eventType, language), parseDefault(source, file, eventType, language));
    }
  }
  return defaults;
}

/**
 * Parses one default file:
 * ```
 * ---
 * class: transactional
 * description: Sent when …
 * ---
 * {{store.name}}: …
 * ```
 * `class` must be the event type's class; `description` must not be empty; no other key is allowed.
 */
export function parseDefault(source: string, file: string, eventType: EventType, language: TemplateLanguage): DefaultTemplate {
  const text = normalizeBody(source.replace(/^\uFEFF/, ''));
  const bad = (reason: string, line?: number) =>
    new TemplateError('template_front_matter', `${file}: ${reason}`, { file, ...(line === undefined ? {} : { line }) });
  if (!text.startsWith('---\n')) throw bad('must start with front matter (---, class: …, description: …, ---)', 1);
  const end = text.indexOf('\n---', 3);
  if (end < 0 || (text[end + 4] !== undefined && text[end + 4] !== '\n')) throw bad('the front matter is not closed by a --- line');
  const fields = new Map<string, string>();
  const lines = text.slice(4, end).split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const match = /^([A-Za-z]+):\s*(.*)$/.exec(line);
    if (!match) throw bad(`line ${index + 2} is not "key: value"`, index + 2);
    const [, key = '', value = ''] = match;
    if (key !== 'class' && key !== 'description') throw bad(`unknown front matter key ${key} (class, description)`, index + 2);
    if (fields.has(key)) throw bad(`${key} is given twice`, index + 2);
    fields.set(key, value.trim().replace(/^(["'])(.*)\1$/, '$2'));
  });
  const messageClass = fields.get('class');
  const expected = messageClassOf(eventType);
  if (messageClass !== expected)
    throw bad(messageClass === undefined ? `class is missing (${expected})` : `class ${messageClass} is wrong: ${eventType} is ${expected}`);
  const description = fields.get('description') ?? '';
  if (description === '') throw bad('description is missing');
  const body = text.slice(end + 4).trim();
  try {
    validateTemplate(body, eventType);
  } catch (error) {
    if (!isTemplateError(error)) throw error;
    const bodyLine = error.line === undefined ? undefined : error.line + lines.length + 2;
    throw new TemplateError(error.code, `${file}: ${error.message}`, {
      file,
      ...(error.variable === undefined ? {} : { variable: error.variable }),
      ...(bodyLine === undefined ? {} : { line: bodyLine }),
      cause: error,
    });
  }
  return { eventType, language, messageClass: expected, description, body, file };
}

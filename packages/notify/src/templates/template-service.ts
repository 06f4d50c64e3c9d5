// createTemplateService: defaults from disk, per-store overrides in the outbox store, one isolated Handlebars.
import { segments } from '@esemes/core';
import { foldWithReport } from '@esemes/segments';
import { templatesDir as packagedTemplatesDir } from '@esemes/templates';
import Handlebars from 'handlebars';
import { EVENT_TYPES, FIELD_LIMITS } from '../events/schema.js';
import type { MessageEvent, EventType } from '../events/schema.js';
import { messageClassOf } from '../events/message-class.js';
import type { OutboxStore, TemplateOverride } from '../outbox/types.js';
import { renderContext } from './context.js';
import { defaultKey, LANGUAGES, loadDefaults } from './defaults.js';
import type { DefaultTemplate } from './defaults.js';
import { boundRuntime } from './bound-runtime.js';
import { createHelpers, HELPER_NAMES } from './helpers.js';
import { boundedEach, outputTooLong, renderBudget } from './render-budget.js';
import { sampleEvent } from './sample-events.js';
import { isTemplateError, TemplateError } from './template-error.js';
import type { PreviewResult, RenderSettings, TemplateInfo, TemplateLanguage, TemplateService } from './types.js';
import { normalizeBody, validateTemplate } from './validate.js';
import { variablesOf } from './variables.js';

/** The part of the outbox store the service needs (the engine passes the whole store). */
export type TemplateOverrideStore = Pick<OutboxStore, 'getTemplateOverride' | 'listTemplateOverrides' | 'putTemplateOverride' | 'deleteTemplateOverride'>;

export interface TemplateServiceOptions {
  /** Where store overrides live. */
  overrides: TemplateOverrideStore;
  /** Folder of the defaults (`<language>/<event>.hbs`); default: the @esemes/templates package. */
  templatesDir?: string;
  /** Read the defaults from `templatesDir` (default true). With false, every default must be in `defaults`. */
  defaultsFromDisk?: boolean;
  /** Default files by relative path (`tr/order.created.hbs` → file text); they win over the folder. */
  defaults?: Readonly<Record<string, string>>;
  /** Clock for `updatedAt` and the override cache (epoch ms). */
  now?: () => number;
  /**
   * How long render() may reuse an override it read (default 5000 ms; 0 reads the store every time).
   * An edit through this service applies at once; one made by another server instance sharing the
   * database, within this time.
   */
  overrideCacheMs?: number;
  /**
   * A store's part cap and transliteration (the engine passes its store settings service, so this may be
   * async); default 2 parts, `latin`.
   */
  settingsFor?: (storeId: string | undefined) => RenderSettings | Promise<RenderSettings>;
}

export const DEFAULT_RENDER_SETTINGS: Readonly<RenderSettings> = Object.freeze({ maxParts: 2, transliterate: 'latin' });

/** One render: the text as it will be sent, and what was done to it on the way. */
interface Rendered {
  text: string;
  notes: string[];
  folded: Array<{ from: string; to: string }>;
  /** The text before transliteration. */
  unfolded: string;
}

type Compiled = Handlebars.TemplateDelegate;
interface Prepared {
  source: string;
  strict: Compiled;
  lenient: Compiled | undefined;
}
/** What renders for a store, event type and language: its valid override's template, else the default's. */
interface Current {
  prepared: Prepared;
  override: TemplateOverride | undefined;
}

const CACHE_LIMIT = 1000;
const KNOWN_HELPERS = Object.fromEntries([...HELPER_NAMES, 'if', 'unless', 'each', 'with'].map((name) => [name, true]));
/** SMS is not HTML: no escaping. Only our helpers exist (validation already refused any other). */
const COMPILE = { noEscape: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true } as const;

/**
 * Builds the template service. Reads and checks every default once, now: a malformed default throws a
 * {@link TemplateError} naming the file.
 * @example
 * const templates = createTemplateService({ overrides: store });
 * await templates.put('demo', 'order.created', 'tr', '{{store.name}}: {{order.number}} alındı.');
 * const text = await templates.render(event, 'tr');
 */
export function createTemplateService(options: TemplateServiceOptions): TemplateService {
  const overrides = options.overrides;
  const now = options.now ?? Date.now;
  const defaults = loadDefaults({ dir: options.templatesDir ?? packagedTemplatesDir, fromDisk: options.defaultsFromDisk ?? true, files: options.defaults });
  const hb = Handlebars.create();
  hb.unregisterHelper('lookup');
  hb.unregisterHelper('log');
  for (const [name, helper] of Object.entries(createHelpers())) hb.registerHelper(name, helper);
  hb.registerHelper('each', boundedEach);
  const runTemplate = boundRuntime(hb);
  const settingsFor = async (storeId: string | undefined): Promise<RenderSettings> => ({
    ...DEFAULT_RENDER_SETTINGS,
    ...(await options.settingsFor?.(storeId)),
  });
  const cache = new Map<string, Prepared | TemplateError>();
  const overrideCacheMs = options.overrideCacheMs ?? 5000;
  if (!Number.isFinite(overrideCacheMs) || overrideCacheMs < 0)
    throw new TypeError(`templates: overrideCacheMs must be a number ≥ 0, got ${String(options.overrideCacheMs)}`);
  // Rendering is on the accept path: what a render needs besides the event (the store's override, one store
  // read for a row that rarely changes, and its compiled template or the default's) is kept per store, event
  // type and language. Misses are cached too (most stores keep the defaults).
  const resolved = new Map<string, { found: Current; readAt: number }>();

  async function cachedCurrent(storeId: string, eventType: EventType, language: TemplateLanguage): Promise<Current> {
    if (overrideCacheMs === 0) return current(storeId, eventType, language);
    const key = `${storeId}\n${eventType}\n${language}`;
    const hit = resolved.get(key);
    const at = now();
    if (hit && at - hit.readAt < overrideCacheMs) return hit.found;
    const found = await current(storeId, eventType, language);
    if (resolved.size >= CACHE_LIMIT) resolved.delete(resolved.keys().next().value as string);
    resolved.set(key, { found, readAt: at });
    return found;
  }
  const forgetOverride = (storeId: string, eventType: EventType, language: TemplateLanguage): void => {
    resolved.delete(`${storeId}\n${eventType}\n${language}`);
  };

  /** Validates and compiles; cached (refusals too) by event type and body: an edited override is a new body. */
  function prepare(body: string, eventType: EventType): Prepared {
    const key = `${eventType}\n${body}`;
    let entry = cache.get(key);
    if (!entry) {
      try {
        validateTemplate(body, eventType);
        // Handlebars compiles lazily, at the first render: compile now so that every problem shows at save.
        hb.precompile(body, { ...COMPILE, strict: true });
        entry = { source: body, strict: hb.compile(body, { ...COMPILE, strict: true }), lenient: undefined };
      } catch (error) {
        entry = isTemplateError(error)
          ? error
          : new TemplateError('template_syntax', `the template for ${eventType} does not compile: ${(error as Error).message}`, { cause: error });
      }
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
      cache.set(key, entry);
    }
    if (entry instanceof TemplateError) throw entry;
    return entry;
  }

  /**
   * Strict at save, lenient at render: the context has every declared key, so strict mode only trips on an
   * absent parent (an unguarded `{{order.number}}` in a cart without order); then the body renders again
   * without strict mode and the missing value prints as ''.
   */
  function run(prepared: Prepared, event: MessageEvent, language: TemplateLanguage, optOutLink: boolean, settings: RenderSettings, report = true): Rendered {
    const context = renderContext(event, language);
    const turkish = settings.transliterate === 'turkish';
    // The fitting folds the block to count it; the whole output is usually that same block: fold it once.
    let foldedFrom: string | undefined;
    let foldedTo = '';
    const fold =
      settings.transliterate === 'none'
        ? (text: string) => text
        : (text: string) => {
            if (text !== foldedFrom) {
              foldedTo = foldWithReport(text, { turkish }).text;
              foldedFrom = text;
            }
            return foldedTo;
          };
    const attempt = (template: Compiled): { output: string; notes: string[] } => {
      // A fresh budget and notes per attempt: the lenient rerun starts over.
      const notes: string[] = [];
      const budget = renderBudget(settings.maxParts, event.type === 'message.custom' ? FIELD_LIMITS.customBody : 0);
      const output = runTemplate(template, context, { optOutLink, maxParts: settings.maxParts, fold, notes, budget }).trim();
      if (output.length > budget.maxChars) throw outputTooLong(budget.maxChars, `has ${output.length} characters`);
      return { output, notes };
    };
    let result: { output: string; notes: string[] };
    try {
      result = attempt(prepared.strict);
    } catch (error) {
      // Over budget is final; anything else is strict mode tripping over an absent parent (see above).
      if (isTemplateError(error)) throw error;
      prepared.lenient ??= hb.compile(prepared.source, COMPILE);
      result = attempt(prepared.lenient);
    }
    // render() needs only the text (the fold above, reused); preview() also lists what was folded.
    const folded =
      settings.transliterate === 'none'
        ? { text: result.output, folded: [] }
        : report
          ? foldWithReport(result.output, { turkish })
          : { text: fold(result.output), folded: [] };
    return { text: folded.text, notes: result.notes, folded: folded.folded, unfolded: result.output };
  }
  // The defaults never change while the service lives: their compiled form is kept by template, so a render
  // with no override does not build the cache key (event type + the whole body) every time.
  const preparedDefaults = new WeakMap<DefaultTemplate, Prepared>();
  function prepareDefault(template: DefaultTemplate): Prepared {
    let prepared = preparedDefaults.get(template);
    if (!prepared) {
      prepared = prepare(template.body, template.eventType);
      preparedDefaults.set(template, prepared);
    }
    return prepared;
  }
  function defaultOf(eventType: EventType, language: TemplateLanguage): DefaultTemplate {
    checkTarget(eventType, language);
    return defaults.get(defaultKey(eventType, language)) as DefaultTemplate;
  }

  function info(template: DefaultTemplate, override: TemplateOverride | undefined): TemplateInfo {
    return {
      eventType: template.eventType,
      language: template.language,
      messageClass: template.messageClass,
      description: template.description,
      source: override ? 'override' : 'default',
      body: override ? override.body : template.body,
      variables: variablesOf(template.eventType),
    };
  }

  /** The store's override when it is still valid, else the default (a stored override edited by hand may not be). */
  async function current(storeId: string | undefined, eventType: EventType, language: TemplateLanguage): Promise<Current> {
    const fallback = defaultOf(eventType, language);
    const override = storeId === undefined ? undefined : await overrides.getTemplateOverride(storeId, eventType, language);
    if (override) {
      try {
        return { prepared: prepare(override.body, eventType), override };
      } catch {
        // An invalid stored override never blocks a message: the default applies.
      }
    }
    return { prepared: prepareDefault(fallback), override: undefined };
  }

  return {
    async list(storeId) {
      const stored = storeId === undefined ? [] : await overrides.listTemplateOverrides(storeId);
      const byKey = new Map(stored.filter((o) => o.storeId === storeId).map((o) => [defaultKey(o.eventType, o.language), o]));
      return LANGUAGES.flatMap((language) => EVENT_TYPES.map((eventType) => info(defaultOf(eventType, language), byKey.get(defaultKey(eventType, language)))));
    },

    async get(storeId, eventType, language) {
      const template = defaultOf(eventType, language);
      const override = storeId === undefined ? undefined : await overrides.getTemplateOverride(storeId, eventType, language);
      return info(template, override);
    },

    async put(rawStoreId, eventType, language, body) {
      const template = defaultOf(eventType, language);
      // Bounded and trimmed as an event's store.id (FIELD_LIMITS.id, 200): an override under any other id would never apply.
      const storeId = typeof rawStoreId === 'string' ? rawStoreId.trim() : '';
      if (storeId === '' || storeId.length > 200)
        throw new TypeError(`templates.put: storeId must be 1–200 characters after trimming, as an event's store.id (got ${storeId.length})`);
      if (typeof body !== 'string') throw new TemplateError('template_empty', `the template for ${eventType} must be a string`);
      const normalized = normalizeBody(body);
      prepare(normalized, eventType);
      const override: TemplateOverride = { storeId, eventType, language, body: normalized, updatedAt: now() };
      await overrides.putTemplateOverride(override);
      forgetOverride(storeId, eventType, language);
      return info(template, override);
    },

    async delete(storeId, eventType, language) {
      checkTarget(eventType, language);
      const deleted = await overrides.deleteTemplateOverride(storeId, eventType, language);
      forgetOverride(storeId, eventType, language);
      return deleted;
    },

    async preview(input): Promise<PreviewResult> {
      const { eventType, language } = input;
      defaultOf(eventType, language);
      if (input.event && input.event.type !== eventType) throw new TypeError(`templates.preview: the event is ${input.event.type}, not ${eventType}`);
      const event = input.event ?? sampleEvent(eventType, language, input.storeId);
      const prepared = input.body === undefined ? (await current(input.storeId, eventType, language)).prepared : prepare(normalizeBody(input.body), eventType);
      const optOutLink = input.optOutLink ?? messageClassOf(eventType) === 'commercial';
      const settings = await settingsFor(input.storeId);
      const rendered = run(prepared, event, language, optOutLink, settings);
      const counted = segments(rendered.text, { optOutLink });
      const notes = [...rendered.notes];
      if (counted.parts > settings.maxParts)
        notes.push(`${counted.parts} SMS parts is more than this store's maxParts (${settings.maxParts}): the engine would refuse this message`);
      return {
        text: rendered.text,
        segments: counted,
        credits: counted.parts,
        maxParts: settings.maxParts,
        withinMaxParts: counted.parts <= settings.maxParts,
        notes,
        folded: rendered.folded,
        partsUnfolded: segments(rendered.unfolded, { optOutLink }).parts,
      };
    },

    async render(event, language, given) {
      const { prepared, override } = await cachedCurrent(event.store.id, event.type, language);
      const optOutLink = messageClassOf(event.type) === 'commercial';
      const settings = given ? { ...DEFAULT_RENDER_SETTINGS, ...given } : await settingsFor(event.store.id);
      if (!override) return run(prepared, event, language, optOutLink, settings, false).text;
      try {
        return run(prepared, event, language, optOutLink, settings, false).text;
      } catch {
        // A stored override that fails (or runs over budget) for this event never blocks it: the default applies.
        return run(prepareDefault(defaultOf(event.type, language)), event, language, optOutLink, settings, false).text;
      }
    },
  };
}

function checkTarget(eventType: EventType, language: TemplateLanguage): void {
  if (!EVENT_TYPES.includes(eventType))
    throw new TemplateError('template_not_found', `no template for event type ${String(eventType)} (known: ${EVENT_TYPES.join(', ')})`);
  if (!LANGUAGES.includes(language)) throw new TemplateError('template_not_found', `no templates in language ${String(language)} (tr, en)`);
}

// Templates: per store, event and language, an editor whose preview follows the typing (htmx posts the
// body; the answer is the preview fragment): the text with the characters that cost more highlighted,
// encoding, parts, what is left in the part, credits, the saving of transliteration, errors with their
// line. Save, reset to the default, and a test SMS of the saved template to a number.
import { randomUUID } from 'node:crypto';
import { normalizeTurkishMobile } from '@esemes/core';
import {
  EVENT_TYPES,
  isTemplateError,
  MAX_BODY_LENGTH,
  messageClassOf,
  sampleEvent,
  type EventType,
  type PreviewResult,
  type TemplateLanguage,
} from '@esemes/notify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DashboardContext } from '../context.js';
import type { Language } from '../i18n.js';
import { t } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { charactersOf, highlight } from '../highlight.js';

/** The store the editor opens when no store is known yet: a test SMS works before any store connects. */
export const DEMO_STORE = 'demo';
const LANGUAGES: readonly TemplateLanguage[] = ['tr', 'en'];
const MAX_STORE_ID = 200;

interface Target {
  storeId: string;
  eventType: EventType;
  language: TemplateLanguage;
}

export async function templateRoutes(app: FastifyInstance, context: DashboardContext): Promise<void> {
  const { options } = context;
  const { templates } = options.notifier;

  /** The stores to pick from: the platforms', those with events or settings; `demo` when there is none. */
  async function knownStores(): Promise<Array<{ id: string; name: string }>> {
    const named = new Map<string, string>();
    for (const panel of options.panels()) {
      for (const store of await panel.stores().catch(() => [])) named.set(store.id, store.name);
    }
    for (const id of await options.notifier.storeIds({ limit: 1_000 })) if (!named.has(id)) named.set(id, id);
    for (const saved of await options.notifier.storeSettings.list()) if (!named.has(saved.storeId)) named.set(saved.storeId, saved.storeId);
    if (named.size === 0) named.set(DEMO_STORE, DEMO_STORE);
    return [...named].map(([id, name]) => ({ id, name }));
  }

  /** The target of a request (query or form), or undefined when it names no store, event or language we have. */
  function targetOf(source: Record<string, unknown>, fallbackStore: string | undefined): Target | undefined {
    const rawStore = typeof source['store'] === 'string' ? source['store'].trim() : '';
    const storeId = rawStore !== '' ? rawStore : fallbackStore;
    const eventType = (typeof source['event'] === 'string' ? source['event'] : 'order.created') as EventType;
    const language = (typeof source['language'] === 'string' ? source['language'] : 'tr') as TemplateLanguage;
    if (storeId === undefined || storeId.length > MAX_STORE_ID || !EVENT_TYPES.includes(eventType) || !LANGUAGES.includes(language)) return undefined;
    return { storeId, eventType, language };
  }

  async function editorPage(request: FastifyRequest, reply: FastifyReply, target: Target, edited?: { body: string; status: number }, testNumber = '') {
    const language = context.languageOf(request);
    const stores = await knownStores();
    if (!stores.some((store) => store.id === target.storeId)) stores.push({ id: target.storeId, name: target.storeId });
    const list = await templates.list(target.storeId);
    const current = await templates.get(target.storeId, target.eventType, target.language);
    const body = edited?.body ?? current.body;
    const preview = await previewView(target, body, language);
    return context.page(
      request,
      reply,
      'templates',
      { title: context.text(request, 'templates.title'), nav: 'templates' },
      {
        target,
        stores: stores.map((store) => ({ ...store, selected: store.id === target.storeId })),
        events: EVENT_TYPES.map((type) => ({
          type,
          languages: LANGUAGES.map((lang) => {
            const info = list.find((entry) => entry.eventType === type && entry.language === lang);
            return { language: lang, source: info?.source ?? 'default', current: type === target.eventType && lang === target.language };
          }),
        })),
        current,
        body,
        maxBody: MAX_BODY_LENGTH,
        preview,
        testNumber,
        commercial: current.messageClass === 'commercial',
      },
      edited?.status ?? 200,
    );
  }

  /** The preview's data: the engine's own rendering and counting, or the template's error in the shop owner's words. */
  async function previewView(target: Target, body: string, language: Language) {
    let result: PreviewResult;
    try {
      result = await templates.preview({ storeId: target.storeId, eventType: target.eventType, language: target.language, body });
    } catch (error) {
      if (!isTemplateError(error)) throw error;
      return { error: templateErrorText(error, language), line: error.line, variable: error.variable };
    }
    const { segments } = result;
    const marked = highlight(result.text);
    return {
      text: result.text,
      marked,
      turkishChars: charactersOf(marked, 'turkish'),
      ucs2Chars: charactersOf(marked, 'ucs2'),
      commercial: messageClassOf(target.eventType) === 'commercial',
      encoding: segments.encoding,
      parts: segments.parts,
      characters: segments.characters,
      remaining: segments.remaining,
      perPart: segments.perPart,
      credits: result.credits,
      maxParts: result.maxParts,
      withinMaxParts: result.withinMaxParts,
      // The part limit has its own line in the shop owner's language; the engine's other notes say what the fitting did.
      notes: result.notes.filter((note) => !/maxParts/.test(note)),
      folded: result.folded.length > 0 ? [...new Map(result.folded.map((fold) => [fold.from, fold])).values()] : undefined,
      saved: result.partsUnfolded - result.credits,
      partsUnfolded: result.partsUnfolded,
    };
  }

  app.get('/templates', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const stores = await knownStores();
    const target = targetOf(query, stores[0]?.id);
    if (!target) return reply.callNotFound();
    return editorPage(request, reply, target);
  });

  // htmx: the preview of what is being typed (nothing is saved).
  app.post('/templates/preview', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const target = targetOf(body, undefined);
    if (!target) return reply.code(400).type('text/html; charset=utf-8').send(context.text(request, 'templates.badTarget'));
    const text = typeof body['body'] === 'string' ? body['body'] : '';
    const language = context.languageOf(request);
    const preview = await previewView(target, text, language);
    return reply
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(context.views.fragment('preview', { language, timeZone: options.timeZone }, { preview, target }));
  });

  app.post('/templates/save', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const target = targetOf(body, undefined);
    if (!target) return reply.callNotFound();
    const text = typeof body['body'] === 'string' ? body['body'] : '';
    try {
      await templates.put(target.storeId, target.eventType, target.language, text);
    } catch (error) {
      if (!isTemplateError(error)) throw error;
      // The page again with what was typed and the error in the preview: nothing is lost.
      return editorPage(request, reply, target, { body: text, status: 422 });
    }
    request.log.info({ storeId: target.storeId, eventType: target.eventType, language: target.language }, 'dashboard: template saved');
    return context.redirect(request, reply, editorUrl(target), { kind: 'ok', key: 'templates.saved' });
  });

  app.post('/templates/reset', async (request, reply) => {
    const target = targetOf((request.body ?? {}) as Record<string, unknown>, undefined);
    if (!target) return reply.callNotFound();
    await templates.delete(target.storeId, target.eventType, target.language);
    return context.redirect(request, reply, editorUrl(target), { kind: 'ok', key: 'templates.resetDone' });
  });

  // A test SMS: the sample event of this type for this store, to the number typed, through the whole
  // engine (consent, settings, template, outbox, provider). Platform `custom`: no adapter writes it back.
  app.post('/templates/test', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const target = targetOf(body, undefined);
    if (!target) return reply.callNotFound();
    const number = typeof body['number'] === 'string' ? body['number'].trim().slice(0, 100) : '';
    const phone = normalizeTurkishMobile(number);
    if (!phone.ok) {
      request.session.flash = { kind: 'error', text: context.text(request, 'templates.testRefused', { reason: context.text(request, 'form.phone') }) };
      return editorPage(request, reply, target, { body: (await templates.get(target.storeId, target.eventType, target.language)).body, status: 422 }, number);
    }
    const sample = sampleEvent(target.eventType, target.language, target.storeId);
    // The store's own name where a platform knows it, so the test reads like the real message.
    const known = (await knownStores()).find((store) => store.id === target.storeId && store.name !== store.id);
    const event = {
      ...sample,
      ...(known ? { store: { ...sample.store, name: known.name.slice(0, 100) } } : {}),
      idempotencyKey: `dashboard-test:${randomUUID()}`,
      occurredAt: new Date(options.clock()).toISOString(),
      ...(sample.type === 'admin.order.created' ? { adminPhones: [phone.number] } : { customer: { ...sample.customer, phones: [phone.number] } }),
    };
    let outcome;
    try {
      outcome = await options.notifier.accept(event);
    } catch (error) {
      // The engine's refusals (a message over the store's part limit, …) are the shop owner's to read.
      if (!(error instanceof Error) || typeof (error as { code?: unknown }).code !== 'string' || error.name === 'Error') throw error;
      return context.redirect(request, reply, editorUrl(target), {
        kind: 'error',
        key: 'templates.testRefused',
        values: { reason: error.message.slice(0, 300) },
      });
    }
    request.log.info({ storeId: target.storeId, eventType: target.eventType, messages: outcome.messageIds.length }, 'dashboard: test SMS');
    const language = context.languageOf(request);
    if (outcome.messageIds.length === 0) {
      const reason = outcome.skipped.map((skip) => skip.reason).join('; ') || 'no message';
      return context.redirect(request, reply, editorUrl(target), { kind: 'error', key: 'templates.testRefused', values: { reason } });
    }
    const note = options.mode === 'sandbox' ? ` ${t(language, 'templates.testSandbox')}` : '';
    const first = outcome.messageIds[0] as string;
    return context.redirect(request, reply, editorUrl(target), {
      kind: 'ok',
      text: `${t(language, 'templates.testSent', { number: phone.number })}${note}`,
      link: { href: `/messages/${first}`, text: t(language, 'templates.testFollow') },
    });
  });
}

function editorUrl(target: Target): string {
  const query = new URLSearchParams({ store: target.storeId, event: target.eventType, language: target.language });
  return `/templates?${query}`;
}

function templateErrorText(error: { code: string; message: string; variable?: string | undefined; line?: number | undefined }, language: Language): string {
  const key = `templateError.${error.code}` as MessageKey;
  const known = ['template_syntax', 'template_variable', 'template_helper', 'template_empty', 'template_too_long', 'template_output_too_long'].includes(
    error.code,
  );
  const text = known ? t(language, key, { variable: error.variable ?? '', max: MAX_BODY_LENGTH }) : error.message;
  return error.line === undefined ? text : `${t(language, 'templates.errorLine', { line: error.line })}: ${text}`;
}

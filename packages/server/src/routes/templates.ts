// Templates: list, get, put and delete a store's override, and preview. The template service validates
// bodies (a TemplateError names the variable; the error handler answers 422).
import { EVENT_TYPES, FIELD_LIMITS, MessageEventSchema, type EventType, type MessageEvent, type TemplateLanguage } from '@esemes/notify';
import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from '../http-errors.js';
import type { RouteContext } from './context.js';

const LANGUAGES: readonly TemplateLanguage[] = ['tr', 'en'];
/** A store id is bounded as an event's `store.id` is (1–200 characters after trimming): longer ids name no store. */
const STORE_ID_MAX = FIELD_LIMITS.id;

interface TemplateParams {
  eventType: string;
  language: string;
}

function eventTypeOf(value: unknown, path = 'eventType'): EventType {
  if (typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value)) return value as EventType;
  throw new HttpError(
    404,
    'unknown_template',
    `No template for ${path} ${JSON.stringify(String(value).slice(0, 100))}; event types: ${EVENT_TYPES.join(', ')}`,
  );
}

function languageOf(value: unknown): TemplateLanguage {
  if (typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)) return value as TemplateLanguage;
  throw new HttpError(404, 'unknown_template', `No template for language ${JSON.stringify(String(value).slice(0, 20))}; languages: ${LANGUAGES.join(', ')}`);
}

function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new HttpError(400, 'invalid_request', `${path} must be a string`);
  return value;
}

function requiredString(value: unknown, path: string, where: string): string {
  const text = optionalString(value, path);
  if (text === undefined) throw new HttpError(400, 'invalid_request', `${path} is required (${where})`);
  return text;
}

/** A store id, trimmed: 400 when it is blank or longer than an event's `store.id` may be. */
function checkedStoreId(raw: string): string {
  const id = raw.trim();
  if (id === '' || id.length > STORE_ID_MAX)
    throw new HttpError(400, 'invalid_request', `storeId must be 1–${STORE_ID_MAX} characters after trimming, as an event's store.id (got ${id.length})`);
  return id;
}

function optionalStoreId(value: unknown): string | undefined {
  const raw = optionalString(value, 'storeId');
  return raw === undefined ? undefined : checkedStoreId(raw);
}

function requiredStoreId(value: unknown, where: string): string {
  return checkedStoreId(requiredString(value, 'storeId', where));
}

/** Validate a sample event for preview with the canonical schema (422 `invalid_event` like POST /events). */
function sampleEvent(value: unknown, eventType: EventType): MessageEvent {
  const parsed = MessageEventSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
    throw new HttpError(422, 'invalid_event', `invalid event: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, { issues });
  }
  if (parsed.data.type !== eventType) {
    throw new HttpError(422, 'invalid_event', `event.type is ${parsed.data.type} but eventType is ${eventType}`, {
      issues: [{ path: 'type', message: `must be ${eventType}` }],
    });
  }
  return parsed.data;
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'invalid_request', 'The body must be a JSON object');
  return body as Record<string, unknown>;
}

export const templateRoutes: FastifyPluginAsync<RouteContext> = async (app, { notifier }) => {
  const templates = notifier.templates;

  app.get('/templates', async (request) => {
    const storeId = optionalStoreId((request.query as Record<string, unknown>)['storeId']);
    return { templates: await templates.list(storeId) };
  });

  app.get<{ Params: TemplateParams }>('/templates/:eventType/:language', async (request) => {
    const storeId = optionalStoreId((request.query as Record<string, unknown>)['storeId']);
    return templates.get(storeId, eventTypeOf(request.params.eventType), languageOf(request.params.language));
  });

  app.put<{ Params: TemplateParams }>('/templates/:eventType/:language', async (request) => {
    const eventType = eventTypeOf(request.params.eventType);
    const language = languageOf(request.params.language);
    const body = objectBody(request.body);
    const storeId = requiredStoreId(body['storeId'], 'the store whose template this overrides');
    const text = requiredString(body['body'], 'body', 'the Handlebars template');
    return templates.put(storeId, eventType, language, text);
  });

  app.delete<{ Params: TemplateParams }>('/templates/:eventType/:language', async (request) => {
    const eventType = eventTypeOf(request.params.eventType);
    const language = languageOf(request.params.language);
    const storeId = requiredStoreId((request.query as Record<string, unknown>)['storeId'], 'query parameter: the store whose override to remove');
    return { deleted: await templates.delete(storeId, eventType, language) };
  });

  app.post('/templates/preview', async (request) => {
    const body = objectBody(request.body);
    const eventType = eventTypeOf(body['eventType']);
    const language = body['language'] === undefined ? 'tr' : languageOf(body['language']);
    const storeId = optionalStoreId(body['storeId']);
    const text = optionalString(body['body'], 'body');
    const event = body['event'] === undefined || body['event'] === null ? undefined : sampleEvent(body['event'], eventType);
    if (body['optOutLink'] !== undefined && typeof body['optOutLink'] !== 'boolean')
      throw new HttpError(400, 'invalid_request', 'optOutLink must be true or false');
    const preview = await templates.preview({
      eventType,
      language,
      ...(storeId !== undefined ? { storeId } : {}),
      ...(text !== undefined ? { body: text } : {}),
      ...(event !== undefined ? { event } : {}),
      ...(typeof body['optOutLink'] === 'boolean' ? { optOutLink: body['optOutLink'] } : {}),
    });
    return {
      text: preview.text,
      segments: preview.segments,
      credits: preview.credits,
      maxParts: preview.maxParts,
      withinMaxParts: preview.withinMaxParts,
      notes: preview.notes,
      folded: preview.folded,
      partsUnfolded: preview.partsUnfolded,
    };
  });
};

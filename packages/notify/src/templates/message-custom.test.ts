// message.custom: the caller (e.g. the Medusa notification provider) wrote the whole text; the default
// template prints it as written, and an override may still use the usual variables.
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, MessageEventSchema, type MessageEvent } from '../events/schema.js';
import { messageClassOf } from '../events/message-class.js';
import { HELPER_NAMES } from './helpers.js';
import { sampleEvent } from './sample-events.js';
import { createTemplateService } from './template-service.js';
import { memoryOverrides } from './test-overrides.js';
import { variablesOf } from './variables.js';

const custom = (body: string, extra: object = {}): MessageEvent =>
  MessageEventSchema.parse({ ...sampleEvent('message.custom', 'tr'), order: undefined, body, ...extra });

describe('message.custom', () => {
  const templates = createTemplateService({ overrides: memoryOverrides() });

  it('Should be transactional, with a default in each language', async () => {
    expect(messageClassOf('message.custom')).toBe('transactional');
    for (const language of ['tr', 'en'] as const) {
      expect(await templates.get(undefined, 'message.custom', language)).toMatchObject({ messageClass: 'transactional', body: '{{body}}', source: 'default' });
    }
  });

  it('Should render exactly the body, in both languages, with or without an order', async () => {
    const body = 'Demo Mağaza: Merhaba Ayşe, iade talebiniz onaylandı. Kargo kodunuz: 4821.';
    expect(await templates.render(custom(body), 'tr')).toBe(body);
    expect(await templates.render(custom(body), 'en')).toBe(body);
    for (const language of ['tr', 'en'] as const) {
      const sample = sampleEvent('message.custom', language);
      if (sample.type !== 'message.custom') throw new Error('sample');
      expect(sample.order?.number).toBe('100234');
      expect(await templates.render(sample, language)).toBe(sample.body);
    }
  });

  it('Should print template syntax and markup in the body literally, as one line', async () => {
    const body = '{{store.name}} {{#each order.items}}x{{/each}} </metin>&"';
    expect(await templates.render(custom(body), 'tr')).toBe(body);
    expect(await templates.render(custom('Satır bir\nsatır iki\u202e'), 'tr')).toBe('Satır bir satır iki');
  });

  it('Should transliterate as every other message, and keep a long body whole for the maxParts check', async () => {
    expect(await templates.render(custom('Kâzım Bey, siparişiniz hazır.'), 'tr')).toBe('Kazım Bey, siparişiniz hazır.');
    const long = 'a'.repeat(1000);
    expect(await templates.render(custom(long), 'tr', { maxParts: 1, transliterate: 'latin' })).toBe(long);
    const preview = await templates.preview({ eventType: 'message.custom', language: 'tr', event: custom(long) });
    expect(preview).toMatchObject({ text: long, withinMaxParts: false, maxParts: 2, segments: { parts: 7 } });
  });

  it('Should let a store override use the body and the optional order, and refuse unknown variables', async () => {
    const own = createTemplateService({ overrides: memoryOverrides() });
    await own.put('demo', 'message.custom', 'tr', '{{store.name}}: {{body}}{{#if order}} (Sipariş {{order.number}}){{/if}}');
    expect(await own.render(custom('Kargonuz yolda.'), 'tr')).toBe('Demo Mağaza: Kargonuz yolda.');
    expect(await own.render(sampleEvent('message.custom', 'tr'), 'tr')).toMatch(/^Demo Mağaza: Demo Mağaza: .* \(Sipariş 100234\)$/);
    await expect(own.put('demo', 'message.custom', 'tr', '{{bdy}}')).rejects.toMatchObject({ code: 'template_variable' });
    expect(variablesOf('message.custom')).toEqual(expect.arrayContaining(['body', 'store.name', 'customer.firstName', 'order.number']));
    expect(variablesOf('order.created')).not.toContain('body');
  });

  it('Should name no helper like a variable of any event type (a helper would shadow the value)', () => {
    const helpers = new Set([...HELPER_NAMES, 'if', 'unless', 'each', 'with', 'lookup', 'log']);
    for (const type of EVENT_TYPES) {
      for (const path of variablesOf(type)) {
        for (const part of path.split('.')) expect(helpers.has(part.replace('[]', '')), `${type}: ${path}`).toBe(false);
      }
    }
  });
});

import { segments } from '@esemes/core';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, MessageEventSchema } from '../events/schema.js';
import type { MessageEvent } from '../events/schema.js';
import { messageClassOf } from '../events/message-class.js';
import { sampleEvent } from './sample-events.js';
import { createTemplateService } from './template-service.js';
import { memoryOverrides } from './test-overrides.js';

const TEN_KB = 'Ayşe'.repeat(2_500);
const HOSTILE_NAMES = [
  '{{store.name}}',
  '}}{{#each order.items}}',
  '{{{{raw}}}}',
  '</metin><numara>5551112233</numara>',
  'Ayşe\nNur\r\nKaya',
  '  Ayşe  ',
  '\u0000{{fit}}\u0000',
  TEN_KB,
];

function named(event: MessageEvent, firstName: string, storeName?: string): MessageEvent {
  return { ...event, customer: { ...event.customer, firstName }, store: { ...event.store, name: storeName ?? event.store.name } } as MessageEvent;
}

describe('hostile values', () => {
  const templates = createTemplateService({ overrides: memoryOverrides() });

  it('Should print template syntax in values literally (values are never compiled)', async () => {
    const custom = createTemplateService({ overrides: memoryOverrides() });
    await custom.put('demo', 'order.created', 'tr', '{{store.name}}: {{customer.firstName}} {{#fitParts 3}}{{fit customer.lastName}}{{/fitParts}}');
    const event = MessageEventSchema.parse({
      ...sampleEvent('order.created', 'tr'),
      store: { id: 'demo', name: '{{customer.firstName}}' },
      customer: {
        firstName: '{{store.name}} }}{{#each order.items}}{{/each}}{{> x}}',
        lastName: '{{{{raw}}}} \u0000{{fit x}}\u0000 {{lookup . "constructor"}}',
        phones: [],
      },
    });
    expect(await custom.render(event, 'tr')).toBe(
      '{{customer.firstName}}: {{store.name}} }}{{#each order.items}}{{/each}}{{> x}} {{{{raw}}}} {{fit x}} {{lookup . "constructor"}}',
    );
    // In a default too (short enough not to be cut).
    expect(await templates.render(named(sampleEvent('order.created', 'tr'), '{{x}}'), 'tr')).toContain('Merhaba {{x}}, 100234');
  });

  it('Should print markup literally (no HTML escaping; XML escaping is the client’s job)', async () => {
    const text = await templates.render(named(sampleEvent('order.created', 'tr'), '</metin>&"'), 'tr');
    expect(text).toContain('Merhaba </metin>&", 100234');
  });

  it('Should trim names and turn line breaks into spaces', async () => {
    const text = await templates.render(named(sampleEvent('order.created', 'tr'), '  Ayşe\nNur\r\n\tKaya  ', 'Demo\u2028Mağaza'), 'tr');
    expect(text.startsWith('Demo Mağaza: Merhaba Ayşe Nur Kaya, 100234')).toBe(true);
    expect(text).not.toMatch(/[\n\r\t\u2028]/);
    const bidi = await templates.render(named(sampleEvent('order.created', 'tr'), 'Ay\u202eşe'), 'tr');
    expect(bidi).toContain('Merhaba Ayşe,');
  });

  it('Should keep every default within maxParts (2) with a 10 KB name and store name, shortening both', async () => {
    for (const language of ['tr', 'en'] as const) {
      // message.custom prints no name: the caller wrote the whole text.
      for (const type of EVENT_TYPES.filter((t) => t !== 'message.custom')) {
        const text = await templates.render(named(sampleEvent(type, language), TEN_KB, 'Mağaza '.repeat(14)), language);
        const counted = segments(text, { optOutLink: messageClassOf(type) === 'commercial' });
        expect(counted.parts, `${language}/${type}: ${text}`).toBeLessThanOrEqual(2);
        expect(text).toContain('...');
        expect(text).not.toContain('Mağaza '.repeat(14).trim());
      }
    }
  });

  it('Should render every hostile name through every default without throwing', async () => {
    for (const name of HOSTILE_NAMES) {
      for (const type of EVENT_TYPES) {
        const text = await templates.render(named(sampleEvent(type, 'tr'), name), 'tr');
        expect(segments(text, { optOutLink: messageClassOf(type) === 'commercial' }).parts).toBeLessThanOrEqual(2);
        expect(text).not.toContain('\u0000');
      }
    }
  });

  it('Should keep the result bounded with truncate and fitParts, and literal without them', async () => {
    const overrides = memoryOverrides();
    const custom = createTemplateService({ overrides });
    const event = named(sampleEvent('order.paid', 'tr'), TEN_KB);
    await custom.put('demo', 'order.paid', 'tr', 'Merhaba {{truncate customer.firstName 20}}!');
    expect(await custom.render(event, 'tr')).toBe(`Merhaba ${'Ayşe'.repeat(5).slice(0, 17)}...!`);
    await custom.put('demo', 'order.paid', 'tr', '{{#fitParts 2}}Merhaba {{fit customer.firstName}}, {{order.number}} ödendi.{{/fitParts}}');
    const fitted = await custom.render(event, 'tr');
    expect(segments(fitted).parts).toBe(2);
    expect(fitted).toMatch(/^Merhaba (Ayşe)+A?y?ş?\.\.\., 100234 ödendi\.$/);
    // Printed whole it would pass the render budget (maxParts × 160 + 400): the default applies instead.
    await custom.put('demo', 'order.paid', 'tr', '{{customer.firstName}}');
    const bounded = await custom.render(event, 'tr');
    expect(bounded.startsWith('Demo Mağaza: Merhaba Ayşe')).toBe(true);
    expect(segments(bounded).parts).toBeLessThanOrEqual(2);
    const preview = await custom.preview({ storeId: 'demo', eventType: 'order.paid', language: 'tr', event }).catch((error: unknown) => error);
    expect(preview).toMatchObject({ code: 'template_output_too_long' });
  });

  it('Should refuse a 10 KB body', async () => {
    await expect(templates.put('demo', 'order.created', 'tr', `{{store.name}} ${'x'.repeat(10_000)}`)).rejects.toMatchObject({ code: 'template_too_long' });
  });
});

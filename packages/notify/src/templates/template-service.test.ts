import { segments } from '@esemes/core';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, MessageEventSchema } from '../events/schema.js';
import type { MessageEvent, EventType } from '../events/schema.js';
import { sampleEvent } from './sample-events.js';
import { createTemplateService } from './template-service.js';
import { memoryOverrides } from './test-overrides.js';
import type { TemplateLanguage } from './types.js';

function setup() {
  const overrides = memoryOverrides();
  const templates = createTemplateService({ overrides, now: () => 1_700_000_000_000 });
  return { overrides, templates };
}

function forStore(type: EventType, storeId: string, language: TemplateLanguage = 'tr'): MessageEvent {
  return sampleEvent(type, language, storeId);
}

describe('overrides', () => {
  it('Should store, list, render and delete a store override; the default applies again after delete', async () => {
    const { overrides, templates } = setup();
    const before = await templates.render(forStore('order.created', 'demo'), 'tr');

    const info = await templates.put('demo', 'order.created', 'tr', '{{store.name}}: {{order.number}} alındı.\r\nSağ olun!');
    expect(info).toMatchObject({
      source: 'override',
      messageClass: 'transactional',
      eventType: 'order.created',
      language: 'tr',
      body: '{{store.name}}: {{order.number}} alındı.\nSağ olun!',
    });
    expect(info.variables).toContain('customer.firstName');
    expect(overrides.rows.get('demo\norder.created\ntr')).toMatchObject({ updatedAt: 1_700_000_000_000 });

    expect(await templates.get('demo', 'order.created', 'tr')).toMatchObject({ source: 'override' });
    expect(await templates.get('demo', 'order.created', 'en')).toMatchObject({ source: 'default' });
    expect(await templates.get(undefined, 'order.created', 'tr')).toMatchObject({ source: 'default' });
    expect(await templates.render(forStore('order.created', 'demo'), 'tr')).toBe('Demo Mağaza: 100234 alındı.\nSağ olun!');

    const listed = await templates.list('demo');
    expect(listed).toHaveLength(EVENT_TYPES.length * 2);
    expect(listed.filter((t) => t.source === 'override').map((t) => `${t.language}/${t.eventType}`)).toEqual(['tr/order.created']);
    expect((await templates.list()).every((t) => t.source === 'default')).toBe(true);

    expect(await templates.delete('demo', 'order.created', 'tr')).toBe(true);
    expect(await templates.delete('demo', 'order.created', 'tr')).toBe(false);
    expect(await templates.render(forStore('order.created', 'demo'), 'tr')).toBe(before);
    expect(await templates.get('demo', 'order.created', 'tr')).toMatchObject({ source: 'default' });
  });

  it('Should keep stores, events and languages apart', async () => {
    const { templates } = setup();
    await templates.put('shop-a', 'order.paid', 'tr', 'A: {{order.number}}');
    await templates.put('shop-a', 'order.paid', 'en', 'A-en: {{order.number}}');
    expect(await templates.render(forStore('order.paid', 'shop-a'), 'tr')).toBe('A: 100234');
    expect(await templates.render(forStore('order.paid', 'shop-a', 'en'), 'en')).toBe('A-en: 100234');
    expect(await templates.render(forStore('order.paid', 'shop-b'), 'tr')).toContain('ödemesi alındı');
    expect(await templates.render(forStore('order.created', 'shop-a'), 'tr')).toContain('siparişinizi aldık');
    expect((await templates.list('shop-b')).every((t) => t.source === 'default')).toBe(true);
  });

  it('Should fall back to the default when a stored override is broken', async () => {
    const { overrides, templates } = setup();
    await overrides.putTemplateOverride({ storeId: 'demo', eventType: 'order.created', language: 'tr', body: 'Hi {{customer.fristName}', updatedAt: 0 });
    expect(await templates.render(forStore('order.created', 'demo'), 'tr')).toContain('siparişinizi aldık');
  });

  it('Should reuse an override it read for overrideCacheMs, and apply its own edits at once', async () => {
    const overrides = memoryOverrides();
    let clock = 1_700_000_000_000;
    const templates = createTemplateService({ overrides, now: () => clock, overrideCacheMs: 5_000 });
    const event = forStore('order.created', 'demo');
    const byDefault = await templates.render(event, 'tr');
    // Another server instance sharing the database writes an override: seen once the cache entry is old.
    await overrides.putTemplateOverride({ storeId: 'demo', eventType: 'order.created', language: 'tr', body: 'Başka: {{order.number}}', updatedAt: clock });
    expect(await templates.render(event, 'tr')).toBe(byDefault);
    clock += 5_000;
    expect(await templates.render(event, 'tr')).toBe('Başka: 100234');
    // Through this service: at once, both ways.
    await templates.put('demo', 'order.created', 'tr', 'Bizden: {{order.number}}');
    expect(await templates.render(event, 'tr')).toBe('Bizden: 100234');
    await templates.delete('demo', 'order.created', 'tr');
    expect(await templates.render(event, 'tr')).toBe(byDefault);
    expect(() => createTemplateService({ overrides, overrideCacheMs: -1 })).toThrow(/overrideCacheMs/);
  });

  it('Should refuse unknown event types and languages', async () => {
    const { templates } = setup();
    await expect(templates.get('demo', 'order.nope' as EventType, 'tr')).rejects.toMatchObject({ code: 'template_not_found' });
    await expect(templates.put('demo', 'order.created', 'fr' as TemplateLanguage, 'x')).rejects.toMatchObject({ code: 'template_not_found' });
    await expect(templates.put('', 'order.created', 'tr', 'x')).rejects.toThrow(TypeError);
  });
});

describe('environment and variables', () => {
  it('Should register nothing globally', () => {
    setup();
    expect(Object.keys(Handlebars.helpers)).not.toContain('money');
    expect(Object.keys(Handlebars.helpers)).toContain('lookup');
  });

  it('Should list the variables of each event type', async () => {
    const { templates } = setup();
    const shipment = await templates.get(undefined, 'shipment.created', 'tr');
    expect(shipment.variables).toEqual(
      expect.arrayContaining([
        'store.name',
        'customer.firstName',
        'order.number',
        'order.items',
        'order.items[].name',
        'shipment.carrier',
        'shipment.trackingUrl',
        'occurredAt',
        'language',
      ]),
    );
    expect((await templates.get(undefined, 'order.created', 'tr')).variables).not.toContain('shipment.carrier');
    expect((await templates.get(undefined, 'order.status_changed', 'en')).variables).toContain('status.canonical');
    expect((await templates.get(undefined, 'cart.abandoned', 'en')).variables).toEqual(
      expect.arrayContaining(['cart.recoveryUrl', 'cart.reminder', 'order.number']),
    );
  });
});

describe('render is lenient', () => {
  it('Should print an absent optional value as empty, guarded or not', async () => {
    const { templates } = setup();
    await templates.put(
      'demo',
      'order.created',
      'tr',
      '{{store.name}} [{{customer.lastName}}] {{#if order.paymentUrl}}öde: {{order.paymentUrl}}{{else}}-{{/if}}',
    );
    const event = MessageEventSchema.parse({ ...forStore('order.created', 'demo'), customer: { firstName: 'Ayşe', phones: [] } });
    expect(await templates.render(event, 'tr')).toBe('Demo Mağaza [] -');
  });

  it('Should print nothing for order fields of a cart without an order', async () => {
    const { templates } = setup();
    await templates.put('demo', 'cart.abandoned', 'tr', '{{cart.recoveryUrl}} [{{order.number}}] {{#if order}}var{{else}}yok{{/if}}');
    expect(await templates.render(forStore('cart.abandoned', 'demo'), 'tr')).toBe('https://demo-magaza.com/sepet/ab12cd [] yok');
  });
});

describe('preview', () => {
  it('Should render sample data with segments and credits', async () => {
    const { templates } = setup();
    const tr = await templates.preview({ eventType: 'shipment.created', language: 'tr' });
    expect(tr.text).toBe('Demo Mağaza: Merhaba Ayşe, 100234 numaralı siparişiniz kargoya verildi. Yurtiçi Kargo: https://kargotakip.com.tr/1234567890');
    expect(tr.segments).toEqual(segments(tr.text));
    expect(tr).toMatchObject({ credits: 1, maxParts: 2, withinMaxParts: true, notes: [], folded: [], partsUnfolded: 1 });
    const withoutLink = await templates.preview({
      eventType: 'shipment.created',
      language: 'tr',
      event: { ...sampleEvent('shipment.created', 'tr'), shipment: { carrier: 'Aras Kargo', trackingNumber: 'A123' } } as never,
    });
    expect(withoutLink.text).toContain('Aras Kargo takip no: A123');
    const en = await templates.preview({ eventType: 'shipment.created', language: 'en' });
    expect(en.text).toContain('Demo Store: Hello Emma');
  });

  it('Should count the opt-out sentence for commercial messages, unless told otherwise', async () => {
    const { templates } = setup();
    const withLink = await templates.preview({ eventType: 'cart.abandoned', language: 'tr' });
    expect(withLink.text).not.toContain('iptal.biz'); // the provider appends it
    expect(withLink.segments).toEqual(segments(withLink.text, { optOutLink: true }));
    const without = await templates.preview({ eventType: 'cart.abandoned', language: 'tr', optOutLink: false });
    expect(without.segments.units).toBeLessThan(withLink.segments.units);
  });

  it("Should preview a body, an event, and the store's override", async () => {
    const { templates } = setup();
    const body = '{{store.name}}: {{#fitParts 2}}{{fit customer.firstName}}{{/fitParts}} {{money order.total}}';
    expect((await templates.preview({ eventType: 'order.paid', language: 'tr', body })).text).toBe('Demo Mağaza: Ayşe 1.249,90 TL');
    const event = MessageEventSchema.parse({ ...sampleEvent('order.paid', 'tr'), customer: { firstName: 'Mehmet', phones: [] } });
    expect((await templates.preview({ eventType: 'order.paid', language: 'tr', body, event })).text).toBe('Demo Mağaza: Mehmet 1.249,90 TL');
    await templates.put('demo', 'order.paid', 'tr', 'Özel: {{order.number}}');
    expect((await templates.preview({ storeId: 'demo', eventType: 'order.paid', language: 'tr' })).text).toBe('Özel: 100234');
    expect((await templates.preview({ storeId: 'other', eventType: 'order.paid', language: 'tr' })).text).toContain('ödemesi alındı');
    await expect(templates.preview({ eventType: 'order.paid', language: 'tr', body: '{{order.totl}}' })).rejects.toMatchObject({
      code: 'template_variable',
      variable: 'order.totl',
    });
    await expect(templates.preview({ eventType: 'order.created', language: 'tr', event })).rejects.toThrow(TypeError);
  });

  it('Should count credits of a long message', async () => {
    const { templates } = setup();
    const result = await templates.preview({ eventType: 'order.created', language: 'tr', body: `{{store.name}} ${'ş'.repeat(150)}` });
    expect(result.credits).toBe(result.segments.parts);
    expect(result.credits).toBe(3);
  });
});

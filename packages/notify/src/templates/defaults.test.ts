import { mkdtempSync, readFileSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { segments } from '@esemes/core';
import { templatesDir } from '@esemes/templates';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, MessageEventSchema } from '../events/schema.js';
import type { MessageEvent, EventType } from '../events/schema.js';
import { messageClassOf } from '../events/message-class.js';
import { sampleEvent, SAMPLE_VALUES } from './sample-events.js';
import { createTemplateService } from './template-service.js';
import { TemplateError } from './template-error.js';
import { memoryOverrides } from './test-overrides.js';
import type { TemplateLanguage } from './types.js';

/** Parts of every default with realistic values (opt-out sentence included for commercial ones): all one. */
const EXPECTED_PARTS: Record<EventType, number> = Object.fromEntries(EVENT_TYPES.map((type) => [type, 1])) as Record<EventType, number>;
const LANGUAGES: TemplateLanguage[] = ['tr', 'en'];
const templates = createTemplateService({ overrides: memoryOverrides() });

/** Variants a template must handle: the sample, a second cart reminder, no tracking link, no first name. */
function variants(type: EventType, values: TemplateLanguage): Array<{ name: string; event: MessageEvent }> {
  const event = sampleEvent(type, values);
  const list = [{ name: 'sample', event }];
  if (event.type === 'cart.abandoned') list.push({ name: 'reminder 2', event: { ...event, cart: { ...event.cart, reminder: 2 } } });
  if ('shipment' in event)
    list.push({
      name: 'no tracking URL',
      event: MessageEventSchema.parse({ ...event, shipment: { carrier: event.shipment.carrier, trackingNumber: event.shipment.trackingNumber } }),
    });
  list.push({ name: 'no first name', event: { ...event, customer: { phones: [] } } as MessageEvent });
  return list;
}

describe('default templates', () => {
  for (const language of LANGUAGES) {
    for (const type of EVENT_TYPES) {
      // Realistic values in the template's language, and Turkish values in the English templates too.
      for (const values of language === 'tr' ? (['tr'] as const) : (['en', 'tr'] as const)) {
        it(`Should render ${language}/${type}.hbs with ${values} values in ${EXPECTED_PARTS[type]} part(s)`, async () => {
          const optOutLink = messageClassOf(type) === 'commercial';
          for (const { name, event } of variants(type, values)) {
            const text = await templates.render(event, language);
            const counted = segments(text, { optOutLink });
            expect(counted.parts, `${name}: ${text} (${counted.units}/${counted.perPart})`).toBe(EXPECTED_PARTS[type]);
            expect(counted.encoding, name).not.toBe('ucs2');
            expect(text, name).toContain(event.store.name);
            expect(text, name).not.toMatch(/undefined|null|\[object|\.\.\.|\s{2}|\n/);
            if (name === 'no first name') continue;
            expect(text).toContain(event.customer.firstName as string);
            if ('order' in event && event.order) expect(text).toContain(SAMPLE_VALUES.orderNumber);
            if ('shipment' in event) {
              expect(text).toContain(SAMPLE_VALUES.carrier);
              expect(text).toContain(SAMPLE_VALUES.trackingNumber);
              if (name === 'sample') expect(text).toContain(SAMPLE_VALUES.trackingUrl);
            }
            if (event.type === 'cart.abandoned') expect(text).toContain(SAMPLE_VALUES.recoveryUrl);
          }
        });
      }
    }
  }

  it('Should greet by first name and localize the status', async () => {
    expect(await templates.render(sampleEvent('order.created', 'tr'), 'tr')).toBe(
      'Demo Mağaza: Merhaba Ayşe, 100234 numaralı siparişinizi aldık. Tutar: 1.249,90 TL. Kargoya verince haber vereceğiz.',
    );
    expect(await templates.render(sampleEvent('order.status_changed', 'tr'), 'tr')).toContain('durumu: Hazırlanıyor.');
    expect(await templates.render(sampleEvent('order.status_changed', 'en'), 'en')).toContain('is now: Processing.');
  });

  it('Should word the first and later cart reminders differently', async () => {
    const first = sampleEvent('cart.abandoned', 'tr');
    if (first.type !== 'cart.abandoned') throw new Error('sample');
    const second = { ...first, cart: { ...first.cart, reminder: 2 } };
    expect(await templates.render(first, 'tr')).toBe('Demo Mağaza: Ayşe, sepetiniz bekliyor: https://demo-magaza.com/sepet/ab12cd');
    expect(await templates.render(second, 'tr')).toBe('Demo Mağaza: Ayşe, sepetiniz duruyor: https://demo-magaza.com/sepet/ab12cd');
  });

  it('Should name the class and describe every default', async () => {
    const list = await templates.list();
    expect(list).toHaveLength(EVENT_TYPES.length * 2);
    for (const info of list) {
      expect(info.messageClass).toBe(info.eventType === 'cart.abandoned' ? 'commercial' : 'transactional');
      expect(info.description.length).toBeGreaterThan(10);
      expect(info.source).toBe('default');
      // message.custom prints the caller's text as written; every other default names the store.
      if (info.eventType === 'message.custom') expect(info.body).toBe('{{body}}');
      else expect(info.body).toContain('store.name');
    }
  });
});

describe('malformed defaults', () => {
  const good = (type: EventType, language: TemplateLanguage) => readFileSync(join(templatesDir, language, `${type}.hbs`), 'utf8');
  const all = () => Object.fromEntries(LANGUAGES.flatMap((l) => EVENT_TYPES.map((t) => [`${l}/${t}.hbs`, good(t, l)])));
  const start = (files: Record<string, string>) => () => createTemplateService({ overrides: memoryOverrides(), defaultsFromDisk: false, defaults: files });

  it('Should start from in-memory defaults', () => {
    expect(start(all())).not.toThrow();
  });

  it('Should refuse to start on a bad default, naming the file', () => {
    const cases: Array<[string, string, string]> = [
      ['tr/order.paid.hbs', 'Merhaba', 'template_front_matter'],
      ['tr/order.paid.hbs', '---\nclass: commercial\ndescription: x\n---\nHi {{store.name}}', 'template_front_matter'],
      ['en/order.paid.hbs', '---\nclass: transactional\n---\nHi', 'template_front_matter'],
      ['en/order.paid.hbs', '---\nclass: transactional\ndescription: x\ncolour: red\n---\nHi', 'template_front_matter'],
      ['en/order.paid.hbs', '---\nclass: transactional\ndescription: x\n---\nHi {{customer.fristName}}', 'template_variable'],
      ['en/order.paid.hbs', '---\nclass: transactional\ndescription: x\n---\nHi {{#if store.name}}', 'template_syntax'],
      ['en/order.paid.hbs', '---\nclass: transactional\ndescription: x\n---\n', 'template_empty'],
    ];
    for (const [file, text, code] of cases) {
      const error = catchError(start({ ...all(), [file]: text }));
      expect(error, text).toBeInstanceOf(TemplateError);
      expect(error).toMatchObject({ code, file });
      expect(error.message).toContain(file);
    }
    const files = all();
    delete files['en/cart.abandoned.hbs'];
    expect(catchError(start(files))).toMatchObject({ code: 'template_missing', message: expect.stringContaining('en/cart.abandoned.hbs') });
  });

  it('Should refuse a stray file in the templates folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'esemes-templates-'));
    try {
      cpSync(join(templatesDir, 'tr'), join(dir, 'tr'), { recursive: true });
      cpSync(join(templatesDir, 'en'), join(dir, 'en'), { recursive: true });
      expect(() => createTemplateService({ overrides: memoryOverrides(), templatesDir: dir })).not.toThrow();
      writeFileSync(join(dir, 'tr', 'order.shipped.hbs'), good('order.paid', 'tr'));
      expect(catchError(() => createTemplateService({ overrides: memoryOverrides(), templatesDir: dir }))).toMatchObject({
        code: 'template_missing',
        message: expect.stringContaining('order.shipped'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function catchError(run: () => unknown): TemplateError {
  try {
    run();
  } catch (error) {
    return error as TemplateError;
  }
  throw new Error('expected an error');
}

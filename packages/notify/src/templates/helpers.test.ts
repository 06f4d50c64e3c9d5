import { describe, expect, it } from 'vitest';
import { MessageEventSchema, ORDER_STATUSES } from '../events/schema.js';
import type { MessageEvent } from '../events/schema.js';
import { helperSpec } from './helper-specs.js';
import { createHelpers, HELPER_NAMES } from './helpers.js';
import { sampleEvent } from './sample-events.js';
import { createTemplateService } from './template-service.js';
import { memoryOverrides } from './test-overrides.js';
import type { TemplateLanguage } from './types.js';

const templates = createTemplateService({ overrides: memoryOverrides() });

/** Renders `body` for `event` (default: the Turkish order.created sample) through preview. */
async function render(body: string, event: MessageEvent = sampleEvent('order.created', 'tr'), language: TemplateLanguage = 'tr'): Promise<string> {
  return (await templates.preview({ eventType: event.type, language, body, event })).text;
}

/** The sample with its store changed. */
function withStore(store: Partial<MessageEvent['store']>, language: TemplateLanguage = 'tr', occurredAt?: string): MessageEvent {
  const event = sampleEvent('order.created', language);
  return MessageEventSchema.parse({ ...event, store: { ...event.store, ...store }, ...(occurredAt ? { occurredAt } : {}) });
}

describe('money', () => {
  it('Should format TRY the Turkish way, with TL instead of ₺ (₺ is not GSM-7)', async () => {
    expect(await render('{{money order.total}}')).toBe('1.249,90 TL');
    expect(await render('{{money order.total display="symbol"}}')).toBe('₺1.249,90');
    expect(await render('{{money "-5"}}')).toBe('-5,00 TL');
    expect(await render('{{money order.total}}', withStore({ locale: 'tr_TR' }))).toBe('1.249,90 TL');
  });

  it('Should format in English, and in the currency asked for', async () => {
    expect(await render('{{money order.total}}', withStore({ locale: 'en' }, 'en'), 'en')).toBe('TRY 1,249.90');
    expect(await render('{{money order.total}}', withStore({ locale: 'en-US', currency: 'USD' }, 'en'), 'en')).toBe('$1,249.90');
    expect(await render('{{money order.total currency="EUR"}}')).toBe('€1.249,90');
    expect(await render('{{money order.total currency=order.currency}}', withStore({ currency: 'USD' }))).toBe('1.249,90 TL');
  });

  it('Should use the template language when the store speaks another one', async () => {
    expect(await render('{{money order.total}}', sampleEvent('order.created', 'tr'), 'en')).toBe('TRY 1,249.90');
  });

  it('Should print what is not an amount as it is', async () => {
    const event = sampleEvent('order.status_changed', 'tr');
    expect(await render('{{money status.raw}}|{{money customer.id}}|', event)).toBe('wc-processing||');
  });
});

describe('date and datetime', () => {
  const at = '2025-11-25T21:30:00Z'; // 00:30 on the 26th in Istanbul, 16:30 on the 25th in New York

  it("Should use the store's time zone", async () => {
    expect(await render('{{date occurredAt}} {{datetime occurredAt}}', withStore({}, 'tr', at))).toBe('26.11.2025 26.11.2025 00:30');
    expect(await render('{{date occurredAt}} {{datetime occurredAt}}', withStore({ timeZone: 'America/New_York' }, 'tr', at))).toBe(
      '25.11.2025 25.11.2025 16:30',
    );
  });

  it("Should use the store's locale and the style asked for", async () => {
    expect(await render('{{date occurredAt style="long"}}', withStore({}, 'tr', at))).toBe('26 Kasım 2025');
    expect(await render('{{datetime occurredAt}}', withStore({ locale: 'en' }, 'en', at), 'en')).toBe('26/11/2025, 00:30');
    expect(await render('{{datetime occurredAt}}', withStore({ locale: 'en-US', timeZone: 'America/New_York' }, 'en', at), 'en')).toBe('11/25/25, 4:30 PM');
  });

  it('Should print nothing for an absent date', async () => {
    const event = sampleEvent('order.created', 'tr');
    delete (event as { occurredAt?: string }).occurredAt;
    expect(await render('[{{date occurredAt}}]', event)).toBe('[]');
  });
});

describe('truncate', () => {
  const named = (firstName: string) => MessageEventSchema.parse({ ...sampleEvent('order.created', 'tr'), customer: { firstName, phones: [] } });

  it('Should cut to the length, ellipsis included', async () => {
    expect(await render('{{truncate customer.firstName 7}}', named('Ayşegül Nur'))).toBe('Ayşe...');
    expect(await render('{{truncate customer.firstName 20}}', named('Ayşegül Nur'))).toBe('Ayşegül Nur');
    expect(await render('{{truncate customer.firstName 4 ellipsis=""}}', named('Ayşegül'))).toBe('Ayşe');
    // The message is transliterated as sent: … (not GSM-7) becomes ...
    expect(await render('{{truncate customer.firstName 5 ellipsis="…"}}', named('Ayşegül'))).toBe('Ayşe...');
    expect(await render('{{truncate customer.firstName 2}}', named('😀😀😀😀'))).toBe('😀😀');
    expect(await render('[{{truncate customer.lastName 5}}]', named('Ayşe'))).toBe('[]');
  });
});

describe('upper and lower', () => {
  const store = (name: string) => withStore({ name });

  it('Should follow Turkish rules in Turkish templates (i/İ, ı/I)', async () => {
    expect(await render('{{upper store.name}}', store('istanbul ırmak'))).toBe('İSTANBUL IRMAK');
    expect(await render('{{lower store.name}}', store('İSTANBUL IRMAK'))).toBe('istanbul ırmak');
  });

  it('Should follow English rules in English templates, unless told', async () => {
    expect(await render('{{upper store.name}}', store('istanbul'), 'en')).toBe('ISTANBUL');
    expect(await render('{{upper store.name locale="tr"}}', store('istanbul'), 'en')).toBe('İSTANBUL');
  });
});

describe('statusLabel and eq', () => {
  it('Should label every canonical status in both languages', async () => {
    const base = sampleEvent('order.status_changed', 'tr');
    for (const language of ['tr', 'en'] as const) {
      const labels = new Set<string>();
      for (const canonical of ORDER_STATUSES) {
        const event = MessageEventSchema.parse({ ...base, status: { canonical, raw: canonical } });
        const label = await render('{{statusLabel status.canonical}}', event, language);
        expect(label).not.toBe(canonical);
        labels.add(label);
      }
      expect(labels.size).toBe(ORDER_STATUSES.length);
    }
    expect(await render('{{statusLabel status.canonical}}', base)).toBe('Hazırlanıyor');
    expect(await render('{{statusLabel status.raw}}', base)).toBe('wc-processing');
  });

  it('Should compare values', async () => {
    const cart = sampleEvent('cart.abandoned', 'tr');
    expect(await render('{{#if (eq cart.reminder 1)}}first{{else}}later{{/if}}', cart)).toBe('first');
    expect(await render('{{#if (eq cart.reminder "2")}}second{{else}}other{{/if}}', cart)).toBe('other');
  });
});

describe('the helper set', () => {
  it('Should name every helper it builds, each with a spec for validation', () => {
    expect(Object.keys(createHelpers())).toEqual([...HELPER_NAMES]);
    for (const name of HELPER_NAMES) expect(helperSpec(name), name).toBeDefined();
  });

  it('Should build a new set (and formatter cache) for every template service', () => {
    expect(createHelpers()['money']).not.toBe(createHelpers()['money']);
  });
});

// Every default template (and overrides using every helper) rendered for many events and settings: the
// texts, notes and counts are pinned in the committed snapshot file next to this test. It was written
// before the render path was made cheaper (one Handlebars setup per service, fitting only when the text
// does not fit as it is) and must stay byte-identical through such changes.
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, MessageEventSchema, type EventType, type MessageEvent } from '../events/schema.js';
import { sampleEvent } from './sample-events.js';
import { createTemplateService } from './template-service.js';
import { memoryOverrides } from './test-overrides.js';
import type { RenderSettings, TemplateLanguage } from './types.js';

const LANGUAGES: TemplateLanguage[] = ['tr', 'en'];
const SETTINGS: RenderSettings[] = [
  { maxParts: 2, transliterate: 'latin' },
  { maxParts: 1, transliterate: 'turkish' },
  { maxParts: 3, transliterate: 'none' },
];

type Variation = (event: Record<string, unknown> & { store: Record<string, unknown>; customer: Record<string, unknown> }) => void;
const LONG_STORE = 'Çok Uzun İsimli Kitapçı ve Kırtasiye Dünyası Limited Şirketi';
const VARIATIONS: Record<string, Variation> = {
  sample: () => {},
  'long names': (e) => {
    e.store.name = LONG_STORE;
    e.customer.firstName = 'Ayşegül Nur Fatma Zehra';
    e.customer.lastName = 'Karaosmanoğlu Yılmazer';
  },
  'names past every floor': (e) => {
    e.store.name = `${LONG_STORE} ${LONG_STORE}`.slice(0, 100);
    e.customer.firstName = 'Muhammedalimustafakemalettinşerafettinabdurrahmanoğlu';
  },
  'emoji store, Greek name': (e) => {
    e.store.name = '🛒🔥 Mağaza';
    e.customer.firstName = 'Ελένη';
  },
  'en-US store in USD, no first name': (e) => {
    e.store.locale = 'en-US';
    e.store.currency = 'USD';
    delete e.customer.firstName;
    if (e.order) (e.order as Record<string, unknown>).currency = 'USD';
    if (e.cart) (e.cart as Record<string, unknown>).currency = 'USD';
  },
  'EUR, numeric total, tr_TR locale': (e) => {
    e.store.locale = 'tr_TR';
    e.store.currency = 'EUR';
    if (e.order) Object.assign(e.order as object, { total: 1234567.5, currency: 'EUR' });
    if (e.cart) Object.assign(e.cart as object, { total: 0.5, currency: undefined });
  },
  'extended GSM and line breaks': (e) => {
    e.store.name = 'Kitap{Evi} [€]';
    e.customer.firstName = '  Ali\nVeli ';
  },
};

/** Overrides that call every helper, in the ways the validation allows. */
const OVERRIDES: ReadonlyArray<{ type: EventType; body: string }> = [
  {
    type: 'order.created',
    body: '{{upper store.name}} {{lower customer.lastName locale="en"}} {{truncate customer.firstName 3}} {{truncate store.name 8 ellipsis="…"}} {{date occurredAt}} {{datetime occurredAt style="long"}} {{date occurredAt style="full"}} {{money order.total display="symbol"}} {{money order.total currency="usd"}} {{order.itemCount}}',
  },
  {
    type: 'order.created',
    body: '{{#each order.items as |item i|}}{{i}}:{{item.name}} x{{item.quantity}}={{money item.total}}{{#if @first}} (first){{/if}}{{#if @last}} (last){{/if}}; {{else}}no items{{/each}}{{#with order}} #{{number}} {{@root.store.name}}{{/with}}{{#unless customer.lastName}} anonymous{{/unless}}',
  },
  {
    type: 'order.status_changed',
    body: '{{#fitParts 1 optOutLink=true}}{{fit store.name min=3}} / {{fit customer.firstName min="word"}} {{fit customer.lastName}}: {{statusLabel status.canonical}} ({{status.raw}}){{#if (eq status.canonical "processing")}} hazırlanıyor{{/if}}{{/fitParts}} {{fit store.name}}',
  },
  {
    type: 'cart.abandoned',
    body: '{{#fitParts 2}}{{fit customer.firstName}}, {{fit store.name}}: {{#each cart.items}}{{name}}{{#unless @last}}, {{/unless}}{{/each}} {{cart.recoveryUrl}} {{#if (eq cart.reminder 1)}}ilk{{else}}son{{/if}}{{/fitParts}} {{order.number}}',
  },
  {
    type: 'shipment.created',
    body: '{{#fitParts}}{{fit store.name}} {{shipment.carrier}} {{shipment.trackingNumber}} {{shipment.trackingUrl}}{{/fitParts}}{{#fitParts 1}} {{fit customer.firstName}}{{/fitParts}}',
  },
];

function variant(type: EventType, language: TemplateLanguage, change: Variation): MessageEvent {
  const input = structuredClone(sampleEvent(type, language)) as unknown as Parameters<Variation>[0];
  change(input);
  return MessageEventSchema.parse(input);
}

async function describeRender(
  templates: ReturnType<typeof createTemplateService>,
  type: EventType,
  language: TemplateLanguage,
  event: MessageEvent,
  settings: RenderSettings,
  storeId: string,
): Promise<string> {
  let rendered: string;
  try {
    rendered = await templates.render(event, language, settings);
  } catch (error) {
    rendered = `throws ${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
  const preview = await templates.preview({ eventType: type, language, event, storeId }).catch((error: Error) => ({ error: error.message }));
  return [
    `render: ${JSON.stringify(rendered)}`,
    'error' in preview
      ? `preview throws: ${preview.error}`
      : `preview: ${JSON.stringify(preview.text)} ${preview.segments.encoding} ${preview.credits}/${preview.maxParts} unfolded ${preview.partsUnfolded} notes ${JSON.stringify(preview.notes)} folded ${JSON.stringify(preview.folded)}`,
  ].join('\n  ');
}

describe('rendering stays byte-identical', () => {
  it('Every default template, language, variation and setting renders as pinned in the snapshot', async () => {
    const lines: string[] = [];
    for (const settings of SETTINGS) {
      const templates = createTemplateService({ overrides: memoryOverrides(), settingsFor: () => settings });
      for (const language of LANGUAGES) {
        for (const type of EVENT_TYPES) {
          for (const [name, change] of Object.entries(VARIATIONS)) {
            const event = variant(type, language, change);
            lines.push(`${settings.maxParts}/${settings.transliterate} ${language} ${type} (${name})`);
            lines.push(`  ${await describeRender(templates, type, language, event, settings, 'demo')}`);
          }
        }
      }
    }
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot('./__snapshots__/render-golden-defaults.txt');
  });

  it('Overrides calling every helper render as pinned in the snapshot', async () => {
    const lines: string[] = [];
    for (const settings of SETTINGS) {
      for (const [index, { type, body }] of OVERRIDES.entries()) {
        const templates = createTemplateService({ overrides: memoryOverrides(), settingsFor: () => settings });
        for (const language of LANGUAGES) {
          await templates.put('demo', type, language, body);
          for (const [name, change] of Object.entries(VARIATIONS)) {
            const event = variant(type, language, change);
            lines.push(`${settings.maxParts}/${settings.transliterate} ${language} override ${index} ${type} (${name})`);
            lines.push(`  ${await describeRender(templates, type, language, event, settings, 'demo')}`);
          }
        }
      }
    }
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot('./__snapshots__/render-golden-overrides.txt');
  });
});

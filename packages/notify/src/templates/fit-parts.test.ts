import { segments } from '@esemes/core';
import { describe, expect, it } from 'vitest';
import { MessageEventSchema } from '../events/schema.js';
import { fitSlots } from './fit-parts.js';
import { sampleEvent } from './sample-events.js';
import { createTemplateService } from './template-service.js';
import { memoryOverrides } from './test-overrides.js';

const mark = (i: number) => `\u0000${i}\u0000`;

describe('fitSlots', () => {
  it('Should keep values whole when the message fits', () => {
    expect(fitSlots(`Merhaba ${mark(0)}, siparişiniz yolda.`, ['Ayşe'], 1, false)).toBe('Merhaba Ayşe, siparişiniz yolda.');
  });

  it('Should cut the long value just enough for one part, and leave short ones whole', () => {
    const text = fitSlots(`${mark(0)}: Merhaba ${mark(1)}, siparişiniz yolda.`, ['Demo Mağaza', 'Ayşe'.repeat(100)], 1, false);
    const counted = segments(text);
    expect(counted.parts).toBe(1);
    expect(counted.remaining).toBeLessThan(6); // no more cut than needed
    expect(text).toMatch(/^Demo Mağaza: Merhaba (Ayşe)+.*\.\.\., siparişiniz yolda\.$/);
  });

  it('Should count the opt-out sentence when asked', () => {
    const content = `${mark(0)} sepetiniz sizi bekliyor: https://demo-magaza.com/sepet/ab12cd`;
    const name = 'Ayşegül Nur Yılmaz Kaya Demirci Öztürk';
    expect(fitSlots(content, [name], 1, false)).toContain(name);
    const cut = fitSlots(content, [name], 1, true);
    expect(cut).not.toContain(name);
    expect(segments(cut, { optOutLink: true }).parts).toBe(1);
  });

  it('Should aim for the fewest parts possible when N cannot be reached, without emptying values for nothing', () => {
    const fixed = 'ş'.repeat(100); // 200 septets: two parts whatever the value
    const text = fitSlots(`${fixed} ${mark(0)}`, ['Ayşe'], 1, false);
    expect(text).toBe(`${fixed} Ayşe`);
    expect(segments(fitSlots(`${fixed} ${mark(0)}`, ['x'.repeat(5000)], 1, false)).parts).toBe(2);
  });
});

describe('fitParts in templates', () => {
  const templates = createTemplateService({ overrides: memoryOverrides() });
  const longName = MessageEventSchema.parse({ ...sampleEvent('order.created', 'tr'), customer: { firstName: 'Ayşe'.repeat(200), phones: [] } });

  it('Should fit N parts, and let fit pass values through outside a block', async () => {
    for (const parts of [1, 2, 3]) {
      const body = `{{#fitParts ${parts}}}{{store.name}}: Merhaba {{fit customer.firstName}}!{{/fitParts}}`;
      const { segments: counted } = await templates.preview({ eventType: 'order.created', language: 'tr', body, event: longName });
      expect(counted.parts).toBe(parts);
    }
    const outside = await templates.preview({ eventType: 'order.created', language: 'tr', body: '{{fit customer.firstName}}', event: longName });
    expect(outside.text).toBe('Ayşe'.repeat(200));
  });

  it('Should follow optOutLink=… over the message class', async () => {
    const body = '{{#fitParts 1 optOutLink=true}}{{fit customer.firstName}}{{/fitParts}}';
    const { text } = await templates.preview({ eventType: 'order.created', language: 'tr', body, event: longName, optOutLink: false });
    expect(segments(text, { optOutLink: true }).parts).toBe(1);
    expect(segments(text).remaining).toBeGreaterThan(50);
  });

  it('Should fit values inside #if and #each', async () => {
    const body = '{{#fitParts 1}}{{#each order.items}}{{fit name}} {{/each}}{{#if customer.firstName}}{{fit customer.firstName}}{{/if}}{{/fitParts}}';
    const { text, segments: counted } = await templates.preview({ eventType: 'order.created', language: 'tr', body, event: longName });
    expect(counted.parts).toBe(1);
    expect(text.startsWith('Pamuklu Tişört Kot Pantolon Ayşe')).toBe(true);
  });
});

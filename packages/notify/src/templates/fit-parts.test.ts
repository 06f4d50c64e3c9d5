import { segments } from '@esemes/core';
import { foldToSmsAlphabet } from '@esemes/segments';
import { describe, expect, it } from 'vitest';
import { MessageEventSchema } from '../events/schema.js';
import { cutSlot, fitSlots, type FitSlot } from './fit-parts.js';
import { sampleEvent } from './sample-events.js';
import { createTemplateService } from './template-service.js';
import { memoryOverrides } from './test-overrides.js';

const mark = (i: number) => `\u0000${i}\u0000`;
const slot = (value: string, floor: number, label = 'the first name'): FitSlot => ({ value, floor, label });
const fit = (content: string, slots: FitSlot[], options: Partial<Parameters<typeof fitSlots>[2]> = {}) =>
  fitSlots(content, slots, { parts: 1, maxParts: 2, optOutLink: false, fold: (t) => t, ...options });

describe('cutSlot', () => {
  it('Should cut at a word boundary at or after the floor, and with ... only inside a word', () => {
    expect(cutSlot(slot('Ayşe Nur Kaya', 4), 9)).toBe('Ayşe Nur');
    expect(cutSlot(slot('Ayşe Nur Kaya', 4), 6)).toBe('Ayşe');
    expect(cutSlot(slot('Ayşe Nur Kaya', 4), 0)).toBe('Ayşe');
    expect(cutSlot(slot('Kitapçı Dünyası Online', 15), 0)).toBe('Kitapçı Dünyası');
    expect(cutSlot(slot('AyşeAyşeAyşeAyşeAyşeAyşe', 20), 0)).toBe('AyşeAyşeAyşeAyşeAyşe...');
    expect(cutSlot(slot('Ayşe', 4), 0)).toBe('Ayşe');
  });
});

describe('fitSlots', () => {
  it('Should find the markers exactly as splitting on /\\u0000(\\d+)\\u0000/ does, stray NULs included', () => {
    const slots = [slot('Ayşe', 4), slot('Demo', 4), slot('Kaya', 4)];
    const reference = (content: string) =>
      content
        .split(/\u0000(\d+)\u0000/)
        .map((piece, i) => (i % 2 === 1 ? (slots[Number(piece)]?.value ?? '') : piece))
        .join('');
    // Every string of up to 6 characters over NUL, 0, 1, 7 and a: all the ways a marker can be whole, cut or glued.
    const alphabet = ['\u0000', '0', '1', '7', 'a'];
    let strings = [''];
    for (let length = 1; length <= 6; length++) {
      strings = strings.flatMap((s) => (s.length === length - 1 ? alphabet.map((c) => s + c) : []));
      for (const content of strings) expect(fit(content, slots, { parts: 10, maxParts: 10 }).text, JSON.stringify(content)).toBe(reference(content));
    }
  });

  it('Should keep values whole when the message fits', () => {
    expect(fit(`Merhaba ${mark(0)}, siparişiniz yolda.`, [slot('Ayşe', 4)])).toEqual({ text: 'Merhaba Ayşe, siparişiniz yolda.', notes: [] });
  });

  it('Should shorten the longest value first, keep short ones whole and never go below a floor', () => {
    const long = 'Ayşegül Nur Yılmaz Kaya Demirci Öztürk Şahin Çelik Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin Kara Koç Kurt Özkan';
    const { text, notes } = fit(`${mark(0)}: Merhaba ${mark(1)}, ${'siparişiniz yolda. '.repeat(5)}`, [
      slot('Demo Mağaza', 11, 'the store name'),
      slot(long, 7),
    ]);
    expect(segments(text).parts).toBe(1);
    expect(text.startsWith('Demo Mağaza: Merhaba Ayşegül')).toBe(true);
    expect(notes).toEqual(['shortened the first name to fit 1 SMS part']);
  });

  it('Should grow by a part, within maxParts, when the floors do not fit, and say why', () => {
    const fixed = 'ş'.repeat(70); // 140 septets
    const { text, notes } = fit(`${fixed} ${mark(0)} ${mark(1)}`, [slot('Kitapçı Dünyası', 15, 'the store name'), slot('Şükrü', 5)]);
    expect(text).toBe(`${fixed} Kitapçı Dünyası Şükrü`);
    expect(segments(text).parts).toBe(2);
    expect(notes).toEqual([expect.stringMatching(/^grew to 2 SMS parts: even with the names at their shortest/)]);
  });

  it('Should say when even the floors do not fit maxParts, keeping the floors (the engine refuses it)', () => {
    const { text, notes } = fit(`${'ş'.repeat(150)} ${mark(0)}`, [slot('Şükrü Can', 5)], { maxParts: 2 });
    expect(text.endsWith(' Şükrü')).toBe(true);
    expect(notes[0]).toMatch(/does not fit 2 SMS parts \(the store's maxParts\)/);
  });

  it('Should count the opt-out sentence when asked, and the text as transliterated', () => {
    const content = `${mark(0)} sepetiniz sizi bekliyor: https://demo-magaza.com/sepet/ab12cd`;
    const name = 'Ayşegül Nur Yılmaz Kaya Demirci Öztürk';
    expect(fit(content, [slot(name, 7)]).text).toContain(name);
    const cut = fit(content, [slot(name, 7)], { optOutLink: true }).text;
    expect(cut).not.toContain(name);
    expect(segments(cut, { optOutLink: true }).parts).toBe(1);
    // "Kâzım" is UCS-2 as written, one part of GSM-7 with the Turkish table once folded: kept whole.
    const kazim = fit(`${mark(0)}: ${'x'.repeat(100)}`, [slot('Kâzım Yâr', 5)], { fold: (t) => foldToSmsAlphabet(t) });
    expect(kazim).toEqual({ text: `Kâzım Yâr: ${'x'.repeat(100)}`, notes: [] });
  });
});

describe('fitParts in templates', () => {
  const templates = createTemplateService({ overrides: memoryOverrides(), settingsFor: () => ({ maxParts: 3, transliterate: 'latin' }) });
  const longName = MessageEventSchema.parse({ ...sampleEvent('order.created', 'tr'), customer: { firstName: `Ayşe ${'Nur '.repeat(20)}`.trim(), phones: [] } });

  it('Should fit N parts, and let fit pass values through outside a block', async () => {
    for (const parts of [1, 2]) {
      const body = `{{#fitParts ${parts}}}{{store.name}}: Merhaba {{fit customer.firstName}}! ${'Siparişiniz yolda. '.repeat(parts === 1 ? 5 : 12)}{{/fitParts}}`;
      const { segments: counted, notes } = await templates.preview({ eventType: 'order.created', language: 'tr', body, event: longName });
      expect(counted.parts).toBe(parts);
      expect(notes).toEqual([`shortened the first name to fit ${parts} SMS part${parts === 1 ? '' : 's'}`]);
    }
    const outside = await templates.preview({ eventType: 'order.created', language: 'tr', body: '{{fit customer.firstName}}', event: longName });
    expect(outside.text).toBe(longName.customer.firstName);
  });

  it('Should follow optOutLink=… over the message class', async () => {
    const body = `{{#fitParts 1 optOutLink=true}}{{fit customer.firstName}} ${'x'.repeat(60)}{{/fitParts}}`;
    const { text } = await templates.preview({ eventType: 'order.created', language: 'tr', body, event: longName, optOutLink: false });
    expect(segments(text, { optOutLink: true }).parts).toBe(1);
  });

  it('Should take min= as the floor', async () => {
    const body = `{{#fitParts 1}}{{fit customer.firstName min=12}} ${'x'.repeat(145)}{{/fitParts}}`;
    const { text } = await templates.preview({ eventType: 'order.created', language: 'tr', body, event: longName });
    expect(text.startsWith('Ayşe Nur Nur ')).toBe(true);
  });

  it('Should fit values inside #if and #each', async () => {
    const body = `{{#fitParts 1}}{{#each order.items}}{{fit name}} {{/each}}{{#if customer.firstName}}{{fit customer.firstName}}{{/if}} ${'x'.repeat(80)}{{/fitParts}}`;
    const { text, segments: counted } = await templates.preview({ eventType: 'order.created', language: 'tr', body, event: longName });
    expect(counted.parts).toBe(1);
    expect(text.startsWith('Pamuklu Tişört Kot Pantolon Ayşe')).toBe(true);
  });
});

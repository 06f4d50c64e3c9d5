// Real names through every default template, each language: names are never mangled, characters with a
// Latin stand-in are transliterated, other scripts stay as written (UCS-2) within maxParts (2). Every text
// is asserted in the committed snapshot file next to this test.
import { segments } from '@esemes/core';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, MessageEventSchema, type MessageEvent } from '../events/schema.js';
import { messageClassOf } from '../events/message-class.js';
import { sampleEvent } from './sample-events.js';
import { createTemplateService } from './template-service.js';
import { memoryOverrides } from './test-overrides.js';
import type { TemplateLanguage } from './types.js';

const PEOPLE: ReadonlyArray<{ first: string; last: string; sent: string; latin: boolean }> = [
  { first: 'Kâzım', last: 'Yılmaz', sent: 'Kazım', latin: true },
  { first: 'Lâle', last: 'Ak', sent: 'Lale', latin: true },
  { first: 'Şükrü', last: 'Öztürk', sent: 'Şükrü', latin: true },
  { first: 'Çağla', last: 'İnce', sent: 'Çağla', latin: true },
  { first: 'Łukasz', last: 'Nowak', sent: 'Lukasz', latin: true },
  { first: 'Ελένη', last: 'Παπαδοπούλου', sent: 'Ελένη', latin: false },
  { first: 'Алексей', last: 'Смирнов', sent: 'Алексей', latin: false },
  { first: 'محمد', last: 'الأحمد', sent: 'محمد', latin: false },
];
const STORES = ['Kitapçı Dünyası', '🛒🔥 Mağaza'];
const LANGUAGES: TemplateLanguage[] = ['tr', 'en'];
/** The templates that print the store and customer names: message.custom prints only the caller's text. */
const NAMED_TYPES = EVENT_TYPES.filter((type) => type !== 'message.custom');

const templates = createTemplateService({ overrides: memoryOverrides() });

function event(type: (typeof EVENT_TYPES)[number], language: TemplateLanguage, store: string, first: string, last: string): MessageEvent {
  const sample = sampleEvent(type, language);
  return MessageEventSchema.parse({ ...sample, store: { ...sample.store, name: store }, customer: { ...sample.customer, firstName: first, lastName: last } });
}

describe('real names in every default template', () => {
  it('Kâzım at Kitapçı Dünyası: his name and the store name whole, one part (the reported case)', async () => {
    const {
      text,
      segments: counted,
      folded,
    } = await templates.preview({ eventType: 'order.created', language: 'tr', event: event('order.created', 'tr', 'Kitapçı Dünyası', 'Kâzım', 'Yılmaz') });
    expect(text).toBe('Kitapçı Dünyası: Merhaba Kazım, 100234 numaralı siparişinizi aldık. Tutar: 1.249,90 TL. Kargoya verince haber vereceğiz.');
    expect(counted).toMatchObject({ encoding: 'gsm7-turkish', parts: 1 });
    expect(folded).toEqual([{ from: 'â', to: 'a' }]);
  });

  it('An emoji store name is kept as written, in UCS-2, within 2 parts (the reported case)', async () => {
    const { text, segments: counted } = await templates.preview({
      eventType: 'order.created',
      language: 'tr',
      event: event('order.created', 'tr', '🛒🔥 Mağaza', 'Ayşe', 'Yılmaz'),
    });
    expect(text).toBe('🛒🔥 Mağaza: Merhaba Ayşe, 100234 numaralı siparişinizi aldık. Tutar: 1.249,90 TL. Kargoya verince haber vereceğiz.');
    expect(counted).toMatchObject({ encoding: 'ucs2', parts: 2 });
  });

  it('Every template, language, name and store: names whole, Latin names in one GSM part, others in two UCS-2 parts at most', async () => {
    const lines: string[] = [];
    for (const language of LANGUAGES) {
      for (const type of NAMED_TYPES) {
        for (const store of STORES) {
          for (const person of PEOPLE) {
            const {
              text,
              segments: counted,
              notes,
            } = await templates.preview({ eventType: type, language, event: event(type, language, store, person.first, person.last) });
            const where = `${language} ${type} ${store} ${person.first}: ${text}`;
            expect(text, where).toContain(person.sent);
            expect(text, where).toContain(store);
            expect(notes, where).toEqual(notes.filter((note) => !note.startsWith('shortened')));
            const optOutLink = messageClassOf(type) === 'commercial';
            expect(segments(text, { optOutLink }).parts, where).toBe(counted.parts);
            const emojiStore = store.startsWith('🛒');
            if (person.latin && !emojiStore) expect(counted, where).toMatchObject({ encoding: expect.stringMatching(/^gsm7/), parts: 1 });
            else expect(counted, where).toMatchObject({ encoding: 'ucs2', parts: expect.any(Number) });
            expect(counted.parts, where).toBeLessThanOrEqual(2);
            lines.push(`${language} ${type} | ${store} | ${person.first} ${person.last} | ${counted.encoding} ${counted.parts} | ${text}`);
          }
        }
      }
    }
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot('./__snapshots__/names.txt');
  });
});

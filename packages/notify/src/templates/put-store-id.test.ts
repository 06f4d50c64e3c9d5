import { describe, expect, it } from 'vitest';
import { MessageEventSchema } from '../events/schema.js';
import { sampleEvent } from './sample-events.js';
import { createTemplateService } from './template-service.js';
import { memoryOverrides } from './test-overrides.js';

function setup() {
  const overrides = memoryOverrides();
  const templates = createTemplateService({ overrides, now: () => 1_700_000_000_000 });
  return { overrides, templates };
}

const BODY = 'Özel: {{order.number}}';

describe('templates.put: the store id', () => {
  it('Should be bounded exactly as an event’s store.id is (1–200 characters after trimming)', () => {
    const event = (id: string) => MessageEventSchema.safeParse({ ...sampleEvent('order.created', 'tr', 'demo'), store: { id, name: 'Demo' } }).success;
    expect([event('s'.repeat(200)), event('s'.repeat(201)), event('   ')]).toEqual([true, false, false]);
  });

  it('Should refuse a store id over 200 characters with a TypeError saying why, and store nothing', async () => {
    const { overrides, templates } = setup();
    await expect(templates.put('s'.repeat(201), 'order.created', 'tr', BODY)).rejects.toThrow(
      new TypeError("templates.put: storeId must be 1–200 characters after trimming, as an event's store.id (got 201)"),
    );
    expect(overrides.rows.size).toBe(0);
  });

  it('Should refuse an empty or blank store id, and store nothing', async () => {
    const { overrides, templates } = setup();
    for (const id of ['', '   \t']) await expect(templates.put(id, 'order.created', 'tr', BODY)).rejects.toThrow(/storeId must be 1–200 characters.*got 0/);
    await expect(templates.put(undefined as unknown as string, 'order.created', 'tr', BODY)).rejects.toThrow(TypeError);
    expect(overrides.rows.size).toBe(0);
  });

  it('Should store 200 characters, and trim the id as events are trimmed, so the override applies to their store', async () => {
    const { overrides, templates } = setup();
    const longest = 's'.repeat(200);
    await expect(templates.put(` ${longest} `, 'order.created', 'tr', BODY)).resolves.toMatchObject({ source: 'override' });
    expect([...overrides.rows.values()].map((row) => row.storeId)).toEqual([longest]);
    const event = MessageEventSchema.parse({ ...sampleEvent('order.created', 'tr', 'demo'), store: { id: ` ${longest} `, name: 'Demo' } });
    expect(await templates.render(event, 'tr')).toBe(`Özel: ${event.order?.number}`);
  });
});

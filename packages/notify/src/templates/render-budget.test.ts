// A stored template is the shop owner's code: no template and no event may stall the server or grow
// memory without bound. (Once, nested {{#each}} over 500 items blocked a preview for 72 s.)
import { describe, expect, it } from 'vitest';
import { MessageEventSchema } from '../events/schema.js';
import { MAX_ITERATIONS } from './render-budget.js';
import { sampleEvent } from './sample-events.js';
import { createTemplateService } from './template-service.js';
import { memoryOverrides } from './test-overrides.js';

const templates = createTemplateService({ overrides: memoryOverrides() });
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Ürün ${i + 1} ${'uzun ad '.repeat(20)}`.slice(0, 200), quantity: 1 }));
const withItems = (n: number) =>
  MessageEventSchema.parse({ ...sampleEvent('order.created', 'tr'), order: { ...sampleEvent('order.created', 'tr').order, items: items(n) } });
const preview = (body: string, n: number) => templates.preview({ eventType: 'order.created', language: 'tr', body, event: withItems(n) });

describe('the render budget', () => {
  it('Should stop nested loops over 500 items with a clear error instead of running 125,000,000 iterations', async () => {
    const nested = '{{#each order.items}}{{#each ../order.items}}{{#each ../../order.items}}.{{/each}}{{/each}}{{/each}}';
    const error = await preview(nested, 500).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'template_output_too_long', message: expect.stringContaining(`more than ${MAX_ITERATIONS} times`) });
  });

  it('Should stop a loop whose output passes what maxParts parts can hold', async () => {
    const error = await preview('{{#each order.items}}{{name}} {{/each}}', 500).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'template_output_too_long', message: expect.stringMatching(/passed 720 characters/) });
  });

  it('Should keep Handlebars each semantics: @index, @first, @last, block params, {{else}}', async () => {
    const body =
      '{{#each order.items as |item i|}}{{#if @first}}[{{/if}}{{@index}}={{i}}:{{item.quantity}}{{#unless @last}},{{/unless}}{{#if @last}}]{{/if}}{{/each}}';
    expect((await preview(body, 3)).text).toBe('[0=0:1,1=1:1,2=2:1]');
    expect((await preview('{{#each order.items}}x{{else}}no items{{/each}}', 0)).text).toBe('no items');
  });
});

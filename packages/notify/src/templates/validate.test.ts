import { describe, expect, it } from 'vitest';
import type { EventType } from '../events/schema.js';
import { MAX_BODY_LENGTH, TemplateError } from './template-error.js';
import { createTemplateService } from './template-service.js';
import { memoryOverrides } from './test-overrides.js';
import { validateTemplate } from './validate.js';
import { variablesOf } from './variables.js';

function refusal(body: string, type: EventType = 'order.created'): TemplateError {
  try {
    validateTemplate(body, type);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return error as TemplateError;
  }
  throw new Error(`accepted: ${body}`);
}

describe('strict validation at save', () => {
  it('Should name an unknown variable, the event type and the known ones', () => {
    const error = refusal('Merhaba {{customer.fristName}}');
    expect(error).toMatchObject({ name: 'TemplateError', code: 'template_variable', variable: 'customer.fristName', line: 1 });
    expect(error.message).toMatch(/^unknown variable customer\.fristName in order\.created at line 1 \(known: .*customer\.firstName/);
  });

  it('Should check paths in blocks, helper arguments, options and subexpressions', () => {
    const cases: Array<[string, string, EventType?]> = [
      ['{{#if customer.fristName}}x{{/if}}', 'customer.fristName'],
      ['{{#if customer.firstName}}{{order.numbr}}{{else}}{{order.number}}{{/if}}', 'order.numbr'],
      ['{{#unless order.paymentUrl}}{{else}}{{order.paymentURL}}{{/unless}}', 'order.paymentURL'],
      ['{{#if order.statusUrl}}{{else if order.statsUrl}}{{/if}}', 'order.statsUrl'],
      ['{{money order.totl}}', 'order.totl'],
      ['{{money order.total currency=order.curency}}', 'order.curency'],
      ['{{#if (eq cart.remindr 1)}}x{{/if}}', 'cart.remindr', 'cart.abandoned'],
      ['{{#fitParts 1}}{{fit customer.frstName}}{{/fitParts}}', 'customer.frstName'],
      ['{{#each order.items}}{{nam}}{{/each}}', 'nam'],
      ['{{#each order.items as |item i|}}{{item.name}}{{i}}{{item.nme}}{{/each}}', 'item.nme'],
      ['{{#each order.items}}{{../store.nam}}{{/each}}', '../store.nam'],
      ['{{#each order.items}}{{@root.store.nam}}{{/each}}', '@root.store.nam'],
      ['{{@index}}', '@index'],
      ['{{shipment.carrier}}', 'shipment.carrier'],
      ['{{cart.recoveryUrl}}', 'cart.recoveryUrl'],
      ['{{status.canonical}}', 'status.canonical', 'shipment.created'],
      ['{{customer.constructor}}', 'customer.constructor'],
      ['{{customer.__proto__}}', 'customer.__proto__'],
      ['{{customer.phones}}', 'customer.phones'],
      ['{{#each customer}}x{{/each}}', 'customer'],
      ['{{#with order.number}}x{{/with}}', 'order.number'],
    ];
    for (const [body, variable, type] of cases) {
      const error = refusal(body, type);
      expect(error.code, body).toBe('template_variable');
      expect(error.variable, body).toBe(variable);
      expect(error.message, body).toContain(variable);
    }
  });

  it('Should accept every variable of the event, and scoped paths', () => {
    const bodies: Array<[string, EventType]> = [
      [
        '{{#each order.items}}{{@index}}. {{name}} x{{quantity}} {{total}} {{sku}} {{../store.name}} {{@root.order.number}}{{#if @first}}!{{/if}}{{/each}}',
        'order.created',
      ],
      ['{{#each order.items as |item i|}}{{i}} {{item.name}} {{this.name}}{{/each}}', 'order.paid'],
      ['{{#with order}}{{number}} {{../store.name}}{{#each items}}{{name}}{{/each}}{{/with}}', 'order.paid'],
      ['{{#with order as |o|}}{{o.number}}{{/with}}', 'order.paid'],
      ['{{{store.name}}} {{!-- {{customer.fristName}} is a comment --}} {{this.store.name}}', 'order.created'],
      ['{{statusLabel status.canonical}} {{status.raw}}', 'order.status_changed'],
      ['{{#if order}}{{order.number}}{{/if}} {{cart.reminder}} {{cart.itemCount}}', 'cart.abandoned'],
      ['{{upper (truncate customer.firstName 10)}}', 'admin.order.created'],
    ];
    for (const [body, type] of bodies) expect(() => validateTemplate(body, type), body).not.toThrow();
    for (const type of ['order.status_changed', 'shipment.delivered', 'cart.abandoned'] as const) {
      const plain = variablesOf(type).filter((path) => !path.includes('[]'));
      expect(() => validateTemplate(plain.map((path) => `{{${path}}}`).join(' '), type)).not.toThrow();
    }
  });

  it('Should refuse unknown helpers and wrong calls', () => {
    const cases: Array<[string, string]> = [
      ['{{shout store.name}}', 'shout'],
      ['{{lookup customer "firstName"}}', 'lookup'],
      ['{{log store.name}}', 'log'],
      ['{{#foo}}x{{/foo}}', 'foo'],
      ['{{#store.name}}x{{/store.name}}', 'store.name'],
      ['{{#money order.total}}x{{/money}}', 'money'],
      ['{{if store.name}}', 'if'],
      ['{{truncate customer.firstName}}', 'truncate'],
      ['{{money}}', 'money'],
      ['{{money order.total curency="USD"}}', 'money curency'],
    ];
    for (const [body, variable] of cases) {
      const error = refusal(body);
      expect(error.code, body).toBe('template_helper');
      expect(error.variable, body).toBe(variable);
    }
  });

  it('Should report syntax errors with their line', () => {
    expect(refusal('Merhaba\n{{#if customer.firstName}}x')).toMatchObject({ code: 'template_syntax', line: 2 });
    expect(refusal('a\n\n{{#if store.name}}x{{/each}}')).toMatchObject({
      code: 'template_syntax',
      line: 3,
      message: expect.stringContaining("if doesn't match each"),
    });
    expect(refusal('{{store.name')).toMatchObject({ code: 'template_syntax', line: 1 });
    expect(refusal('{{> footer}}')).toMatchObject({ code: 'template_syntax', message: expect.stringContaining('partials') });
    expect(refusal('a\u0000b')).toMatchObject({ code: 'template_syntax' });
  });

  it('Should refuse empty and too long bodies', () => {
    expect(refusal('')).toMatchObject({ code: 'template_empty' });
    expect(refusal('  \n ')).toMatchObject({ code: 'template_empty' });
    expect(refusal('x'.repeat(MAX_BODY_LENGTH + 1))).toMatchObject({ code: 'template_too_long' });
    expect(() => validateTemplate('x'.repeat(MAX_BODY_LENGTH), 'order.created')).not.toThrow();
  });

  it('Should store nothing when put() refuses a body', async () => {
    const overrides = memoryOverrides();
    const templates = createTemplateService({ overrides });
    await expect(templates.put('demo', 'order.created', 'tr', '{{customer.fristName}}')).rejects.toMatchObject({
      code: 'template_variable',
      variable: 'customer.fristName',
    });
    await expect(templates.put('demo', 'order.created', 'tr', '')).rejects.toMatchObject({ code: 'template_empty' });
    expect(overrides.rows.size).toBe(0);
  });
});

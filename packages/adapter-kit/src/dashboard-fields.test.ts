import { describe, expect, it } from 'vitest';
import { adminPhonesProblem, orderNoteLines, statusRulesField, statusRulesFromRows, webhookStatusLine } from './dashboard-fields.js';
import type { StatusRule } from './order-diff.js';

const DEFAULTS: Record<string, StatusRule> = { completed: { canonical: 'completed', sms: true }, pending: { canonical: 'pending_payment', sms: false } };

describe('dashboard fields shared by the platforms’ panels', () => {
  it('Should draw the status table as rows and read back only what differs from the defaults, naming refused statuses', () => {
    const field = statusRulesField(DEFAULTS, 'help');
    expect(field.kind === 'rows' && field.value).toEqual([
      { status: 'completed', canonical: 'completed', sms: true, event: '' },
      { status: 'pending', canonical: 'pending_payment', sms: false, event: '' },
    ]);
    const { rules, bad } = statusRulesFromRows(
      [
        { status: 'completed', canonical: 'completed', sms: true, event: '' },
        { status: 'pending', canonical: 'pending_payment', sms: true, event: '' },
        { status: 'kargoda', canonical: 'nonsense', sms: true, event: 'shipment.delivered' },
        { status: 'Bad Status!', canonical: '', sms: false, event: '' },
      ],
      DEFAULTS,
      (raw) => (/^[a-z0-9_-]+$/.test(raw) ? raw : undefined),
    );
    expect(rules).toEqual({ pending: { canonical: 'pending_payment', sms: true }, kargoda: { canonical: null, sms: true, event: 'shipment.delivered' } });
    expect(bad).toEqual(['Bad Status!']);
  });

  it('Should refuse numbers that are not Turkish mobiles, and more than ten', () => {
    expect(adminPhonesProblem(['0532 111 22 33'])).toBeUndefined();
    expect(adminPhonesProblem(['0212 555 11 22'])).toEqual({ tr: 'Cep numarası değil: 0212 555 11 22', en: 'Not a mobile number: 0212 555 11 22' });
    expect(adminPhonesProblem(Array.from({ length: 11 }, () => '0532 111 22 33'))).toMatchObject({ en: 'At most 10 numbers.' });
  });

  it('Should say what became of a webhook registration and of a message’s order notes', () => {
    expect(webhookStatusLine(undefined).ok).toBe(false);
    expect(webhookStatusLine({ status: 'registered' })).toMatchObject({ ok: true });
    expect(webhookStatusLine({ status: 'failed', reason: 'unreachable' }).text).toMatchObject({ en: 'Webhook registration failed: unreachable' });
    const lines = orderNoteLines(
      {
        history: [
          { id: 'm1:sent', outcome: 'written', at: 5, attempts: 1 },
          { id: 'm1:failed', outcome: 'given_up', at: 9, attempts: 8, reason: 'auth' },
        ],
        pending: [{ id: 'm1:delivered', attempts: 2, dueAt: null }],
      },
      (status) => `written ${status}`,
      100,
    );
    expect(lines).toEqual([
      { at: 5, text: 'written sent' },
      { at: 9, text: { tr: 'Sipariş notu yazılamadı (failed): auth', en: 'The order note could not be written (failed): auth' } },
      {
        at: 100,
        text: { tr: 'Sipariş notu (delivered) yazılmayı bekliyor; 2 deneme.', en: 'The order note (delivered) is waiting to be written; 2 attempt(s).' },
      },
    ]);
  });
});

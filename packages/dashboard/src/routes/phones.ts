// Sandbox mode: the virtual phones. Every number the sandbox "delivered" to, newest activity first, and
// one number's messages as a phone shows them (newest first). In live mode there is nothing to show.
import { normalizeTurkishMobile } from '@esemes/core';
import type { FastifyInstance } from 'fastify';
import type { DashboardContext } from '../context.js';

const MAX_PHONES = 200;

export async function phoneRoutes(app: FastifyInstance, context: DashboardContext): Promise<void> {
  const { options } = context;
  app.get('/phones', async (request, reply) => {
    const sandbox = options.sandbox;
    const raw = (request.query as Record<string, unknown>)['number'];
    const parsed = typeof raw === 'string' && raw.trim() !== '' ? normalizeTurkishMobile(raw.slice(0, 100)) : undefined;
    const phones = sandbox ? sandbox.phones({ limit: MAX_PHONES }) : [];
    const selected = parsed?.ok ? parsed.number : phones[0]?.number;
    const inbox = sandbox && selected ? [...sandbox.inbox(selected)].reverse() : [];
    return context.page(
      request,
      reply,
      'phones',
      { title: context.text(request, 'phones.title'), nav: 'phones' },
      {
        live: sandbox === undefined,
        phones: phones.map((phone) => ({ ...phone, lastSentAt: Date.parse(phone.lastSentAt), selected: phone.number === selected })),
        selected,
        inbox: inbox.map((message) => ({ ...message, sentAt: Date.parse(message.sentAt) })),
        badNumber: parsed !== undefined && !parsed.ok,
      },
    );
  });
}

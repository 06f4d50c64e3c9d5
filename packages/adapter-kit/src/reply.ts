// The error shape of every esemes route, for an adapter's own routes: `{ error: { code, message } }`.
import type { FastifyReply } from 'fastify';

/**
 * @example
 * return sendError(reply, 401, 'invalid_signature', 'X-WC-Webhook-Signature does not match the body');
 */
export function sendError(reply: FastifyReply, status: number, code: string, message: string, details: Record<string, unknown> = {}): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error: { code, message, ...details } });
}

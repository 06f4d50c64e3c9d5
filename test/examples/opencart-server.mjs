// A shop's own start file: the built-in adapters plus its OpenCart store, which posts
// `{ order_id, firstname, telephone, total }` to /adapters/opencart/order with a shared secret.
import { AdapterConfigError, acceptEvent, secretsMatch, sendError } from '@esemes/adapter-kit';
import { builtInAdapters } from '@esemes/app';
import { run } from '@esemes/server';

function opencart(env) {
  const secret = env.OPENCART_SECRET ?? '';
  if (secret.length < 20) throw new AdapterConfigError('OpenCart', [{ variable: 'OPENCART_SECRET', problem: 'must be at least 20 characters' }]);
  return {
    name: 'opencart',
    plugin: async (app, { notifier }) => {
      app.post('/order', async (request, reply) => {
        if (!secretsMatch(request.headers['x-opencart-secret'], secret))
          return sendError(reply, 401, 'invalid_secret', 'X-OpenCart-Secret is missing or wrong');
        const order = request.body;
        const result = await acceptEvent(
          notifier,
          {
            type: 'order.created',
            idempotencyKey: `opencart:order:${order.order_id}:created`,
            store: { id: 'opencart', platform: 'opencart', name: env.OPENCART_STORE_NAME ?? 'Mağazam' },
            customer: { firstName: order.firstname, phones: [order.telephone] },
            order: { id: String(order.order_id), number: String(order.order_id), total: order.total },
          },
          request.log,
        );
        return reply.code(200).send(result);
      });
    },
    // Every engine status change comes here; write back only this platform's.
    onMessageStatus: (event) => {
      if (event.platform === 'opencart') console.log(`opencart order ${event.orderId}: SMS ${event.status}`);
    },
  };
}

await run({
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  exit: (code) => process.exit(code),
  signals: process,
  adapters: (env) => [...builtInAdapters(env), opencart(env)],
});

// Prometheus metrics on a registry of this server's own (never prom-client's global one, so two servers in
// one process, as in the tests, count separately).
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProviderExchange } from '@esemes/core';
import type { MessageStatusEvent, Notifier } from '@esemes/notify';

export interface ServerMetrics {
  readonly registry: Registry;
  /** Count one `POST /api/v1/events` outcome. */
  countEvent(status: 'accepted' | 'duplicate'): void;
  /** Count a message status change (`message.status`). */
  countStatus(event: MessageStatusEvent): void;
  /** Record one provider call into the latency histogram: the client's `onExchange`. */
  timeExchange(exchange: ProviderExchange): void;
  /** Read the queue depth from the notifier on every scrape, and count its status events; returns the unsubscribe. */
  attach(notifier: Notifier): () => void;
}

const CALL = /(?:tr\/)?xml_[a-z_]+\.php$/;

/** The provider call a URL names (`xml_api.php`, `tr/xml_ozel_api_ileri.php`, …), or `other`: bounded label values. */
export function callOf(href: string): string {
  let path: string;
  try {
    path = new URL(href).pathname;
  } catch {
    return 'other';
  }
  return CALL.exec(path)?.[0] ?? 'other';
}

/**
 * Build this server's metrics.
 * @example
 * const metrics = createMetrics();
 * const client = createEsemesClient({ user, password, onExchange: metrics.timeExchange });
 */
export function createMetrics(): ServerMetrics {
  const registry = new Registry();
  let queueSource: Notifier | undefined;

  const eventsAccepted = new Counter({
    name: 'esemes_events_accepted_total',
    help: 'Events accepted by POST /api/v1/events (new idempotency keys).',
    registers: [registry],
  });
  const eventsDuplicate = new Counter({
    name: 'esemes_events_duplicate_total',
    help: 'Events answered as duplicates of an earlier idempotency key (nothing new sent).',
    registers: [registry],
  });
  const sent = new Counter({ name: 'esemes_messages_sent_total', help: 'Messages the provider accepted (a report id is known).', registers: [registry] });
  const delivered = new Counter({ name: 'esemes_messages_delivered_total', help: 'Messages the provider reports as delivered.', registers: [registry] });
  const failed = new Counter({
    name: 'esemes_messages_failed_total',
    help: 'Messages that ended without delivery: status "failed" (refused, permanent error) or "undelivered" (the operator could not deliver).',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  for (const status of ['failed', 'undelivered']) failed.inc({ status }, 0);
  new Gauge({
    name: 'esemes_queue_depth',
    help: 'Messages in the outbox by status, read at scrape time.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      if (!queueSource) return;
      try {
        const counts = await queueSource.queueCounts();
        this.reset();
        for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
      } catch {
        // The store is closing or unreachable: keep the last values rather than fail the scrape.
      }
    },
  });
  const latency = new Histogram({
    name: 'esemes_provider_request_duration_seconds',
    help: 'Duration of provider HTTP calls until the response headers (or the failure), by call.',
    labelNames: ['call'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  const countStatus = (event: MessageStatusEvent): void => {
    if (event.status === 'sent') sent.inc();
    else if (event.status === 'delivered') delivered.inc();
    else if (event.status === 'failed' || event.status === 'undelivered') failed.inc({ status: event.status });
  };

  return {
    registry,
    countEvent(status) {
      (status === 'accepted' ? eventsAccepted : eventsDuplicate).inc();
    },
    countStatus,
    timeExchange(exchange) {
      latency.observe({ call: callOf(exchange.url) }, exchange.durationMs / 1000);
    },
    attach(notifier) {
      queueSource = notifier;
      const off = notifier.on('message.status', countStatus);
      return () => {
        off();
        if (queueSource === notifier) queueSource = undefined;
      };
    },
  };
}

// What every route plugin under /api/v1 receives.
import type { Notifier } from '@esemes/notify';
import type { ServerConfig } from '../config.js';
import type { ServerMetrics } from '../metrics.js';

export interface RouteContext {
  notifier: Notifier;
  config: ServerConfig;
  metrics: ServerMetrics;
  /** True once close() has begun (healthz answers 503). */
  isClosing(): boolean;
}

// Public API of @esemes/server. Every export is named.
export { createServer } from './server.js';
export type { EsemesServer, ServerDeps } from './server.js';
export { isServerConfigError, loadConfig, ServerConfigError } from './config.js';
export type { LogLevel, ServerConfig, ServerMode } from './config.js';
export type { AdapterConfig, AdapterPluginOptions, ServerAdapter } from './adapters.js';
export type { ServerMetrics } from './metrics.js';
export { API_PREFIX, BODY_LIMIT } from './app.js';
export { run, startupBanner } from './run.js';
export type { RunIo } from './run.js';

// Public API of @esemes/medusa (the Medusa plugin's subscribers, jobs and provider are found by Medusa
// in the built folders; this is for code that drives the runtime itself: tests, custom workflows).
export { MedusaOptionsError, PHONE_SOURCES, resolveOptions } from './options.js';
export type { EmbeddedEngineOptions, EmbeddedSandboxOptions, EsemesMedusaOptions, PhoneSource, RemoteEngineOptions, ResolvedOptions } from './options.js';
export { createEngineGateway, EsemesServerError, SANDBOX_SENDER } from './engine.js';
export type { EngineDeps, EngineGateway } from './engine.js';
export { closeRuntime, createRuntime, MEDUSA_EVENTS, METADATA_KEY, PLUGIN_NAME, RUNTIME_KEY, runtimeFor } from './runtime.js';
export type { CartScanResult, EsemesRuntime, HandledEvent, MedusaContainerLike, MedusaEventName, MetadataJob, QueryLike, RuntimeDeps } from './runtime.js';
export { orderEvents, refundEvent, shipmentEvent, shipmentOf } from './order-events.js';
export type { MedusaCart, MedusaFulfillment, MedusaOrder } from './order-events.js';

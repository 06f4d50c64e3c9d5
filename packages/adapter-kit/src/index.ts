// Public API of @esemes/adapter-kit. Every export is named.
export { AdapterConfigError, isAdapterConfigError } from './contract.js';
export type { AdapterConfig, AdapterPluginOptions, ServerAdapter, ServerMode } from './contract.js';
export type { DashboardErrors, DashboardField, DashboardPanel, DashboardStore, DashboardText, DashboardValue } from './dashboard.js';
export {
  adminPhonesField,
  adminPhonesProblem,
  both,
  createRegistrationLog,
  nameAndLanguageFields,
  orderNoteLines,
  statusRulesField,
  statusRulesFromRows,
  webhookStatusLine,
} from './dashboard-fields.js';
export type { WebhookRegistration } from './dashboard-fields.js';
export { SILENT_LOG } from './log.js';
export type { AdapterLog } from './log.js';
export type { EventBase, EventCart, EventCustomer, EventOrder, EventShipment, EventStore } from './event-parts.js';
export { acceptEvent, acceptEvents } from './accept-events.js';
export type { EventResult } from './accept-events.js';
export { createKeyedLock } from './keyed-lock.js';
export type { KeyedLock } from './keyed-lock.js';
export { diffOrder } from './order-diff.js';
export type { OrderDiff, OrderDiffSettings, OrderPhase, OrderSnapshot, OrderState, StatusRule } from './order-diff.js';
export { createOrderTracker, OrderTrackingError } from './order-tracker.js';
export type { OrderTracker, OrderTrackerOptions, TrackResult } from './order-tracker.js';
export { cartClosedEvent, cartReminderEvents, DEFAULT_CART_EXPIRY_MS, DEFAULT_CART_REMINDER_DELAYS_MS, MAX_CART_REMINDERS } from './cart-reminders.js';
export type { CartReminderInput, CartReminderSettings } from './cart-reminders.js';
export { createConsentLedger } from './consent-ledger.js';
export type { ConsentLedger } from './consent-ledger.js';
export { createWriteBackQueue, WriteBackGoneError } from './write-back-queue.js';
export type {
  WriteBackFailure,
  WriteBackHistoryEntry,
  WriteBackPendingEntry,
  WriteBackQueue,
  WriteBackQueueOptions,
  WriteBackRun,
} from './write-back-queue.js';
export { createStoreRegistry, STORE_ID_PATTERN, StoreRegistryError } from './store-registry.js';
export type { StoreChange, StoreRegistry, StoreRegistryErrorCode, StoreRegistryOptions } from './store-registry.js';
export { createLeases } from './leases.js';
export type { Lease, Leases } from './leases.js';
export { randomSecret } from './secrets.js';
export { hostOf, normalizeStoreUrl, storeIdFromUrl, StoreUrlError } from './store-url.js';
export type { StoreUrlProblem } from './store-url.js';
export { createBackgroundTasks } from './background.js';
export type { BackgroundTasks } from './background.js';
export { sendError } from './reply.js';
export { acceptRawBodies, headerValue, rawBodyOf, WEBHOOK_BODY_LIMIT } from './raw-body.js';
export { secretsMatch } from './tokens.js';
export { httpUrl } from './urls.js';
export { uniquePhones } from './phones.js';
export { CARRIER_NAMES, CARRIER_URLS, carrierKey, carrierTable, fillTrackingUrl, normalizeCarrierText, shipmentFor } from './carriers.js';
export { NOTE_STATUSES, statusNote } from './status-notes.js';
export type { NoteStatus } from './status-notes.js';
export { maskPhone } from '@esemes/core';

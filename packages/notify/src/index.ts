// Public API of @esemes/notify. Every export is named.
export { createNotifier } from './engine/notifier.js';
export { EventValidationError, MessageTooLongError, NoRecipientError, NotifierConfigError, PrivacyRequestError, StoreSettingsError } from './engine/errors.js';
export { STORE_SETTINGS_NAMESPACE } from './engine/store-settings.js';
export { STORE_SETTING_KEYS, storeSettingsProblems } from './engine/store-settings-check.js';
export { DEFAULT_QUIET_HOURS, outsideQuietHours } from './engine/quiet-hours.js';
export type {
  AcceptOutcome,
  Alert,
  CustomerDataRequest,
  MessageCounts,
  MessageStats,
  MessageStatusEvent,
  Notifier,
  NotifierEvents,
  NotifierLogger,
  NotifierOptions,
  PrivacyService,
  PurgeStoreResult,
  RedactCustomerRequest,
  SavedStoreSettings,
  StatsOptions,
  StoreSettings,
  StoreSettingsService,
} from './engine/types.js';
export { ALL_EVENT_TYPES, EVENT_TYPES, EventSchema, FIELD_LIMITS, isTimeZone, MessageEventSchema, ORDER_STATUSES } from './events/schema.js';
export type { AnyEventType, CanonicalEvent, CanonicalEventInput, EventType, MessageEvent, OrderStatus } from './events/schema.js';
export { messageClassOf } from './events/message-class.js';
export type { MessageClass } from './events/message-class.js';
export { openOutboxStore, OutboxWriteError, outboxStoreContract, REDACTED_RECIPIENT, StoreConfigError } from './outbox/index.js';
export type { OutboxWriteErrorCode } from './outbox/index.js';
export type {
  AcceptResult,
  ClaimedMessage,
  CustomerData,
  CustomerEvent,
  CustomerMessage,
  CustomerSelector,
  DispatchPause,
  MessageFilter,
  MessageRow,
  MessageStatsQuery,
  MessageStatsRow,
  MessageStatus,
  NewMessage,
  OutboxStore,
  PutStateOptions,
  RedactionResult,
  RedactionSelector,
  StateRecord,
  StateStore,
  StorePurgeResult,
  TemplateOverride,
} from './outbox/types.js';
export { createTemplateService, isTemplateError, MAX_BODY_LENGTH, sampleEvent, TemplateError } from './templates/index.js';
export type { PreviewResult, RenderSettings, TemplateInfo, TemplateLanguage, TemplateService } from './templates/types.js';

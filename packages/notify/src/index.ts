// Public API of @esemes/notify. Every export is named.
export { createNotifier } from './engine/notifier.js';
export { EventValidationError, MessageTooLongError, NoRecipientError, NotifierConfigError } from './engine/errors.js';
export { DEFAULT_QUIET_HOURS, outsideQuietHours } from './engine/quiet-hours.js';
export type { AcceptOutcome, Alert, MessageStatusEvent, Notifier, NotifierEvents, NotifierLogger, NotifierOptions, StoreSettings } from './engine/types.js';
export { ALL_EVENT_TYPES, EVENT_TYPES, EventSchema, FIELD_LIMITS, MessageEventSchema, ORDER_STATUSES } from './events/schema.js';
export type { AnyEventType, CanonicalEvent, CanonicalEventInput, EventType, MessageEvent, OrderStatus } from './events/schema.js';
export { messageClassOf } from './events/message-class.js';
export type { MessageClass } from './events/message-class.js';
export { openOutboxStore, outboxStoreContract, StoreConfigError } from './outbox/index.js';
export type {
  AcceptResult,
  DispatchPause,
  MessageFilter,
  MessageRow,
  MessageStatus,
  NewMessage,
  OutboxStore,
  PutStateOptions,
  StateRecord,
  StateStore,
  TemplateOverride,
} from './outbox/types.js';
export { createTemplateService, TemplateError } from './templates/index.js';
export type { PreviewResult, RenderSettings, TemplateInfo, TemplateLanguage, TemplateService } from './templates/types.js';

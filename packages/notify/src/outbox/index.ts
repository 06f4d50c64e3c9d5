// The outbox: durable storage of accepted events and their messages (SQLite or PostgreSQL).
export { openOutboxStore } from './open-store.js';
export type { OpenOutboxStoreOptions } from './open-store.js';
export { StoreConfigError } from './errors.js';
export { OutboxWriteError } from './write-error.js';
export type { OutboxWriteErrorCode } from './write-error.js';
export { OPEN_STATUSES } from './types.js';
export { REDACTED_RECIPIENT } from './redacted.js';
export type {
  AcceptedEvent,
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
  RedactionResult,
  RedactionSelector,
  StorePurgeResult,
  TemplateOverride,
} from './types.js';
export { outboxStoreContract } from './store-contract.js';
export type { ContractAssertion, ContractTestApi, OutboxStoreContractOptions } from './store-contract.js';

// Public API of @esemes/core. Every export is named; nothing else is public.
export { createEsemesClient } from './client.js';
export type { EsemesClient } from './client.js';
export { DEFAULT_BASE_URL, MAX_PACKET_SIZE } from './options.js';
export type { EsemesClientOptions } from './options.js';
export type { Charset, CommonSendOptions } from './send-input.js';
export type {
  PacketResult,
  PartialSend,
  PersonalizedMessage,
  RejectedRecipient,
  SendOptions,
  SendPersonalizedOptions,
  SendProgress,
  SendResult,
} from './send.js';
export type { Balance, DeliveryStatus, ReportDetailEntry, ReportSummary } from './reply.js';
export { deliveryStatus, parseReportDetail } from './reply.js';
export { maskPhone, normalizeTurkishMobile } from './phone.js';
export type { MaskPhoneOptions, PhoneRejectReason, PhoneResult } from './phone.js';
export { formatIstanbul, parseIstanbul } from './istanbul-time.js';
export type { TimeInput } from './istanbul-time.js';
export { classifyProviderText } from './provider-errors.js';
export { escapeXmlText } from './xml-request.js';
export type { Blacklist } from './xml-request.js';
export {
  AuthenticationError,
  ConfigError,
  DateError,
  EsemesError,
  InsufficientCreditError,
  isEsemesError,
  isProviderError,
  isTransportError,
  ProviderError,
  RecipientError,
  ReplyFormatError,
  SenderError,
  TransportError,
  UnknownProviderError,
  ValidationError,
  XmlError,
} from './errors.js';
export type { EsemesErrorCode, ProviderErrorCode, TransportOutcome } from './errors.js';
export type { ProviderExchange } from './transport.js';
export { segments, transliterate } from '@esemes/segments';
export type { OptOutOptions, Segments, SmsEncoding } from '@esemes/segments';

// Contract of the template service (implemented in this folder). The engine renders through it; the
// server exposes it over HTTP.
import type { Segments } from '@esemes/core';
import type { MessageEvent, EventType } from '../events/schema.js';
import type { MessageClass } from '../events/message-class.js';

export type TemplateLanguage = 'tr' | 'en';
/** Who a message goes to: the customer, or the shop owner (admin.order.created). */
export type TemplateRole = 'customer' | 'admin';

export interface TemplateInfo {
  eventType: EventType;
  language: TemplateLanguage;
  messageClass: MessageClass;
  description: string;
  /** `override` when the store replaced the default. */
  source: 'default' | 'override';
  body: string;
  /** Variables the template may use for this event type (for editors). */
  variables: readonly string[];
}

/** How a store's messages are rendered: its part cap and what is transliterated. */
export interface RenderSettings {
  /** The most SMS parts one message may take (1–10); longer messages are refused, never sent. Default 2. */
  maxParts: number;
  /**
   * `latin` (default): characters GSM-7 cannot carry but that have a Latin stand-in (â î û, ł, “ ” …) are
   * replaced by it; Turkish letters and other scripts stay. `none`: everything as written (UCS-2 when
   * needed). `turkish`: Turkish letters to ASCII too (plain GSM-7, the cheapest).
   */
  transliterate: 'latin' | 'none' | 'turkish';
}

export interface PreviewResult {
  text: string;
  segments: Segments;
  /** Credits for one recipient (= parts). */
  credits: number;
  /** The store's cap; `withinMaxParts` false means the engine would refuse this message. */
  maxParts: number;
  withinMaxParts: boolean;
  /** What the fitting did and why (a name shortened, the message grown by a part); empty when nothing. */
  notes: string[];
  /** Characters replaced by transliteration (`{ from: 'â', to: 'a' }`), in order of appearance. */
  folded: Array<{ from: string; to: string }>;
  /** Parts the same text would take with those characters kept (the saving is `partsUnfolded - credits`). */
  partsUnfolded: number;
}

export interface TemplateService {
  list(storeId?: string): Promise<TemplateInfo[]>;
  get(storeId: string | undefined, eventType: EventType, language: TemplateLanguage): Promise<TemplateInfo>;
  /** Validate (compiles; every variable known for the event type) and store a store's override. Throws TemplateError naming the variable. */
  put(storeId: string, eventType: EventType, language: TemplateLanguage, body: string): Promise<TemplateInfo>;
  /** Remove a store's override; the default applies again. */
  delete(storeId: string, eventType: EventType, language: TemplateLanguage): Promise<boolean>;
  /** Render a template (the stored one, or `body`) with sample data (or `event`), with its segments and credits. */
  preview(input: {
    storeId?: string;
    eventType: EventType;
    language: TemplateLanguage;
    body?: string;
    event?: MessageEvent;
    optOutLink?: boolean;
  }): Promise<PreviewResult>;
  /**
   * Render the message text for an accepted event (the store's override if any, else the default), within
   * `settings` (the engine passes the store's, read once per event), else the service's `settingsFor`.
   */
  render(event: MessageEvent, language: TemplateLanguage, settings?: RenderSettings): Promise<string>;
}

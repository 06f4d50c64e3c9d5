// The engine's per-store settings as a form: what the page shows (DashboardFields, drawn like a platform's)
// and what a submitted form means, checked field by field with an error in the shop owner's language.
import type { DashboardErrors, DashboardField, DashboardValue } from '@esemes/adapter-kit';
import { normalizeTurkishMobile } from '@esemes/core';
import { DEFAULT_QUIET_HOURS, EVENT_TYPES, type EventType, type StoreSettings } from '@esemes/notify';
import { t, type Language } from './i18n.js';
import type { MessageKey } from './messages.js';

const SENDER = /^[\x20-\x7e]{1,11}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_ADMIN_PHONES = 10;

/** The checkbox of an event type: `event_order_created`. */
const eventField = (type: EventType): string => `event_${type.replace(/\./g, '_')}`;

export interface StoreSettingsForm {
  general: DashboardField[];
  events: DashboardField[];
  timing: DashboardField[];
  length: DashboardField[];
}

/**
 * The form of a store's effective settings. `adminPhones` only where no platform panel owns the store: a
 * platform's events carry the shop owner's numbers from its own settings, and two places to type them
 * would disagree.
 */
export function storeSettingsForm(settings: StoreSettings, language: Language, serverSender: string, withAdminPhones: boolean): StoreSettingsForm {
  const text = (key: MessageKey, values?: Record<string, string | number>): string => t(language, key, values);
  const quiet = settings.quietHours === undefined ? DEFAULT_QUIET_HOURS : settings.quietHours;
  const disabled = new Set<string>(settings.disabledEvents ?? []);
  const general: DashboardField[] = [
    {
      kind: 'text',
      name: 'sender',
      label: text('store.sender'),
      help: text('store.senderHelp', { sender: serverSender }),
      value: settings.sender ?? '',
      maxLength: 11,
      placeholder: serverSender,
    },
  ];
  if (withAdminPhones) {
    general.push({
      kind: 'list',
      name: 'adminPhones',
      label: text('store.adminPhones'),
      help: text('store.adminPhonesHelp'),
      value: settings.adminPhones ?? [],
    });
  }
  return {
    general,
    events: EVENT_TYPES.map((type) => ({
      kind: 'checkbox' as const,
      name: eventField(type),
      label: t(language, `event.${type}` as MessageKey),
      value: !disabled.has(type),
    })),
    timing: [
      { kind: 'text', inputType: 'time', name: 'quietStart', label: text('store.quietStart'), value: quiet?.start ?? '' },
      { kind: 'text', inputType: 'time', name: 'quietEnd', label: text('store.quietEnd'), value: quiet?.end ?? '', help: text('store.quietHoursHelp') },
      { kind: 'checkbox', name: 'transactionalQuietHours', label: text('store.transactionalQuiet'), value: settings.transactionalQuietHours === true },
    ],
    length: [
      {
        kind: 'select',
        name: 'maxParts',
        label: text('store.maxParts'),
        help: text('store.maxPartsHelp'),
        value: String(settings.maxParts ?? 2),
        options: Array.from({ length: 10 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) })),
      },
      {
        kind: 'select',
        name: 'transliterate',
        label: text('store.transliterate'),
        value: settings.transliterate ?? 'latin',
        options: (['latin', 'turkish', 'none'] as const).map((value) => ({ value, label: text(`store.transliterate.${value}`) })),
      },
    ],
  };
}

export function allFields(form: StoreSettingsForm): DashboardField[] {
  return [...form.general, ...form.events, ...form.timing, ...form.length];
}

/** Settings from the submitted values, or the refusals by field (nothing saved then). */
export function settingsFromForm(
  values: Record<string, DashboardValue>,
  language: Language,
  withAdminPhones: boolean,
): { settings: StoreSettings; errors?: undefined } | { settings?: undefined; errors: DashboardErrors } {
  const errors: DashboardErrors = {};
  const settings: StoreSettings = {};
  const text = (key: MessageKey, extra?: Record<string, string | number>): string => t(language, key, extra);

  const sender = typeof values['sender'] === 'string' ? values['sender'] : '';
  if (sender !== '') {
    if (SENDER.test(sender)) settings.sender = sender;
    else errors['sender'] = text('form.sender');
  }
  if (withAdminPhones) {
    const phones = Array.isArray(values['adminPhones']) ? (values['adminPhones'] as string[]) : [];
    const bad = phones.filter((phone) => !normalizeTurkishMobile(phone).ok);
    if (bad.length > 0) errors['adminPhones'] = text('form.phones', { phones: bad.slice(0, 3).join(', ') });
    else if (phones.length > MAX_ADMIN_PHONES) errors['adminPhones'] = text('form.phonesMany', { max: MAX_ADMIN_PHONES });
    else settings.adminPhones = phones;
  }
  settings.disabledEvents = EVENT_TYPES.filter((type) => values[eventField(type)] !== true);

  const start = typeof values['quietStart'] === 'string' ? values['quietStart'] : '';
  const end = typeof values['quietEnd'] === 'string' ? values['quietEnd'] : '';
  if (start === '' && end === '') settings.quietHours = null;
  else if (!TIME.test(start)) errors['quietStart'] = text('form.time');
  else if (!TIME.test(end)) errors['quietEnd'] = text('form.time');
  else if (start === end) errors['quietEnd'] = text('form.timeSame');
  else settings.quietHours = { start, end };
  settings.transactionalQuietHours = values['transactionalQuietHours'] === true;

  const maxParts = Number(values['maxParts']);
  if (Number.isInteger(maxParts) && maxParts >= 1 && maxParts <= 10) settings.maxParts = maxParts;
  else errors['maxParts'] = text('form.maxParts');
  const transliterate = values['transliterate'];
  if (transliterate === 'latin' || transliterate === 'none' || transliterate === 'turkish') settings.transliterate = transliterate;
  else errors['transliterate'] = text('form.choose');

  return Object.keys(errors).length > 0 ? { errors } : { settings };
}

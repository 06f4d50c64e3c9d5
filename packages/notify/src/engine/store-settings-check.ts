// The one validator of per-store settings: createNotifier applies it to `options.stores`, and
// `notifier.storeSettings.put()` to what a caller saves (and again to what it reads back).
import { EVENT_TYPES, FIELD_LIMITS } from '../events/schema.js';
import { MAX_PARTS } from '../templates/fit-parts.js';
import { checkQuietHours } from './quiet-hours.js';
import type { StoreSettings } from './types.js';

/** The fields of {@link StoreSettings}; any other key is refused. */
export const STORE_SETTING_KEYS = ['sender', 'quietHours', 'transactionalQuietHours', 'adminPhones', 'disabledEvents', 'maxParts', 'transliterate'] as const;

const SENDER = /^[\x20-\x7e]{1,11}$/;
const TRANSLITERATIONS = ['latin', 'none', 'turkish'];
/** As an event's `adminPhones`: at most 10 numbers of at most 100 characters. */
const MAX_ADMIN_PHONES = 10;
const MAX_PHONE_LENGTH = 100;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every problem of one store's settings, each naming its field: `maxParts must be an integer from 1 to 10`,
 * or with `where` (`stores.demo`) `stores.demo.maxParts must be …`. Empty when the settings are valid.
 * A field set to `undefined` counts as absent.
 * @example
 * storeSettingsProblems({ sender: 'MAGAZA', maxParts: 12, colour: 'red' })
 * // ['colour is not a store setting (known: sender, quietHours, …)', 'maxParts must be an integer from 1 to 10']
 */
export function storeSettingsProblems(value: unknown, where?: string): string[] {
  const path = (field: string): string => (where === undefined ? field : `${where}.${field}`);
  if (!isObject(value)) return [`${where ?? 'settings'} must be an object of store settings (${STORE_SETTING_KEYS.join(', ')})`];
  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (!(STORE_SETTING_KEYS as readonly string[]).includes(key))
      problems.push(`${path(key)} is not a store setting (known: ${STORE_SETTING_KEYS.join(', ')})`);
  }
  const { sender, quietHours, transactionalQuietHours, adminPhones, disabledEvents, maxParts, transliterate } = value;
  if (sender !== undefined && (typeof sender !== 'string' || !SENDER.test(sender))) problems.push(`${path('sender')} must be 1–11 printable ASCII characters`);
  if (quietHours !== undefined && quietHours !== null) {
    const pair = isObject(quietHours) && Object.keys(quietHours).every((key) => key === 'start' || key === 'end') ? quietHours : undefined;
    if (!pair || typeof pair['start'] !== 'string' || typeof pair['end'] !== 'string') {
      problems.push(`${path('quietHours')} must be { start: "HH:MM", end: "HH:MM" } or null`);
    } else {
      try {
        checkQuietHours({ start: pair['start'], end: pair['end'] });
      } catch (error) {
        problems.push(`${path('quietHours')}: ${(error as Error).message}`);
      }
    }
  }
  if (transactionalQuietHours !== undefined && typeof transactionalQuietHours !== 'boolean')
    problems.push(`${path('transactionalQuietHours')} must be true or false`);
  if (
    adminPhones !== undefined &&
    (!Array.isArray(adminPhones) ||
      adminPhones.length > MAX_ADMIN_PHONES ||
      !adminPhones.every((phone) => typeof phone === 'string' && phone.length <= MAX_PHONE_LENGTH))
  ) {
    problems.push(`${path('adminPhones')} must be a list of at most ${MAX_ADMIN_PHONES} phone numbers (strings of at most ${MAX_PHONE_LENGTH} characters)`);
  }
  if (disabledEvents !== undefined) {
    const unknown = Array.isArray(disabledEvents) ? disabledEvents.filter((type) => !(EVENT_TYPES as readonly unknown[]).includes(type)) : undefined;
    if (unknown === undefined) problems.push(`${path('disabledEvents')} must be a list of event types (${EVENT_TYPES.join(', ')})`);
    else if (unknown.length > 0)
      problems.push(
        `${path('disabledEvents')} names unknown event types ${unknown.map((type) => JSON.stringify(type)?.slice(0, 60) ?? String(type)).join(', ')} (known: ${EVENT_TYPES.join(', ')})`,
      );
  }
  if (maxParts !== undefined && (typeof maxParts !== 'number' || !Number.isInteger(maxParts) || maxParts < 1 || maxParts > MAX_PARTS)) {
    problems.push(`${path('maxParts')} must be an integer from 1 to ${MAX_PARTS}`);
  }
  if (transliterate !== undefined && !TRANSLITERATIONS.includes(transliterate as string))
    problems.push(`${path('transliterate')} must be latin, none or turkish`);
  return problems;
}

/** A copy of valid settings with only the known fields that are set (no `undefined`), as saved. */
export function cleanStoreSettings(settings: StoreSettings): StoreSettings {
  const clean: Record<string, unknown> = {};
  for (const key of STORE_SETTING_KEYS) {
    const value = settings[key];
    if (value === undefined) continue;
    if (key === 'quietHours' && value !== null) clean[key] = { start: (value as { start: string }).start, end: (value as { end: string }).end };
    else clean[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
  return clean as StoreSettings;
}

/** A store id as an event's `store.id` is: trimmed, 1–200 characters; undefined when it is not one. */
export function storeIdOf(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const id = raw.trim();
  return id === '' || id.length > FIELD_LIMITS.id ? undefined : id;
}

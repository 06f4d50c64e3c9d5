// The parts of a platform's dashboard panel that every platform has: the store's name and language in
// messages, the shop owner's numbers, the status table (raw status → canonical, SMS or not, which shipment
// SMS), the webhook registration's outcome as a status line, and order-note lines of a timeline. Shared so
// each platform's panel is only what is its own.
import { normalizeTurkishMobile } from '@esemes/core';
import { ORDER_STATUSES } from '@esemes/notify';
import type { DashboardField, DashboardText } from './dashboard.js';
import type { StatusRule } from './order-diff.js';
import type { WriteBackHistoryEntry, WriteBackPendingEntry } from './write-back-queue.js';

/** A text in both languages. */
export const both = (tr: string, en: string): DashboardText => ({ tr, en });

/** Most numbers a shop owner lists (as an event's `adminPhones`). */
const MAX_ADMIN_PHONES = 10;

/** The name in messages and the messages' language. */
export function nameAndLanguageFields(current: { name: string | undefined; locale: string | undefined; placeholder: string }): DashboardField[] {
  return [
    {
      kind: 'text',
      name: 'name',
      label: both('Mesajlarda görünen mağaza adı', 'Store name shown in messages'),
      value: current.name ?? '',
      maxLength: 100,
      placeholder: current.placeholder,
    },
    {
      kind: 'select',
      name: 'locale',
      label: both('Mesajların dili', 'Language of the messages'),
      value: current.locale?.toLowerCase().startsWith('en') === true ? 'en' : 'tr',
      options: [
        { value: 'tr', label: 'Türkçe' },
        { value: 'en', label: 'English' },
      ],
    },
  ];
}

export function adminPhonesField(value: readonly string[] | undefined): DashboardField {
  return {
    kind: 'list',
    name: 'adminPhones',
    label: both('Yönetici numaraları', 'Shop owner’s numbers'),
    help: both('Her satıra bir numara: her yeni siparişte bu numaralara da SMS gider.', 'One number per line: each new order is also sent to them.'),
    value: [...(value ?? [])],
  };
}

/** Why these numbers cannot be the shop owner's, or undefined. */
export function adminPhonesProblem(phones: readonly string[]): DashboardText | undefined {
  const bad = phones.filter((phone) => !normalizeTurkishMobile(phone).ok);
  if (bad.length > 0) return both(`Cep numarası değil: ${bad.slice(0, 3).join(', ')}`, `Not a mobile number: ${bad.slice(0, 3).join(', ')}`);
  if (phones.length > MAX_ADMIN_PHONES) return both(`En çok ${MAX_ADMIN_PHONES} numara.`, `At most ${MAX_ADMIN_PHONES} numbers.`);
  return undefined;
}

const CANONICAL_OPTIONS = [{ value: '', label: both('— yok —', '— none —') }, ...ORDER_STATUSES.map((status) => ({ value: status, label: status }))];
const EVENT_OPTIONS = [
  { value: '', label: both('durum SMS’i', 'status SMS') },
  { value: 'shipment.out_for_delivery', label: both('dağıtımda SMS’i', 'out-for-delivery SMS') },
  { value: 'shipment.delivered', label: both('teslim edildi SMS’i', 'delivered SMS') },
];

/** The status table as rows: one per rule (the defaults with the store's own over them), and an empty one to add a status. */
export function statusRulesField(rules: Readonly<Record<string, StatusRule>>, help: DashboardText): DashboardField {
  return {
    kind: 'rows',
    name: 'statuses',
    label: both('Sipariş durumları', 'Order statuses'),
    help,
    columns: [
      { name: 'status', label: both('Durum', 'Status'), kind: 'text' },
      { name: 'canonical', label: both('Anlamı', 'Meaning'), kind: 'select', options: CANONICAL_OPTIONS },
      { name: 'sms', label: 'SMS', kind: 'checkbox' },
      { name: 'event', label: both('Gönderilen', 'Sends'), kind: 'select', options: EVENT_OPTIONS },
    ],
    value: Object.entries(rules).map(([status, rule]) => ({ status, canonical: rule.canonical ?? '', sms: rule.sms, event: rule.event ?? '' })),
  };
}

/**
 * The submitted rows as rules, keeping only those that differ from `defaults` (so a later change of a
 * default reaches the store); `bad` lists the statuses `normalize` refused (it returns undefined).
 */
export function statusRulesFromRows(
  rows: ReadonlyArray<Record<string, string | boolean>>,
  defaults: Readonly<Record<string, StatusRule>>,
  normalize: (raw: string) => string | undefined,
): { rules: Record<string, StatusRule>; bad: string[] } {
  const rules: Record<string, StatusRule> = {};
  const bad: string[] = [];
  for (const row of rows) {
    const raw = typeof row['status'] === 'string' ? row['status'] : '';
    const status = normalize(raw);
    if (status === undefined) {
      bad.push(raw.slice(0, 30));
      continue;
    }
    const canonical = (ORDER_STATUSES as readonly string[]).includes(row['canonical'] as string) ? (row['canonical'] as StatusRule['canonical']) : null;
    const event = row['event'] === 'shipment.delivered' || row['event'] === 'shipment.out_for_delivery' ? row['event'] : undefined;
    const rule: StatusRule = { canonical, sms: row['sms'] === true, ...(event ? { event } : {}) };
    const fallback = defaults[status];
    if (!(fallback && fallback.canonical === rule.canonical && fallback.sms === rule.sms && fallback.event === rule.event)) rules[status] = rule;
  }
  return { rules, bad };
}

/** A webhook registration's outcome as a store's status line. */
export type WebhookRegistration = { status: 'registered' } | { status: 'skipped' | 'failed'; reason: string };

export function webhookStatusLine(sync: WebhookRegistration | undefined): { ok: boolean; text: DashboardText } {
  if (!sync) return { ok: false, text: both('Webhook’lar henüz kaydedilmedi.', 'Webhooks not registered yet.') };
  if (sync.status === 'registered')
    return { ok: true, text: both('Webhook’lar kayıtlı: siparişler SMS’e dönüşüyor.', 'Webhooks registered: orders become SMS.') };
  if (sync.status === 'skipped') return { ok: false, text: both(`Webhook’lar kaydedilmedi: ${sync.reason}`, `Webhooks not registered: ${sync.reason}`) };
  return { ok: false, text: both(`Webhook kaydı başarısız: ${sync.reason}`, `Webhook registration failed: ${sync.reason}`) };
}

/** A message's order-note jobs (ids `<message id>:<status>`) as timeline lines; `written` says where it went. */
export function orderNoteLines(
  notes: { history: readonly WriteBackHistoryEntry[]; pending: readonly WriteBackPendingEntry[] },
  written: (status: string) => DashboardText,
  now: number,
): Array<{ at: number; text: DashboardText }> {
  const statusOf = (id: string): string => id.slice(id.lastIndexOf(':') + 1);
  return [
    ...notes.history.map((entry) =>
      entry.outcome === 'written'
        ? { at: entry.at, text: written(statusOf(entry.id)) }
        : {
            at: entry.at,
            text: both(
              `Sipariş notu yazılamadı (${statusOf(entry.id)}): ${entry.reason ?? ''}`,
              `The order note could not be written (${statusOf(entry.id)}): ${entry.reason ?? ''}`,
            ),
          },
    ),
    ...notes.pending.map((entry) => ({
      at: entry.dueAt ?? now,
      text: both(
        `Sipariş notu (${statusOf(entry.id)}) yazılmayı bekliyor; ${entry.attempts} deneme.`,
        `The order note (${statusOf(entry.id)}) is waiting to be written; ${entry.attempts} attempt(s).`,
      ),
    })),
  ];
}

/** A store's last webhook registration, kept in the adapter state for the dashboard and the API. */
export function createRegistrationLog<R extends WebhookRegistration>(options: {
  state: import('@esemes/notify').StateStore;
  namespace: string;
  clock: () => number;
}) {
  return {
    async record(storeId: string, result: R): Promise<void> {
      const at = options.clock();
      // Never fails the registration: the outcome is for display.
      await options.state.putState(options.namespace, storeId, JSON.stringify({ ...result, at }), {}, at).catch(() => undefined);
    },
    async get(storeId: string): Promise<(R & { at: number }) | undefined> {
      const record = await options.state.getState(options.namespace, storeId);
      if (!record) return undefined;
      try {
        return JSON.parse(record.value) as R & { at: number };
      } catch {
        return undefined;
      }
    },
  };
}

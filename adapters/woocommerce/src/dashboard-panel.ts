// WooCommerce's panel in the shop owner's dashboard: its stores with their webhook status, the one-click
// connection (wc-auth) with the outcome on return, the store's WooCommerce settings (name, language, the
// shop owner's numbers, consent keys, status mapping, order notes), and the order notes of a message.
import type { DashboardErrors, DashboardField, DashboardPanel, DashboardStore, DashboardText, DashboardValue } from '@esemes/adapter-kit';
import { normalizeTurkishMobile } from '@esemes/core';
import { ORDER_STATUSES } from '@esemes/notify';
import { ConnectError, connectedStoreOf, startConnection } from './connect.js';
import { DEFAULT_CONSENT_META_KEYS } from './consent.js';
import type { AdapterRuntime, WebhookSync } from './runtime.js';
import { DEFAULT_STATUS_RULES, normalizeStatus, statusRules } from './statuses.js';
import type { StatusRule, WooStore, WooStoreSettings } from './types.js';

/** How long the return page waits for the webhook registration that follows a connection. */
const REGISTRATION_WAIT_MS = 8_000;
const SHIPMENT_EVENTS = ['shipment.delivered', 'shipment.out_for_delivery'] as const;

const tr = (tr: string, en: string): DashboardText => ({ tr, en });

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The webhook registration's outcome as the shop owner reads it. */
function webhookText(sync: (WebhookSync & { at?: number }) | undefined): { ok: boolean; text: DashboardText } {
  if (!sync) return { ok: false, text: tr('Webhook’lar henüz kaydedilmedi.', 'Webhooks not registered yet.') };
  if (sync.status === 'registered')
    return { ok: true, text: tr('Webhook’lar kayıtlı: siparişler SMS’e dönüşüyor.', 'Webhooks registered: orders become SMS.') };
  if (sync.status === 'skipped') return { ok: false, text: tr(`Webhook’lar kaydedilmedi: ${sync.reason}`, `Webhooks not registered: ${sync.reason}`) };
  return { ok: false, text: tr(`Webhook kaydı başarısız: ${sync.reason}`, `Webhook registration failed: ${sync.reason}`) };
}

export interface WooPanelOptions {
  runtime: () => AdapterRuntime | undefined;
  publicUrl: string | undefined;
  /** How long result() waits for the registration after a connection (default 8 s; tests shorten it). */
  registrationWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export function createWooPanel(options: WooPanelOptions): DashboardPanel {
  const publicUrl = options.publicUrl?.replace(/\/+$/, '');
  const waitMs = options.registrationWaitMs ?? REGISTRATION_WAIT_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const runtimeOf = (): AdapterRuntime => {
    const runtime = options.runtime();
    if (!runtime) throw new Error('the WooCommerce adapter is not registered with the server yet');
    return runtime;
  };

  const storeView = async (runtime: AdapterRuntime, store: WooStore): Promise<DashboardStore> => ({
    id: store.id,
    name: store.name ?? hostOf(store.url),
    url: store.url,
    status: webhookText(await runtime.webhookStatus(store.id)),
  });

  return {
    platform: 'woocommerce',
    title: 'WooCommerce',

    async stores() {
      const runtime = runtimeOf();
      return Promise.all((await runtime.registry.list()).map((store) => storeView(runtime, store)));
    },

    connect: {
      fields: [
        {
          kind: 'text',
          name: 'storeUrl',
          value: '',
          inputType: 'url',
          required: true,
          maxLength: 500,
          placeholder: 'https://magazam.com',
          label: tr('Mağazanın adresi', 'The store’s address'),
          help: tr(
            'Mağazanıza yönlendirileceksiniz: WordPress yöneticisi olarak giriş yapıp “Onayla”ya basın. Anahtarlar buraya kendiliğinden gelir ve webhook’lar kaydedilir.',
            'You are sent to your store: log in as a WordPress administrator and press “Approve”. The keys come here by themselves and the webhooks are registered.',
          ),
        },
      ],
      button: tr('WooCommerce’a bağlan', 'Connect to WooCommerce'),
      ...(publicUrl === undefined
        ? {
            help: tr(
              'Önce PUBLIC_URL’i (https) ayarlayın: WooCommerce anahtarları ve siparişleri o adrese gönderir.',
              'Set PUBLIC_URL (https) first: WooCommerce sends the keys and the orders to that address.',
            ),
          }
        : {}),
      async start(values, { returnUrl }) {
        const runtime = runtimeOf();
        if (publicUrl === undefined) {
          return {
            errors: {
              '': tr(
                'PUBLIC_URL ayarlı değil: WooCommerce anahtarları gönderecek bir adres bulamaz.',
                'PUBLIC_URL is not set: WooCommerce has nowhere to send the keys.',
              ),
            },
          };
        }
        const storeUrl = typeof values['storeUrl'] === 'string' ? values['storeUrl'] : '';
        if (storeUrl === '') return { errors: { storeUrl: tr('Mağazanın adresini girin.', 'Enter the store’s address.') } };
        try {
          const started = await startConnection(
            runtime.notifier.state,
            { storeUrl, returnUrl, callbackUrl: `${publicUrl}/webhooks/woocommerce/connect/callback` },
            runtime.clock(),
          );
          return { redirect: started.authorizeUrl };
        } catch (error) {
          if (!(error instanceof ConnectError)) throw error;
          if (error.code === 'callback_not_https') {
            return {
              errors: {
                '': tr(
                  'PUBLIC_URL https olmalı: WooCommerce başka adrese anahtar göndermez.',
                  'PUBLIC_URL must be https: WooCommerce sends keys nowhere else.',
                ),
              },
            };
          }
          return { errors: { storeUrl: tr(`Bu adres kullanılamıyor: ${error.message}`, `This address cannot be used: ${error.message}`) } };
        }
      },
      async result(query) {
        const runtime = runtimeOf();
        if (query['success'] !== '1') {
          return { ok: false, text: tr('Bağlanmadı: mağazada izin verilmedi.', 'Not connected: access was denied at the store.') };
        }
        const connected = await connectedStoreOf(runtime.notifier.state, query['user_id'] ?? '', runtime.clock());
        if (!connected) {
          return {
            ok: false,
            text: tr(
              'WooCommerce onayladı ama anahtarlar bu sunucuya ulaşmadı: mağaza PUBLIC_URL adresine erişebiliyor mu?',
              'WooCommerce approved, but the keys never reached this server: can the store reach PUBLIC_URL?',
            ),
          };
        }
        // The registration runs right after the callback; wait a little for its outcome.
        let sync = await runtime.webhookStatus(connected.storeId);
        for (let waited = 0; (sync === undefined || (sync.at ?? 0) < connected.at) && waited < waitMs; waited += 250) {
          await sleep(250);
          sync = await runtime.webhookStatus(connected.storeId);
        }
        const store = await runtime.registry.get(connected.storeId);
        const name = store?.name ?? (store ? hostOf(store.url) : connected.storeId);
        const fresh = sync !== undefined && (sync.at ?? 0) >= connected.at;
        const hooks = fresh
          ? webhookText(sync).text
          : tr('Webhook’lar kaydediliyor; durumu Mağazalar sayfasında.', 'Webhooks are being registered; the Stores page shows how it went.');
        return {
          // Connected either way; a failed registration is shown as a problem to look at.
          ok: !fresh || sync?.status === 'registered',
          storeId: connected.storeId,
          text: {
            tr: `${name} bağlandı. ${typeof hooks === 'string' ? hooks : hooks.tr}`,
            en: `${name} is connected. ${typeof hooks === 'string' ? hooks : hooks.en}`,
          },
        };
      },
    },

    async settings(storeId) {
      const runtime = runtimeOf();
      const store = await runtime.registry.get(storeId);
      return store ? settingsFields(store) : undefined;
    },

    async saveSettings(storeId, values) {
      const runtime = runtimeOf();
      const parsed = settingsFromValues(values);
      if (parsed.errors) return { errors: parsed.errors };
      const saved = await runtime.registry.upsert(storeId, (existing) => {
        if (!existing) throw new Error(`no WooCommerce store ${storeId}`);
        return { name: parsed.name, locale: parsed.locale, settings: { ...existing.settings, ...parsed.settings } };
      });
      // A new mapping or a changed name needs no new registration; a store saved without webhooks gets a retry.
      const status = await runtime.webhookStatus(storeId);
      if (status?.status !== 'registered') await runtime.syncWebhooks(saved.store);
      return { text: tr('WooCommerce ayarları kaydedildi.', 'WooCommerce settings saved.') };
    },

    async timeline(message) {
      const runtime = runtimeOf();
      const { history, pending } = await runtime.notes.ofMessage(message.id);
      const lines: Array<{ at: number; text: DashboardText }> = [];
      const order = message.orderId === null ? '' : ` #${message.orderId}`;
      for (const entry of history) {
        const status = entry.id.slice(entry.id.lastIndexOf(':') + 1);
        if (entry.outcome === 'written')
          lines.push({
            at: entry.at,
            text: tr(`WooCommerce siparişine${order} not yazıldı (${status}).`, `Order note written to WooCommerce order${order} (${status}).`),
          });
        else
          lines.push({
            at: entry.at,
            text: tr(`Sipariş notu yazılamadı (${status}): ${entry.reason ?? ''}`, `The order note could not be written (${status}): ${entry.reason ?? ''}`),
          });
      }
      for (const entry of pending) {
        const status = entry.id.slice(entry.id.lastIndexOf(':') + 1);
        lines.push({
          at: entry.dueAt ?? runtime.clock(),
          text: tr(
            `Sipariş notu (${status}) yazılmayı bekliyor; ${entry.attempts} deneme.`,
            `The order note (${status}) is waiting to be written; ${entry.attempts} attempt(s).`,
          ),
        });
      }
      return lines;
    },
  };
}

const CANONICAL_OPTIONS = [{ value: '', label: tr('— yok —', '— none —') }, ...ORDER_STATUSES.map((status) => ({ value: status, label: status }))];
const EVENT_OPTIONS = [
  { value: '', label: tr('durum SMS’i', 'status SMS') },
  { value: 'shipment.out_for_delivery', label: tr('dağıtımda SMS’i', 'out-for-delivery SMS') },
  { value: 'shipment.delivered', label: tr('teslim edildi SMS’i', 'delivered SMS') },
];

function settingsFields(store: WooStore): DashboardField[] {
  const rules = statusRules(store.settings);
  return [
    {
      kind: 'text',
      name: 'name',
      label: tr('Mesajlarda görünen mağaza adı', 'Store name shown in messages'),
      value: store.name ?? '',
      maxLength: 100,
      placeholder: hostOf(store.url),
    },
    {
      kind: 'select',
      name: 'locale',
      label: tr('Mesajların dili', 'Language of the messages'),
      value: store.locale?.startsWith('en') === true ? 'en' : 'tr',
      options: [
        { value: 'tr', label: 'Türkçe' },
        { value: 'en', label: 'English' },
      ],
    },
    {
      kind: 'list',
      name: 'adminPhones',
      label: tr('Yönetici numaraları', 'Shop owner’s numbers'),
      help: tr('Her satıra bir numara: her yeni siparişte bu numaralara da SMS gider.', 'One number per line: each new order is also sent to them.'),
      value: store.settings.adminPhones ?? [],
    },
    {
      kind: 'list',
      name: 'consentMetaKeys',
      label: tr('Pazarlama izni alanları (sipariş meta anahtarları)', 'Marketing consent fields (order meta keys)'),
      help: tr(
        `Bu alanlardan biri “evet” ise müşteri pazarlama SMS’ine izin vermiştir. Boş: ${DEFAULT_CONSENT_META_KEYS.join(', ')}.`,
        `A customer consented to marketing SMS when one of these is “yes”. Empty: ${DEFAULT_CONSENT_META_KEYS.join(', ')}.`,
      ),
      value: store.settings.consentMetaKeys ? [...store.settings.consentMetaKeys] : [],
    },
    {
      kind: 'checkbox',
      name: 'notifyUnpaidCancellation',
      label: tr(
        'Ödenmediği için otomatik iptal edilen siparişlere de SMS gönder',
        'Also send the cancellation SMS when an unpaid order is cancelled automatically',
      ),
      value: store.settings.notifyUnpaidCancellation === true,
    },
    {
      kind: 'checkbox',
      name: 'orderNotes',
      label: tr('Her SMS için siparişe özel not yaz', 'Write a private order note for each SMS'),
      value: store.settings.orderNotes !== false,
    },
    {
      kind: 'rows',
      name: 'statuses',
      label: tr('Sipariş durumları', 'Order statuses'),
      help: tr(
        'WooCommerce durumu (eklentilerinkiler de: kargo-verildi …), karşılığı ve SMS gidip gitmeyeceği. Yeni bir durumu son satıra yazın.',
        'The WooCommerce status (plugins’ too: kargo-verildi …), what it means and whether it sends an SMS. Type a new status in the last row.',
      ),
      columns: [
        { name: 'status', label: tr('Durum', 'Status'), kind: 'text' },
        { name: 'canonical', label: tr('Anlamı', 'Meaning'), kind: 'select', options: CANONICAL_OPTIONS },
        { name: 'sms', label: 'SMS', kind: 'checkbox' },
        { name: 'event', label: tr('Gönderilen', 'Sends'), kind: 'select', options: EVENT_OPTIONS },
      ],
      value: Object.entries(rules).map(([status, rule]) => ({ status, canonical: rule.canonical ?? '', sms: rule.sms, event: rule.event ?? '' })),
    },
  ];
}

const STATUS_SLUG = /^[a-z0-9][a-z0-9_-]{0,49}$/;

/** The submitted settings, checked; only the status rules that differ from the defaults are kept. */
export function settingsFromValues(
  values: Record<string, DashboardValue>,
):
  | { errors: DashboardErrors; name?: undefined; locale?: undefined; settings?: undefined }
  | { errors?: undefined; name: string | undefined; locale: string; settings: WooStoreSettings } {
  const errors: DashboardErrors = {};
  const name = typeof values['name'] === 'string' ? values['name'].trim() : '';
  if (name.length > 100) errors['name'] = tr('En çok 100 karakter.', 'At most 100 characters.');
  const locale = values['locale'] === 'en' ? 'en' : 'tr';
  const adminPhones = Array.isArray(values['adminPhones']) ? (values['adminPhones'] as string[]) : [];
  const badPhones = adminPhones.filter((phone) => !normalizeTurkishMobile(phone).ok);
  if (badPhones.length > 0)
    errors['adminPhones'] = tr(`Cep numarası değil: ${badPhones.slice(0, 3).join(', ')}`, `Not a mobile number: ${badPhones.slice(0, 3).join(', ')}`);
  else if (adminPhones.length > 10) errors['adminPhones'] = tr('En çok 10 numara.', 'At most 10 numbers.');
  const consentMetaKeys = Array.isArray(values['consentMetaKeys']) ? (values['consentMetaKeys'] as string[]) : [];
  if (consentMetaKeys.length > 20 || consentMetaKeys.some((key) => key.length > 200)) {
    errors['consentMetaKeys'] = tr('En çok 20 alan, her biri en çok 200 karakter.', 'At most 20 keys of at most 200 characters each.');
  }
  const statuses: Record<string, StatusRule> = {};
  const rows = Array.isArray(values['statuses']) ? (values['statuses'] as Array<Record<string, string | boolean>>) : [];
  const badSlugs: string[] = [];
  for (const row of rows) {
    const status = normalizeStatus(typeof row['status'] === 'string' ? row['status'] : '');
    if (!STATUS_SLUG.test(status)) {
      badSlugs.push(String(row['status']).slice(0, 30));
      continue;
    }
    const canonical = (ORDER_STATUSES as readonly string[]).includes(row['canonical'] as string) ? (row['canonical'] as StatusRule['canonical']) : null;
    const event = (SHIPMENT_EVENTS as readonly string[]).includes(row['event'] as string) ? (row['event'] as StatusRule['event']) : undefined;
    const rule: StatusRule = { canonical, sms: row['sms'] === true, ...(event ? { event } : {}) };
    const fallback = DEFAULT_STATUS_RULES[status];
    const same = fallback !== undefined && fallback.canonical === rule.canonical && fallback.sms === rule.sms && fallback.event === rule.event;
    if (!same) statuses[status] = rule;
  }
  if (badSlugs.length > 0) {
    errors['statuses'] = tr(
      `Durum adı küçük harf, rakam, - ve _ olmalı: ${badSlugs.join(', ')}`,
      `A status is lower-case letters, digits, - and _: ${badSlugs.join(', ')}`,
    );
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    name: name === '' ? undefined : name,
    locale,
    settings: {
      adminPhones,
      consentMetaKeys: consentMetaKeys.length > 0 ? consentMetaKeys : undefined,
      notifyUnpaidCancellation: values['notifyUnpaidCancellation'] === true,
      orderNotes: values['orderNotes'] === true,
      statuses,
    } as WooStoreSettings,
  };
}

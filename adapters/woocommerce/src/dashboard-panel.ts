// WooCommerce's panel in the shop owner's dashboard: its stores with their webhook status, the one-click
// connection (wc-auth) with the outcome on return, the store's WooCommerce settings (name, language, the
// shop owner's numbers, consent keys, status mapping, order notes), and the order notes of a message.
import {
  adminPhonesField,
  adminPhonesProblem,
  both as tr,
  nameAndLanguageFields,
  orderNoteLines,
  statusRulesField,
  statusRulesFromRows,
  webhookStatusLine,
  type DashboardErrors,
  type DashboardField,
  type DashboardPanel,
  type DashboardStore,
  type DashboardValue,
} from '@esemes/adapter-kit';
import { ConnectError, connectedStoreOf, startConnection } from './connect.js';
import { DEFAULT_CONSENT_META_KEYS } from './consent.js';
import type { AdapterRuntime } from './runtime.js';
import { DEFAULT_STATUS_RULES, normalizeStatus, statusRules } from './statuses.js';
import type { WooStore, WooStoreSettings } from './types.js';

/** How long the return page waits for the webhook registration that follows a connection. */
const REGISTRATION_WAIT_MS = 8_000;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
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
    status: webhookStatusLine(await runtime.webhookStatus(store.id)),
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
          ? webhookStatusLine(sync).text
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
      const order = message.orderId === null ? '' : ` #${message.orderId}`;
      return orderNoteLines(
        await runtime.notes.ofMessage(message.id),
        (status) => tr(`WooCommerce siparişine${order} not yazıldı (${status}).`, `Order note written to WooCommerce order${order} (${status}).`),
        runtime.clock(),
      );
    },
  };
}

function settingsFields(store: WooStore): DashboardField[] {
  return [
    ...nameAndLanguageFields({ name: store.name, locale: store.locale, placeholder: hostOf(store.url) }),
    adminPhonesField(store.settings.adminPhones),
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
    statusRulesField(
      statusRules(store.settings),
      tr(
        'WooCommerce durumu (eklentilerinkiler de: kargo-verildi …), karşılığı ve SMS gidip gitmeyeceği. Yeni bir durumu son satıra yazın.',
        'The WooCommerce status (plugins’ too: kargo-verildi …), what it means and whether it sends an SMS. Type a new status in the last row.',
      ),
    ),
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
  const phonesProblem = adminPhonesProblem(adminPhones);
  if (phonesProblem) errors['adminPhones'] = phonesProblem;
  const consentMetaKeys = Array.isArray(values['consentMetaKeys']) ? (values['consentMetaKeys'] as string[]) : [];
  if (consentMetaKeys.length > 20 || consentMetaKeys.some((key) => key.length > 200)) {
    errors['consentMetaKeys'] = tr('En çok 20 alan, her biri en çok 200 karakter.', 'At most 20 keys of at most 200 characters each.');
  }
  const rows = Array.isArray(values['statuses']) ? (values['statuses'] as Array<Record<string, string | boolean>>) : [];
  const { rules: statuses, bad: badSlugs } = statusRulesFromRows(rows, DEFAULT_STATUS_RULES, (raw) => {
    const status = normalizeStatus(raw);
    return STATUS_SLUG.test(status) ? status : undefined;
  });
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

// Shopify's panel in the shop owner's dashboard: the shops with their webhook status (or "uninstalled"),
// installing the app on a shop (OAuth, from a field with the myshopify domain), a shop's settings (name,
// language, the shop owner's numbers, where to look for the customer's number, order notes, the status
// table), and the order-note lines of a message's timeline.
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
  type DashboardText,
  type DashboardValue,
} from '@esemes/adapter-kit';
import type { ShopifyRuntime, WebhookSync } from './runtime.js';
import { SHOP_DOMAIN } from './env.js';
import { DEFAULT_STATUS_RULES, statusRules } from './statuses.js';
import { PHONE_SOURCES, type PhoneSource, type ShopRecord, type ShopSettings } from './types.js';

const REGISTRATION_WAIT_MS = 8_000;

/** The shop's status line: uninstalled, or its webhook registration. */
function webhookText(shop: ShopRecord, sync: WebhookSync | undefined): { ok: boolean; text: DashboardText } {
  if (!shop.installed)
    return { ok: false, text: tr('Uygulama bu mağazadan kaldırıldı: SMS gönderilmiyor.', 'The app was uninstalled from this shop: no SMS is sent.') };
  return webhookStatusLine(sync);
}

export function createShopifyPanel(options: {
  runtime: () => ShopifyRuntime | undefined;
  canInstall: () => DashboardText | undefined;
  registrationWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}): DashboardPanel {
  const waitMs = options.registrationWaitMs ?? REGISTRATION_WAIT_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const runtimeOf = (): ShopifyRuntime => {
    const runtime = options.runtime();
    if (!runtime) throw new Error('the Shopify adapter is not registered with the server yet');
    return runtime;
  };
  const problem = options.canInstall();

  return {
    platform: 'shopify',
    title: 'Shopify',
    async stores() {
      const runtime = runtimeOf();
      return Promise.all(
        (await runtime.registry.list()).map(async (shop) => ({
          id: shop.id,
          name: shop.name ?? shop.shop,
          url: `https://${shop.shop}`,
          status: webhookText(shop, await runtime.webhookStatus(shop.id)),
        })),
      );
    },
    connect: {
      fields: [
        {
          kind: 'text',
          name: 'shop',
          value: '',
          required: true,
          maxLength: 80,
          placeholder: 'magazam.myshopify.com',
          label: tr('Mağazanın myshopify adresi', 'The shop’s myshopify address'),
          help: tr(
            'Shopify’a yönlendirileceksiniz: uygulamayı yükleyip izin verin. Anahtar şifreli saklanır, webhook’lar kaydedilir.',
            'You are sent to Shopify: install the app and approve. The token is stored encrypted and the webhooks are registered.',
          ),
        },
      ],
      button: tr('Shopify’a yükle', 'Install on Shopify'),
      ...(problem ? { help: problem } : {}),
      async start(values) {
        const cannot = options.canInstall();
        if (cannot) return { errors: { '': cannot } };
        const raw =
          typeof values['shop'] === 'string'
            ? values['shop']
                .trim()
                .toLowerCase()
                .replace(/^https?:\/\//, '')
                .replace(/\/.*$/, '')
            : '';
        const shop = raw.includes('.') ? raw : `${raw}.myshopify.com`;
        if (!SHOP_DOMAIN.test(shop))
          return { errors: { shop: tr('ad.myshopify.com biçiminde girin (özel alan adı değil).', 'Enter it as name.myshopify.com (not a custom domain).') } };
        return { redirect: `/shopify/auth?shop=${encodeURIComponent(shop)}` };
      },
      async result(query) {
        const runtime = runtimeOf();
        const domain = (query['shop'] ?? '').toLowerCase();
        const shop = SHOP_DOMAIN.test(domain) ? await runtime.registry.get(runtime.shopIdOf(domain)) : undefined;
        if (!shop?.installed) return { ok: false, text: tr('Uygulama yüklenmedi.', 'The app was not installed.') };
        const installedAt = runtime.clock();
        let sync = await runtime.webhookStatus(shop.id);
        for (let waited = 0; (sync === undefined || sync.at < installedAt - 60_000) && waited < waitMs; waited += 250) {
          await sleep(250);
          sync = await runtime.webhookStatus(shop.id);
        }
        const status = webhookText(shop, sync);
        const name = shop.name ?? shop.shop;
        const text = typeof status.text === 'string' ? { tr: status.text, en: status.text } : status.text;
        return { ok: status.ok, storeId: shop.id, text: { tr: `${name} bağlandı. ${text.tr}`, en: `${name} is connected. ${text.en}` } };
      },
    },
    async settings(storeId) {
      const shop = await runtimeOf().registry.get(storeId);
      return shop ? settingsFields(shop) : undefined;
    },
    async saveSettings(storeId, values) {
      const runtime = runtimeOf();
      const parsed = settingsFromValues(values);
      if (parsed.errors) return { errors: parsed.errors };
      const { store } = await runtime.registry.upsert(storeId, (existing) => {
        if (!existing) throw new Error(`no Shopify shop ${storeId}`);
        return { name: parsed.name, locale: parsed.locale, settings: { ...existing.settings, ...parsed.settings } };
      });
      const status = await runtime.webhookStatus(storeId);
      if (store.installed && status?.status !== 'registered') await runtime.syncWebhooks(store);
      return { text: tr('Shopify ayarları kaydedildi.', 'Shopify settings saved.') };
    },
    async timeline(message) {
      const runtime = runtimeOf();
      const order = message.orderId === null ? '' : ` (${message.orderId})`;
      return orderNoteLines(
        await runtime.notes.ofMessage(message.id),
        (status) => tr(`Shopify siparişinin notuna yazıldı${order} (${status}).`, `Written to the Shopify order’s note${order} (${status}).`),
        runtime.clock(),
      );
    },
  };
}

function settingsFields(shop: ShopRecord): DashboardField[] {
  return [
    ...nameAndLanguageFields({ name: shop.name, locale: shop.locale, placeholder: shop.shop }),
    adminPhonesField(shop.settings.adminPhones),
    {
      kind: 'list',
      name: 'phoneSources',
      label: tr('Müşterinin numarası nereden alınır (sırayla)', 'Where the customer’s number is taken from (in order)'),
      help: tr(`Her satıra biri: ${PHONE_SOURCES.join(', ')}.`, `One per line: ${PHONE_SOURCES.join(', ')}.`),
      value: [...(shop.settings.phoneSources ?? PHONE_SOURCES)],
    },
    {
      kind: 'checkbox',
      name: 'orderNotes',
      label: tr('Her SMS’i siparişin notuna ekle', 'Add each SMS to the order’s note'),
      value: shop.settings.orderNotes !== false,
    },
    statusRulesField(
      statusRules(shop.settings),
      tr(
        'Shopify durumu (ödeme ve gönderim durumundan: paid, fulfilled, cancelled …), karşılığı ve SMS gidip gitmeyeceği.',
        'The Shopify status (from the payment and fulfillment status: paid, fulfilled, cancelled …), what it means and whether it sends an SMS.',
      ),
    ),
  ];
}

/** The submitted settings, checked; only the status rules that differ from the defaults are kept. */
export function settingsFromValues(
  values: Record<string, DashboardValue>,
):
  | { errors: DashboardErrors; name?: undefined; locale?: undefined; settings?: undefined }
  | { errors?: undefined; name: string | undefined; locale: string; settings: ShopSettings } {
  const errors: DashboardErrors = {};
  const name = typeof values['name'] === 'string' ? values['name'].trim() : '';
  if (name.length > 100) errors['name'] = tr('En çok 100 karakter.', 'At most 100 characters.');
  const adminPhones = Array.isArray(values['adminPhones']) ? (values['adminPhones'] as string[]) : [];
  const phonesProblem = adminPhonesProblem(adminPhones);
  if (phonesProblem) errors['adminPhones'] = phonesProblem;
  const sources = Array.isArray(values['phoneSources']) ? (values['phoneSources'] as string[]).map((source) => source.trim().toLowerCase()) : [];
  const unknownSources = sources.filter((source) => !(PHONE_SOURCES as readonly string[]).includes(source));
  if (unknownSources.length > 0 || sources.length === 0) {
    errors['phoneSources'] = tr(`Yalnız şunlar: ${PHONE_SOURCES.join(', ')}.`, `Only these: ${PHONE_SOURCES.join(', ')}.`);
  }
  const rows = Array.isArray(values['statuses']) ? (values['statuses'] as Array<Record<string, string | boolean>>) : [];
  const { rules: statuses, bad: badStatuses } = statusRulesFromRows(rows, DEFAULT_STATUS_RULES, (raw) => {
    const status = raw.trim().toLowerCase();
    return /^[a-z0-9_]{1,50}$/.test(status) ? status : undefined;
  });
  if (badStatuses.length > 0)
    errors['statuses'] = tr(
      `Durum adı küçük harf, rakam ve _ olmalı: ${badStatuses.join(', ')}`,
      `A status is lower-case letters, digits and _: ${badStatuses.join(', ')}`,
    );
  if (Object.keys(errors).length > 0) return { errors };
  return {
    name: name === '' ? undefined : name,
    locale: values['locale'] === 'en' ? 'en' : 'tr',
    settings: { adminPhones, phoneSources: [...new Set(sources)] as PhoneSource[], orderNotes: values['orderNotes'] === true, statuses },
  };
}

// Tracking numbers from order meta: `_wc_shipment_tracking_items` (WooCommerce Shipment Tracking and
// Advanced Shipment Tracking) and Kargo Takip Türkiye's `tracking_company` + `tracking_code`.
import { httpUrl, metaValue } from './order.js';
import type { WooOrder } from './types.js';

export interface TrackingItem {
  /** Display name, e.g. `Yurtiçi Kargo`; the plugin's own text for carriers we do not know. */
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string;
}

/**
 * Tracking page per carrier key: `{code}` is replaced by the URL-encoded number, otherwise it is
 * appended. From Kargo Takip Türkiye's config.php (research notes §6); carriers change these pages
 * without notice, so stores can override them with `settings.carrierUrls`.
 */
export const CARRIER_URLS: Readonly<Record<string, string>> = Object.freeze({
  ptt: 'https://gonderitakip.ptt.gov.tr/Track/Verify?q=',
  yurtici: 'https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code=',
  aras: 'https://ebranch.araskargo.com.tr/track/',
  mng: 'http://service.mngkargo.com.tr/iactive/popup/KargoTakip/link1.asp?k=',
  dhlecommerce: 'https://www.dhlecommerce.com.tr/gonderitakip?gonderino=',
  surat: 'https://www.suratkargo.com.tr/KargoTakip/?kargotakipno=',
  hepsijet: 'https://www.hepsijet.com/gonderi-takibi/',
  tex: 'https://kargotakip.trendyol.com/?orderNumber=',
  ups: 'https://www.ups.com.tr/WaybillSorgu.aspx?Waybill=',
  dhl: 'https://www.dhl.com/tr-tr/home/tracking.html?tracking-id=',
  fedex: 'https://www.fedex.com/fedextrack/?action=track&tracknumbers=',
  tnt: 'https://www.tnt.com/express/tr_tr/site/shipping-tools/tracking.html?searchType=con&cons=',
  sendeo: 'https://www.sendeo.com.tr/kargo-takip/',
  kolaygelsin: 'https://kolaygelsin.com/tracking?code=',
});

/** Display names of the CARRIER_URLS keys. */
export const CARRIER_NAMES: Readonly<Record<string, string>> = Object.freeze({
  ptt: 'PTT Kargo',
  yurtici: 'Yurtiçi Kargo',
  aras: 'Aras Kargo',
  mng: 'MNG Kargo',
  dhlecommerce: 'DHL eCommerce',
  surat: 'Sürat Kargo',
  hepsijet: 'HepsiJET',
  tex: 'Trendyol Express',
  ups: 'UPS Kargo',
  dhl: 'DHL Kargo',
  fedex: 'FedEx',
  tnt: 'TNT',
  sendeo: 'Sendeo Kargo',
  kolaygelsin: 'Kolay Gelsin',
});

// Slugs and names plugins use for the same carriers (AST slugs are unconfirmed, see research §5).
const ALIASES: Readonly<Record<string, string>> = {
  trendyolexpress: 'tex', trendyol: 'tex', trendyolkargo: 'tex', hepsijetkargo: 'hepsijet',
  dhlecommerceturkey: 'dhlecommerce', dhlecommerceturkiye: 'dhlecommerce', mngdhlecommerce: 'dhlecommerce',
  pttkargo: 'ptt', ptt: 'ptt', upskargo: 'ups', dhlkargo: 'dhl', dhlexpress: 'dhl',
};
// Substring fallback for slugs like `yurtici-kargo-tr`; longer keys first so `dhlecommerce` beats `dhl`.
const SUBSTRINGS: readonly string[] = ['dhlecommerce', 'yurtici', 'aras', 'mng', 'ptt', 'surat', 'hepsijet', 'trendyol', 'sendeo', 'kolaygelsin', 'fedex', 'ups', 'dhl', 'tnt'];

const TURKISH: Readonly<Record<string, string>> = { ç: 'c', ğ: 'g', ı: 'i', ö: 'o', ş: 's', ü: 'u' };

/** `Yurtiçi Kargo`, `yurtici-kargo`, `YURTICI_KARGO` → `yurticikargo`. */
export function normalizeCarrierText(text: string): string {
  return text
    .toLocaleLowerCase('tr')
    .replace(/[çğıöşü]/g, (c) => TURKISH[c] ?? c)
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '');
}

/** The table key for a provider slug or name, or undefined when it is none of `known`. */
export function carrierKey(text: string, known: Readonly<Record<string, string>> = CARRIER_URLS): string | undefined {
  const norm = normalizeCarrierText(text);
  if (norm === '') return undefined;
  if (Object.hasOwn(known, norm)) return norm;
  const alias = ALIASES[norm];
  if (alias !== undefined && Object.hasOwn(known, alias)) return alias;
  const bare = norm.replace(/(kargo|cargo|express|turkiye|turkey|tr)+$/, '');
  if (bare !== '' && Object.hasOwn(known, bare)) return bare;
  const sub = SUBSTRINGS.find((s) => norm.includes(s));
  if (sub === undefined) return undefined;
  const key = ALIASES[sub] ?? sub;
  return Object.hasOwn(known, key) ? key : undefined;
}

/** A template filled with the number; undefined unless the result is an http(s) URL. */
export function fillTrackingUrl(template: string, trackingNumber: string): string | undefined {
  const code = encodeURIComponent(trackingNumber);
  // `%number%` is AST's placeholder; merchants may paste its templates into settings.
  const filled = /\{code\}|%number%/.test(template) ? template.replace(/\{code\}|%number%/g, code) : template + code;
  return httpUrl(filled);
}

const asString = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** The meta value as a list: an array, an object keyed by index (PHP arrays with gaps), or JSON text. */
function asList(value: unknown): unknown[] {
  if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
    try {
      return asList(JSON.parse(value));
    } catch {
      return [];
    }
  }
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) return Object.values(value);
  return [];
}

/**
 * Every tracking number on the order, deduplicated by number, in meta order.
 * @example
 * trackingItems(order) // → [{ carrier: 'Yurtiçi Kargo', trackingNumber: '123', trackingUrl: 'https://www.yurticikargo.com/…?code=123' }]
 */
export function trackingItems(order: Pick<WooOrder, 'meta_data'>, carrierUrls?: Record<string, string>): TrackingItem[] {
  const urls: Record<string, string> = { ...CARRIER_URLS };
  for (const [key, template] of Object.entries(carrierUrls ?? {})) urls[carrierKey(key, urls) ?? normalizeCarrierText(key)] = template;

  const found: TrackingItem[] = [];
  const seen = new Set<string>();
  const add = (providers: string[], trackingNumber: string, link: string): void => {
    // Longer than the canonical schema allows: not a tracking number a carrier would print.
    if (trackingNumber === '' || trackingNumber.length > 100 || seen.has(trackingNumber)) return;
    seen.add(trackingNumber);
    const raw = providers.find((p) => p !== '') ?? '';
    const key = providers.map((p) => carrierKey(p, urls)).find((k) => k !== undefined);
    const name = (key !== undefined ? CARRIER_NAMES[key] : undefined) ?? raw;
    const template = key !== undefined ? urls[key] : undefined;
    const trackingUrl = httpUrl(link) ?? (template !== undefined ? fillTrackingUrl(template, trackingNumber) : undefined);
    // The canonical shipment needs a carrier name; 'Kargo' (Turkish for "cargo") when nothing names it.
    const item: TrackingItem = { carrier: (name || 'Kargo').slice(0, 100), trackingNumber };
    if (trackingUrl !== undefined) item.trackingUrl = trackingUrl;
    found.push(item);
  };

  for (const entry of asList(metaValue(order, '_wc_shipment_tracking_items'))) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    // custom_tracking_provider is the name typed in for a custom carrier; tracking_provider the slug.
    add([asString(e['custom_tracking_provider']), asString(e['tracking_provider'])], asString(e['tracking_number']), asString(e['custom_tracking_link']));
  }
  add([asString(metaValue(order, 'tracking_company'))], asString(metaValue(order, 'tracking_code')), '');
  return found;
}

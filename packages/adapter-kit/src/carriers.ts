// Turkish (and a few international) carriers: display names and tracking pages, so that a shipment SMS
// carries a link even when the platform or plugin gives none. Platforms and plugins name the same carrier
// many ways (`yurtici-kargo`, `Yurtiçi Kargo`, `YURTICI_KARGO`), so lookups go through one normal form.
import { FIELD_LIMITS } from '@esemes/notify';
import type { EventShipment } from './event-parts.js';
import { httpUrl } from './urls.js';

/**
 * Tracking page per carrier key: `{code}` is replaced by the URL-encoded number, otherwise it is
 * appended. From Kargo Takip Türkiye's config.php; carriers change these pages without notice, so stores
 * can override them (`carrierUrls` of {@link shipmentFor}).
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

// Slugs and names plugins use for the same carriers.
const ALIASES: Readonly<Record<string, string>> = {
  trendyolexpress: 'tex',
  trendyol: 'tex',
  trendyolkargo: 'tex',
  hepsijetkargo: 'hepsijet',
  dhlecommerceturkey: 'dhlecommerce',
  dhlecommerceturkiye: 'dhlecommerce',
  mngdhlecommerce: 'dhlecommerce',
  pttkargo: 'ptt',
  ptt: 'ptt',
  upskargo: 'ups',
  dhlkargo: 'dhl',
  dhlexpress: 'dhl',
};
// Substring fallback for slugs like `yurtici-kargo-tr`; longer keys first so `dhlecommerce` beats `dhl`.
const SUBSTRINGS: readonly string[] = [
  'dhlecommerce',
  'yurtici',
  'aras',
  'mng',
  'ptt',
  'surat',
  'hepsijet',
  'trendyol',
  'sendeo',
  'kolaygelsin',
  'fedex',
  'ups',
  'dhl',
  'tnt',
];

const TURKISH: Readonly<Record<string, string>> = { ç: 'c', ğ: 'g', ı: 'i', ö: 'o', ş: 's', ü: 'u' };

/** `Yurtiçi Kargo`, `yurtici-kargo`, `YURTICI_KARGO` → `yurticikargo`. */
export function normalizeCarrierText(text: string): string {
  return text
    .toLocaleLowerCase('tr')
    .replace(/[çğıöşü]/g, (c) => TURKISH[c] ?? c)
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '');
}

/** The table key for a carrier's slug or name, or undefined when it is none of `known`. */
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
  // `%number%` is Advanced Shipment Tracking's placeholder; merchants may paste its templates into settings.
  const filled = /\{code\}|%number%/.test(template) ? template.replace(/\{code\}|%number%/g, code) : template + code;
  return httpUrl(filled);
}

/** The built-in tracking pages with a store's own (keyed by any name or slug of the carrier) over them. */
export function carrierTable(overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  const urls: Record<string, string> = { ...CARRIER_URLS };
  for (const [key, template] of Object.entries(overrides)) urls[carrierKey(key, urls) ?? normalizeCarrierText(key)] = template;
  return urls;
}

/**
 * A canonical shipment from what a platform says of a parcel: the first of `carriers` (names or slugs)
 * that the table knows gives the display name and the tracking page; a `link` of the platform's own wins.
 * Undefined without a usable tracking number (empty, or longer than the engine's 50 characters: not one a carrier prints).
 * @example
 * shipmentFor({ carriers: ['yurtici-kargo'], trackingNumber: '3001234567' })
 * // → { carrier: 'Yurtiçi Kargo', trackingNumber: '3001234567', trackingUrl: 'https://www.yurticikargo.com/…?code=3001234567' }
 */
export function shipmentFor(input: {
  carriers: readonly string[];
  trackingNumber: string;
  link?: string;
  table?: Readonly<Record<string, string>>;
}): EventShipment | undefined {
  const trackingNumber = input.trackingNumber.trim();
  if (trackingNumber === '' || trackingNumber.length > FIELD_LIMITS.trackingNumber) return undefined;
  const urls = input.table ?? CARRIER_URLS;
  const raw = input.carriers.map((c) => c.trim()).find((c) => c !== '') ?? '';
  const key = input.carriers.map((c) => carrierKey(c, urls)).find((k) => k !== undefined);
  const name = (key !== undefined ? CARRIER_NAMES[key] : undefined) ?? raw;
  const template = key !== undefined ? urls[key] : undefined;
  const trackingUrl =
    (input.link !== undefined ? httpUrl(input.link) : undefined) ?? (template !== undefined ? fillTrackingUrl(template, trackingNumber) : undefined);
  // The canonical shipment needs a carrier name; 'Kargo' (Turkish for "cargo") when nothing names it.
  const shipment: EventShipment = {
    carrier: Array.from(name || 'Kargo')
      .slice(0, FIELD_LIMITS.carrier)
      .join('')
      .trim(),
    trackingNumber,
  };
  if (trackingUrl !== undefined) shipment.trackingUrl = trackingUrl;
  return shipment;
}

// Tracking numbers from order meta: `_wc_shipment_tracking_items` (WooCommerce Shipment Tracking and
// Advanced Shipment Tracking) and Kargo Takip Türkiye's `tracking_company` + `tracking_code`. Carrier names
// and tracking pages are the kit's table (shipmentFor), with the store's own pages over it.
import { carrierTable, shipmentFor, type EventShipment } from '@esemes/adapter-kit';
import { metaValue } from './order.js';
import type { WooOrder } from './types.js';

/** One parcel of an order: the kit's canonical shipment. */
export type TrackingItem = EventShipment;

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
  const table = carrierTable(carrierUrls);
  const found: TrackingItem[] = [];
  const add = (carriers: string[], trackingNumber: string, link: string): void => {
    const shipment = shipmentFor({ carriers, trackingNumber, ...(link !== '' ? { link } : {}), table });
    if (shipment !== undefined && !found.some((item) => item.trackingNumber === shipment.trackingNumber)) found.push(shipment);
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

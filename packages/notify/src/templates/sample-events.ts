// Realistic sample events for previews and tests: Turkish values for tr, English ones for en.
import { MessageEventSchema } from '../events/schema.js';
import type { CanonicalEventInput, EventType, MessageEvent } from '../events/schema.js';
import type { TemplateLanguage } from './types.js';

interface Sample {
  store: { name: string; locale: string };
  customer: { firstName: string; lastName: string };
  items: Array<{ name: string; quantity: number; total: string }>;
  /** The text of `message.custom`, as a caller would write it. */
  customBody: string;
}

const SAMPLES: Readonly<Record<TemplateLanguage, Sample>> = {
  tr: {
    store: { name: 'Demo Mağaza', locale: 'tr' },
    customer: { firstName: 'Ayşe', lastName: 'Yılmaz' },
    items: [
      { name: 'Pamuklu Tişört', quantity: 2, total: '499.90' },
      { name: 'Kot Pantolon', quantity: 1, total: '750.00' },
    ],
    customBody: 'Demo Mağaza: Merhaba Ayşe, 100234 numaralı siparişinizdeki Kot Pantolon tedarikçiden yarın gelecek; siparişiniz cuma kargoda.',
  },
  en: {
    store: { name: 'Demo Store', locale: 'en' },
    customer: { firstName: 'Emma', lastName: 'Brown' },
    items: [
      { name: 'Cotton T-shirt', quantity: 2, total: '499.90' },
      { name: 'Denim Jeans', quantity: 1, total: '750.00' },
    ],
    customBody: 'Demo Store: Hello Emma, the Denim Jeans in your order 100234 arrive from our supplier tomorrow; your order ships on Friday.',
  },
};

/** The values the samples share (order 100234 of 1.249,90 TL, Yurtiçi Kargo 1234567890, ~36-character URLs). */
export const SAMPLE_VALUES = {
  orderNumber: '100234',
  total: '1249.90',
  carrier: 'Yurtiçi Kargo',
  trackingNumber: '1234567890',
  trackingUrl: 'https://kargotakip.com.tr/1234567890',
  statusUrl: 'https://demo-magaza.com/siparis/100234',
  recoveryUrl: 'https://demo-magaza.com/sepet/ab12cd',
  occurredAt: '2025-11-25T14:30:00+03:00',
} as const;

/**
 * A valid canonical event of `type` with realistic values in `language`, for store `storeId` (default `demo`).
 * @example
 * sampleEvent('shipment.created', 'tr').shipment.carrier // 'Yurtiçi Kargo'
 */
export function sampleEvent(type: EventType, language: TemplateLanguage, storeId = 'demo'): MessageEvent {
  const sample = SAMPLES[language];
  const v = SAMPLE_VALUES;
  const order = { id: '5001', number: v.orderNumber, total: v.total, currency: 'TRY', items: sample.items, statusUrl: v.statusUrl };
  const base = {
    idempotencyKey: `sample:${type}`,
    occurredAt: v.occurredAt,
    store: { id: storeId, platform: 'custom', name: sample.store.name, locale: sample.store.locale, currency: 'TRY', timeZone: 'Europe/Istanbul' },
    customer: { ...sample.customer, phones: ['+90 532 999 88 77'], smsConsent: { marketing: true } },
  };
  const shipment = { carrier: v.carrier, trackingNumber: v.trackingNumber, trackingUrl: v.trackingUrl };
  let input: CanonicalEventInput;
  switch (type) {
    case 'order.status_changed':
      input = { ...base, type, order, status: { canonical: 'processing', raw: 'wc-processing' } };
      break;
    case 'shipment.created':
    case 'shipment.out_for_delivery':
    case 'shipment.delivered':
      input = { ...base, type, order, shipment };
      break;
    case 'cart.abandoned':
      input = { ...base, type, cart: { id: 'ab12cd', recoveryUrl: v.recoveryUrl, items: sample.items, total: v.total, currency: 'TRY', reminder: 1 } };
      break;
    case 'admin.order.created':
      input = { ...base, type, order, adminPhones: ['+90 532 111 22 33'] };
      break;
    case 'message.custom':
      input = { ...base, type, body: sample.customBody, order };
      break;
    case 'order.created':
    case 'order.paid':
    case 'order.cancelled':
    case 'order.refunded':
      input = { ...base, type, order };
      break;
  }
  return MessageEventSchema.parse(input);
}

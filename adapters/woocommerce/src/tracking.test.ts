import { describe, expect, it } from 'vitest';
import { trackingItems } from './tracking.js';
import type { WooMeta } from './types.js';

const order = (meta: WooMeta[]) => ({ meta_data: meta });
const ast = (items: unknown): WooMeta => ({ key: '_wc_shipment_tracking_items', value: items });

describe('trackingItems', () => {
  it('reads Kargo Takip Türkiye meta', () => {
    const items = trackingItems(
      order([
        { key: 'tracking_company', value: 'yurtici' },
        { key: 'tracking_code', value: ' 3001234567 ' },
      ]),
    );
    expect(items).toEqual([
      {
        carrier: 'Yurtiçi Kargo',
        trackingNumber: '3001234567',
        trackingUrl: 'https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code=3001234567',
      },
    ]);
  });

  it('reads AST items, preferring the custom link, from an array or an index-keyed object', () => {
    const list = [
      { tracking_provider: 'aras-kargo', custom_tracking_provider: '', custom_tracking_link: '', tracking_number: '111', date_shipped: 1700000000 },
      { tracking_provider: '', custom_tracking_provider: 'Bizim Kurye', custom_tracking_link: 'https://kurye.example/t/222', tracking_number: '222' },
      { tracking_provider: 'mng-kargo', custom_tracking_link: 'javascript:alert(1)', tracking_number: '333' },
      { tracking_provider: 'ptt', tracking_number: '' },
    ];
    const expected = [
      { carrier: 'Aras Kargo', trackingNumber: '111', trackingUrl: 'https://ebranch.araskargo.com.tr/track/111' },
      { carrier: 'Bizim Kurye', trackingNumber: '222', trackingUrl: 'https://kurye.example/t/222' },
      { carrier: 'MNG Kargo', trackingNumber: '333', trackingUrl: 'http://service.mngkargo.com.tr/iactive/popup/KargoTakip/link1.asp?k=333' },
    ];
    expect(trackingItems(order([ast(list)]))).toEqual(expected);
    expect(trackingItems(order([ast({ 0: list[0], 2: list[1], 5: list[2] })]))).toEqual(expected);
  });

  it('gives the raw provider text and no URL for unknown carriers', () => {
    expect(trackingItems(order([ast([{ tracking_provider: 'kuryem-express', tracking_number: 'K1' }])]))).toEqual([
      { carrier: 'kuryem-express', trackingNumber: 'K1' },
    ]);
    expect(trackingItems(order([ast([{ tracking_number: 'K2' }])]))).toEqual([{ carrier: 'Kargo', trackingNumber: 'K2' }]);
  });

  it('merges store templates over the table', () => {
    const urls = { 'Yurtiçi Kargo': 'https://yk.example/{code}', kuryem: 'https://kuryem.example/?no=' };
    const meta = order([
      ast([
        { tracking_provider: 'yurtici-kargo', tracking_number: '1' },
        { tracking_provider: 'kuryem', tracking_number: '2' },
      ]),
    ]);
    expect(trackingItems(meta, urls)).toEqual([
      { carrier: 'Yurtiçi Kargo', trackingNumber: '1', trackingUrl: 'https://yk.example/1' },
      { carrier: 'kuryem', trackingNumber: '2', trackingUrl: 'https://kuryem.example/?no=2' },
    ]);
  });

  it('dedupes by tracking number across both plugins', () => {
    const meta = order([
      ast([
        { tracking_provider: 'yurtici-kargo', tracking_number: '9' },
        { tracking_provider: 'yurtici-kargo', tracking_number: '9' },
      ]),
      { key: 'tracking_company', value: 'yurtici' },
      { key: 'tracking_code', value: '9' },
    ]);
    expect(trackingItems(meta).map((i) => i.trackingNumber)).toEqual(['9']);
  });

  it('ignores junk meta', () => {
    expect(trackingItems(order([ast('not json')]))).toEqual([]);
    expect(trackingItems(order([ast(JSON.stringify([{ tracking_provider: 'ups', tracking_number: 'U1' }]))]))).toHaveLength(1);
    expect(trackingItems(order([ast([null, 3, 'x'])]))).toEqual([]);
    expect(trackingItems(order([{ key: 'tracking_company', value: 'aras' }]))).toEqual([]);
  });
});

// Report calls over HTTP with an injected clock: pending → final states, scheduled sends,
// determinism from the seed, the report list's date range, and the XML as the page shows it.
import { describe, expect, it } from 'vitest';
import { SANDBOX_ERRORS } from './errors.js';
import { RESERVED_NUMBERS } from './outcomes.js';
import { bulkXml, fakeClock, numbers, personalXml, post, reportIdOf, reportListXml, reportXml, sandbox } from './test-helpers.js';

const T0 = Date.UTC(2024, 0, 15, 9, 0, 0); // 2024-01-15 12:00:00 in Istanbul
const { notDelivered, expired, pendingForever } = RESERVED_NUMBERS;

type Row = Record<'id' | 'numara' | 'gonderilme' | 'sonuclanma' | 'durum' | 'hatakodu' | 'mesaj' | 'uzunluk', string>;

/** The `<rapor … />` rows of a detailed report, attributes unescaped. */
function rows(xml: string): Row[] {
  const unescape = (v: string) =>
    v
      .replace(/&#10;/g, '\n')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<rapor ([^>]*?) \/>/g)].map(
    (m) => Object.fromEntries([...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], unescape(a[2] ?? '')])) as Row,
  );
}

describe('report states', () => {
  it('Should move each number from WAITING to its final state after deliveryDelayMs, reserved numbers fixed', async () => {
    const clock = fakeClock(T0);
    const s = await sandbox({ now: clock.now, deliveryDelayMs: 2000, outcomeWeights: { delivered: 1, notDelivered: 0, expired: 0 } });
    const id = reportIdOf(await post(s, 'xml_api.php', bulkXml(['5321112233', notDelivered, expired, pendingForever])));
    const summary = async () => (await post(s, 'xml_rapor.php', reportXml(id))).text;
    const detail = async () => rows((await post(s, 'xml_rapor_detay.php', reportXml(id))).text);

    clock.advance(1999);
    expect(await summary()).toBe(
      `<SONUC><BEKLEYEN>5321112233,${notDelivered},${expired},${pendingForever}</BEKLEYEN><ILETILEN></ILETILEN><HATALI></HATALI></SONUC>`,
    );
    expect((await detail()).map((r) => [r.durum, r.sonuclanma, r.hatakodu, r.gonderilme])).toEqual(Array(4).fill(['WAITING', '', '0', '2024-01-15 12:00:00']));

    clock.advance(1);
    expect(await summary()).toBe(
      `<SONUC><BEKLEYEN>${pendingForever}</BEKLEYEN><ILETILEN>5321112233</ILETILEN><HATALI>${notDelivered},${expired}</HATALI></SONUC>`,
    );
    expect((await detail()).map((r) => [r.numara, r.durum, r.hatakodu, r.sonuclanma])).toEqual([
      ['5321112233', 'DELIVERED', '0', '2024-01-15 12:00:02'],
      [notDelivered, 'NOT_DELIVERED', '13', '2024-01-15 12:00:02'],
      [expired, 'EXPIRED', '0', '2024-01-15 12:00:02'],
      [pendingForever, 'WAITING', '0', ''],
    ]);
    clock.advance(365 * 24 * 3600 * 1000);
    expect((await detail()).at(-1)?.durum).toBe('WAITING');
  });

  it('Should answer the report calls as text/xml UTF-8 in the page layout', async () => {
    const s = await sandbox({ now: fakeClock(T0).now });
    const id = reportIdOf(await post(s, 'xml_api.php', bulkXml(['5321112233'], { text: 'Merhaba' })));
    const reply = await post(s, 'xml_rapor_detay.php', reportXml(id));
    expect(reply.contentType).toBe('text/xml; charset=utf-8');
    expect(reply.text).toBe(
      '<RaporDetay>\n' +
        `  <rapor id="${id}" numara="5321112233" gonderilme="2024-01-15 12:00:00" sonuclanma="" durum="WAITING" hatakodu="0" mesaj="Merhaba" uzunluk="1" />\n` +
        '</RaporDetay>',
    );
    expect((await post(s, 'xml_rapor.php', reportXml(id))).contentType).toBe('text/xml; charset=utf-8');
    expect((await post(s, 'xml_raporlar.php', reportListXml())).contentType).toBe('text/xml; charset=utf-8');
  });

  it('Should escape texts in the mesaj attribute, quotes and newlines included, one text per personalized row', async () => {
    const s = await sandbox();
    const texts = ['Fiyat <100> & "indirim" \'bugun\'', 'satir 1&#10;satir 2', 'Çiçek'];
    const id = reportIdOf(
      await post(
        s,
        'tr/xml_ozel_api_ileri.php',
        personalXml(
          texts.map((text, i) => ({
            text: text
              .replace(/&(?!#)/g, '&amp;')
              .replace(/</g, '&lt;')
              .replace(/>/g, '&gt;'),
            number: `532111223${i}`,
          })),
        ),
      ),
    );
    const xml = (await post(s, 'xml_rapor_detay.php', reportXml(id))).text;
    expect(xml).toContain('mesaj="Fiyat &lt;100&gt; &amp; &quot;indirim&quot; &apos;bugun&apos;"');
    expect(xml).toContain('mesaj="satir 1&#10;satir 2"');
    expect(rows(xml).map((r) => r.mesaj)).toEqual(['Fiyat <100> & "indirim" \'bugun\'', 'satir 1\nsatir 2', 'Çiçek']);
  });
});

describe('scheduled sends', () => {
  // Not xml_ozel_api.php: the page documents no tarih there (api-errors.test.ts shows the refusal).
  it.each(['xml_api.php', 'xml_api_ileri.php', 'tr/xml_api_ileri.php', 'xml_ozel_api_ileri.php', 'tr/xml_ozel_api_ileri.php'])(
    'Should keep a send pending until the clock passes its Istanbul tarih (%s)',
    async (path) => {
      const clock = fakeClock(T0);
      const s = await sandbox({ now: clock.now, deliveryDelayMs: 2000, outcomeWeights: { delivered: 1, notDelivered: 0, expired: 0 } });
      const fields = { date: '2024-01-15 13:00:00' }; // one hour after T0, Istanbul time
      const body = path.includes('ozel')
        ? personalXml([{ text: 'Hatirlatma', number: '5321112233' }], fields)
        : bulkXml(['5321112233'], { ...fields, text: 'Hatirlatma' });
      const id = reportIdOf(await post(s, path, body));
      expect(s.sends()[0]).toMatchObject({
        scheduledFor: '2024-01-15T10:00:00.000Z',
        sentAt: '2024-01-15T10:00:00.000Z',
        acceptedAt: '2024-01-15T09:00:00.000Z',
      });
      const state = async () => rows((await post(s, 'xml_rapor_detay.php', reportXml(id))).text)[0];

      clock.set(Date.UTC(2024, 0, 15, 9, 59, 59));
      expect(s.inbox('5321112233')).toEqual([]);
      expect(await state()).toMatchObject({ durum: 'WAITING', gonderilme: '2024-01-15 13:00:00', sonuclanma: '' });

      clock.set(Date.UTC(2024, 0, 15, 10, 0, 0));
      expect(s.inbox('5321112233')).toMatchObject([{ reportId: id, status: 'WAITING', finishedAt: null, text: 'Hatirlatma' }]);
      clock.advance(2000);
      expect(s.inbox('5321112233')).toMatchObject([{ status: 'DELIVERED', finishedAt: '2024-01-15T10:00:02.000Z', errorCode: 0 }]);
      expect(await state()).toMatchObject({ durum: 'DELIVERED', sonuclanma: '2024-01-15 13:00:02' });
    },
  );

  it('Should send a tarih already past at once', async () => {
    const s = await sandbox({ now: fakeClock(T0).now });
    reportIdOf(await post(s, 'xml_api_ileri.php', bulkXml(['5321112233'], { date: '2020-01-01 00:00:00' })));
    expect(s.sends()[0]).toMatchObject({ scheduledFor: '2019-12-31T21:00:00.000Z', sentAt: new Date(T0).toISOString() });
    expect(s.inbox('5321112233')).toHaveLength(1);
  });
});

describe('outcomes from the seed', () => {
  const finals = async (seed: number) => {
    const s = await sandbox({ seed, now: fakeClock(T0).now, deliveryDelayMs: 0 });
    const id = reportIdOf(await post(s, 'xml_api.php', bulkXml(numbers(2000))));
    return rows((await post(s, 'xml_rapor_detay.php', reportXml(id))).text).map((r) => r.durum);
  };

  it('Should give the same outcomes for the same seed and other outcomes for another seed', async () => {
    const [a, b, c] = [await finals(1), await finals(1), await finals(2)];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('Should follow the default weights of about 90 / 7 / 3 per cent', async () => {
    const outcomes = await finals(1);
    const share = (status: string) => outcomes.filter((o) => o === status).length / outcomes.length;
    expect(share('DELIVERED')).toBeGreaterThan(0.87);
    expect(share('DELIVERED')).toBeLessThan(0.93);
    expect(share('NOT_DELIVERED')).toBeGreaterThan(0.05);
    expect(share('NOT_DELIVERED')).toBeLessThan(0.09);
    expect(share('EXPIRED')).toBeGreaterThan(0.015);
    expect(share('EXPIRED')).toBeLessThan(0.045);
    expect(outcomes).not.toContain('WAITING');
  });

  it('Should follow configured weights', async () => {
    const s = await sandbox({ now: fakeClock(T0).now, deliveryDelayMs: 0, outcomeWeights: { delivered: 0, notDelivered: 0, expired: 1 } });
    const id = reportIdOf(await post(s, 'xml_api.php', bulkXml(numbers(50))));
    expect(new Set(rows((await post(s, 'xml_rapor_detay.php', reportXml(id))).text).map((r) => r.durum))).toEqual(new Set(['EXPIRED']));
  });
});

describe('xml_raporlar.php', () => {
  it('Should list the account report ids accepted within the inclusive Istanbul range, either bound optional', async () => {
    const clock = fakeClock(Date.UTC(2024, 2, 1, 8, 0, 0, 400)); // 2024-03-01 11:00:00.400 Istanbul
    const s = await sandbox({ now: clock.now });
    const ids: string[] = [];
    for (let day = 0; day < 3; day++) {
      ids.push(reportIdOf(await post(s, 'xml_api.php', bulkXml(['5321112233']))));
      clock.advance(24 * 3600 * 1000);
    }
    const list = async (from?: string, to?: string) => {
      const range = from === undefined && to === undefined ? undefined : { ...(from ? { from } : {}), ...(to ? { to } : {}) };
      return (await post(s, 'xml_raporlar.php', reportListXml(range))).text;
    };
    expect(await list()).toBe(`<SONUC>${ids.join(',')}</SONUC>`);
    expect(await list('2024-03-01 11:00:00', '2024-03-02 11:00:00')).toBe(`<SONUC>${ids[0]},${ids[1]}</SONUC>`);
    expect(await list('2024-03-01 11:00:01')).toBe(`<SONUC>${ids[1]},${ids[2]}</SONUC>`);
    expect(await list(undefined, '2024-03-01 10:59:59')).toBe('<SONUC></SONUC>');
    expect(await list('2024-03-03 00:00:00', '2024-03-03 23:59:59')).toBe(`<SONUC>${ids[2]}</SONUC>`);
    expect((await post(s, 'xml_raporlar.php', reportListXml().replace('</RAPOR>', '<rapor></rapor></RAPOR>'))).text).toBe(`<SONUC>${ids.join(',')}</SONUC>`);
    expect((await post(s, 'xml_raporlar.php', reportListXml({ from: '2024-03-01' }))).text).toBe(SANDBOX_ERRORS.date);
  });
});

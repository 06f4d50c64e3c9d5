// The sandbox's phones: every number that received something, newest activity first, in-process and
// over HTTP, with counts, the latest message and its preview; the inboxes keep their order.
import { describe, expect, it } from 'vitest';
import { isSandboxConfigError } from './errors.js';
import { PHONE_PREVIEW_LENGTH, previewOf, type PhoneView } from './phones.js';
import { bulkXml, fakeClock, inspect, personalXml, post, reportIdOf, sandbox } from './test-helpers.js';

const T0 = Date.UTC(2024, 0, 15, 9, 0, 0); // 12:00 in Istanbul
const A = '5321112233';
const B = '5329998877';
const C = '5305554433';
const delivered = { delivered: 1, notDelivered: 0, expired: 0 };

describe('phones()', () => {
  it('Should list every number that received something, newest activity first, with counts and the latest message', async () => {
    const clock = fakeClock(T0);
    const s = await sandbox({ now: clock.now, deliveryDelayMs: 5000, outcomeWeights: delivered });
    expect(s.phones()).toEqual([]);

    const first = reportIdOf(await post(s, 'xml_api.php', bulkXml([A], { text: 'Siparisiniz alindi' })));
    clock.advance(1000);
    const second = reportIdOf(await post(s, 'xml_api.php', bulkXml([B], { text: 'Kargonuz yolda', sender: 'MAGAZA' })));
    clock.advance(1000);
    const third = reportIdOf(await post(s, 'xml_api.php', bulkXml([A], { text: 'Siparisiniz teslim edildi' })));
    // Scheduled for 13:00 Istanbul: not on any phone yet.
    reportIdOf(await post(s, 'xml_api.php', bulkXml([C], { text: 'Kampanya', date: '2024-01-15 13:00:00' })));

    expect(s.phones()).toEqual<PhoneView[]>([
      {
        number: A,
        messages: 2,
        lastSentAt: '2024-01-15T09:00:02.000Z',
        lastReportId: third,
        lastSender: 'DEMO',
        lastStatus: 'WAITING',
        preview: 'Siparisiniz teslim edildi',
      },
      {
        number: B,
        messages: 1,
        lastSentAt: '2024-01-15T09:00:01.000Z',
        lastReportId: second,
        lastSender: 'MAGAZA',
        lastStatus: 'WAITING',
        preview: 'Kargonuz yolda',
      },
    ]);
    // The inbox keeps its documented order, oldest first.
    expect(s.inbox(A).map((m) => m.reportId)).toEqual([first, third]);

    clock.set(T0 + 3_600_000); // 13:00: the scheduled message went out; the others are delivered
    const phones = s.phones();
    expect(phones.map((p) => [p.number, p.messages, p.lastStatus])).toEqual([
      [C, 1, 'WAITING'],
      [A, 2, 'DELIVERED'],
      [B, 1, 'DELIVERED'],
    ]);
    expect(phones[0]!.lastSentAt).toBe('2024-01-15T10:00:00.000Z');
    expect(s.phones({ limit: 2 }).map((p) => p.number)).toEqual([C, A]);
  });

  it('Should count one send to many numbers once per number and order a tie by the number', async () => {
    const clock = fakeClock(T0);
    const s = await sandbox({ now: clock.now });
    const id = reportIdOf(await post(s, 'xml_api.php', bulkXml([B, A, C, A], { text: 'Hepsine' }))); // A twice in one list: sent once
    expect(s.phones().map((p) => [p.number, p.messages, p.lastReportId])).toEqual([
      [C, 1, id],
      [A, 1, id],
      [B, 1, id],
    ]);
  });

  it('Should take the last of a number’s texts in a personalized send, and count each', async () => {
    const clock = fakeClock(T0);
    const s = await sandbox({ now: clock.now });
    await post(
      s,
      'xml_ozel_api.php',
      personalXml([
        { text: 'Birinci mesaj', number: A },
        { text: 'Size özel', number: B },
        { text: 'İkinci mesaj', number: A },
      ]),
    );
    const byNumber = Object.fromEntries(s.phones().map((p) => [p.number, [p.messages, p.preview]]));
    expect(byNumber).toEqual({ [A]: [2, 'Ikinci mesaj'], [B]: [1, 'Size ozel'] }); // transliterated off the tr/ paths
    expect(s.inbox(A).map((m) => m.text)).toEqual(['Birinci mesaj', 'Ikinci mesaj']);
  });

  it('Should preview a long or multi-line text on one line, cut with an ellipsis', async () => {
    const s = await sandbox();
    const text = 'Merhaba Ayse,\nsiparisiniz   hazirlaniyor. ' + 'Detaylar icin magazamizi ziyaret edin. '.repeat(3);
    await post(s, 'tr/xml_api_ileri.php', bulkXml([A], { text }));
    const [phone] = s.phones();
    expect(phone!.preview).toBe(previewOf(text));
    expect(phone!.preview.startsWith('Merhaba Ayse, siparisiniz hazirlaniyor. Detaylar')).toBe(true);
    expect([...phone!.preview]).toHaveLength(PHONE_PREVIEW_LENGTH);
    expect(phone!.preview.endsWith('…')).toBe(true);
    expect(previewOf('  kısa  \n metin ')).toBe('kısa metin');
    expect(previewOf('ğ'.repeat(10) + '😀'.repeat(10), 12)).toBe('ğ'.repeat(10) + '😀…'); // whole code points
  });

  it('Should refuse a limit that is not a positive integer', async () => {
    const s = await sandbox();
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      const error = (() => {
        try {
          s.phones({ limit });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(isSandboxConfigError(error)).toBe(true);
    }
  });

  it('Should forget every phone on reset', async () => {
    const s = await sandbox();
    await post(s, 'xml_api.php', bulkXml([A]));
    expect(s.phones()).toHaveLength(1);
    s.reset();
    expect(s.phones()).toEqual([]);
  });
});

describe('GET /_sandbox/phones', () => {
  it('Should serve the same list as JSON, with ?limit', async () => {
    const clock = fakeClock(T0);
    const s = await sandbox({ now: clock.now, deliveryDelayMs: 1000, outcomeWeights: delivered });
    await post(s, 'xml_api.php', bulkXml([A], { text: 'Bir' }));
    clock.advance(2000);
    const id = reportIdOf(await post(s, 'xml_api.php', bulkXml([B], { text: 'Iki' })));

    const all = await inspect<PhoneView[]>(s, '/_sandbox/phones');
    expect(all.status).toBe(200);
    expect(all.body).toEqual(s.phones());
    expect(all.body[0]).toEqual({
      number: B,
      messages: 1,
      lastSentAt: '2024-01-15T09:00:02.000Z',
      lastReportId: id,
      lastSender: 'DEMO',
      lastStatus: 'WAITING',
      preview: 'Iki',
    });
    expect(all.body[1]).toMatchObject({ number: A, lastStatus: 'DELIVERED', preview: 'Bir' });
    expect((await inspect<PhoneView[]>(s, '/_sandbox/phones?limit=1')).body.map((p) => p.number)).toEqual([B]);
    for (const bad of ['0', '-1', 'x', '1.5']) {
      const refused = await inspect<{ error: string; problems: string[] }>(s, `/_sandbox/phones?limit=${bad}`);
      expect(refused.status).toBe(400);
      expect(refused.body.problems).toEqual(['limit must be a positive integer']);
    }
    const home = await (await fetch(s.origin + '/')).text();
    expect(home).toContain('/_sandbox/phones');
  });
});

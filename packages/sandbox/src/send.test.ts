// The six send paths over HTTP: acceptance, texts, credits, numbers, blacklists and every send ERR.
import { segments, transliterate, withOptOut } from '@esemes/segments';
import { describe, expect, it } from 'vitest';
import { SANDBOX_ERRORS } from './errors.js';
import { bulkXml, personalXml, post, reportIdOf, reportXml, sandbox } from './test-helpers.js';

const BULK_PATHS = ['xml_api.php', 'xml_api_ileri.php', 'tr/xml_api_ileri.php'];
const PERSONAL_PATHS = ['xml_ozel_api.php', 'xml_ozel_api_ileri.php', 'tr/xml_ozel_api_ileri.php'];
const TURKISH = 'Siparişiniz kargoya verildi, teşekkürler Işıl Hanım';

describe('sending', () => {
  it('Should accept a send on every send path with report ids from 100000001 up', async () => {
    const s = await sandbox();
    const ids: string[] = [];
    for (const path of BULK_PATHS) ids.push(reportIdOf(await post(s, path, bulkXml(['5321112233']))));
    for (const path of PERSONAL_PATHS) ids.push(reportIdOf(await post(s, path, personalXml([{ text: 'Merhaba', number: '5321112233' }]))));
    expect(ids).toEqual(['100000001', '100000002', '100000003', '100000004', '100000005', '100000006']);
    expect(s.sends().map((send) => send.path)).toEqual([...BULK_PATHS, ...PERSONAL_PATHS].map((p) => `/api-v3/${p}`));
  });

  it('Should answer OK as text/plain UTF-8 with status 200', async () => {
    const s = await sandbox();
    const reply = await post(s, 'xml_api.php', bulkXml(['5321112233']));
    expect([reply.status, reply.contentType, reply.text]).toEqual([200, 'text/plain; charset=utf-8', 'OK|100000001']);
  });

  it.each([...BULK_PATHS, ...PERSONAL_PATHS])('Should keep Turkish letters only on tr/ paths (%s)', async (path) => {
    const s = await sandbox();
    const body = path.includes('ozel') ? personalXml([{ text: TURKISH, number: '5321112233' }]) : bulkXml(['5321112233'], { text: TURKISH });
    reportIdOf(await post(s, path, body));
    const expected = path.startsWith('tr/') ? TURKISH : transliterate(TURKISH);
    expect(s.inbox('5321112233')[0]?.text).toBe(expected);
    expect(s.inbox('5321112233')[0]?.parts).toBe(segments(expected).parts);
  });

  it('Should decode entities, numeric references and CDATA in texts', async () => {
    const s = await sandbox();
    await post(s, 'tr/xml_api_ileri.php', bulkXml(['5321112233'], { text: 'A &amp; B &lt;3 &#231;ay &#x15F;eker' }));
    await post(s, 'tr/xml_api_ileri.php', bulkXml(['5321112233'], { text: '<![CDATA[x < y & "z"]]>' }));
    expect(s.inbox('5321112233').map((m) => m.text)).toEqual(['A & B <3 çay şeker', 'x < y & "z"']);
  });

  it('Should accept numbers spread over lines with spaces and a trailing comma', async () => {
    const s = await sandbox();
    reportIdOf(await post(s, 'xml_api.php', bulkXml('\n  5321112233,\n  5321112234 ,\n')));
    expect(s.sends()[0]).toMatchObject({ count: 2, skipped: [] });
  });

  it('Should send duplicates of one list once and skip invalid numbers when a valid one is left', async () => {
    const s = await sandbox();
    const list = ['5321112233', '05321112233', '+905321112233', '532111223', '53211122334', '4321112233', '5321112233'];
    reportIdOf(await post(s, 'xml_api.php', bulkXml(list)));
    expect(s.sends()[0]).toMatchObject({ count: 1, credits: 1, skipped: ['05321112233', '+905321112233', '532111223', '53211122334', '4321112233'] });
    expect(s.account('demo')?.alphanumericCredits).toBe(99_999);
  });

  it('Should send every <alici> of a personalized request, a repeated number included', async () => {
    const s = await sandbox();
    const messages = [
      { text: 'Sayin Veli, borcunuz 15TL', number: '5321112233' },
      { text: 'Sayin Veli, ikinci hatirlatma', number: '5321112233' },
      { text: 'Gecersiz', number: '0532111' },
    ];
    reportIdOf(await post(s, 'xml_ozel_api.php', personalXml(messages)));
    expect(s.sends()[0]).toMatchObject({ personalized: true, count: 2, credits: 2, skipped: ['0532111'], text: null });
    expect(s.inbox('5321112233').map((m) => m.text)).toEqual(['Sayin Veli, borcunuz 15TL', 'Sayin Veli, ikinci hatirlatma']);
  });

  it('Should match user names and titles exactly: no trimming, no case folding', async () => {
    const accounts = [{ user: ' shop', password: 'pw ', numericCredits: 0, alphanumericCredits: 10, senders: ['MAGAZA'] }];
    const s = await sandbox({ accounts });
    expect((await post(s, 'xml_api.php', bulkXml(['5321112233'], { user: 'shop', password: 'pw ', sender: 'MAGAZA' }))).text).toBe(SANDBOX_ERRORS.auth);
    expect((await post(s, 'xml_api.php', bulkXml(['5321112233'], { user: ' shop', password: 'pw', sender: 'MAGAZA' }))).text).toBe(SANDBOX_ERRORS.auth);
    expect((await post(s, 'xml_api.php', bulkXml(['5321112233'], { user: ' shop', password: 'pw ', sender: 'MAGAZA ' }))).text).toBe(SANDBOX_ERRORS.sender);
    expect((await post(s, 'xml_api.php', bulkXml(['5321112233'], { user: ' shop', password: 'pw ', sender: 'Magaza' }))).text).toBe(SANDBOX_ERRORS.sender);
    expect(s.sends()).toEqual([]);
    reportIdOf(await post(s, 'xml_api.php', bulkXml(['5321112233'], { user: ' shop', password: 'pw ', sender: 'MAGAZA' })));
    expect(s.sends()).toMatchObject([{ user: ' shop', sender: 'MAGAZA', count: 1 }]);
  });

  it('Should ignore whitespace between elements (no-break spaces too) and trim texts, numbers, dates and flags', async () => {
    const s = await sandbox();
    const pad = '\n\u00a0\u00a0 ';
    const bulk =
      `<SMS>${pad}<oturum>${pad}<kullanici>demo</kullanici>${pad}<sifre>demo</sifre>${pad}</oturum>${pad}<mesaj>${pad}<baslik>DEMO</baslik>` +
      `${pad}<metin> Merhaba </metin>${pad}<alicilar> 5321112233 </alicilar>${pad}<tarih> </tarih>${pad}</mesaj>${pad}` +
      `<karaliste> </karaliste>${pad}<izin_link> true </izin_link>${pad}</SMS>\n`;
    reportIdOf(await post(s, 'xml_api.php', bulk));
    const personal =
      `<SMS>${pad}<oturum><kullanici>demo</kullanici><sifre>demo</sifre></oturum>${pad}<baslik>DEMO</baslik>` +
      `${pad}<mesaj>${pad}<metin> Selam </metin>${pad}<alici> 5321112234 </alici>${pad}</mesaj>${pad}</SMS>`;
    reportIdOf(await post(s, 'xml_ozel_api.php', personal));
    expect(s.inbox('5321112233')[0]?.text).toBe(withOptOut('Merhaba', { optOutLink: true }));
    expect(s.inbox('5321112234')[0]?.text).toBe('Selam');
  });

  it('Should accept several <alici> in one personalized <mesaj>', async () => {
    const s = await sandbox();
    const xml = personalXml([{ text: 'Ortak metin', number: '5321112233' }]).replace('</alici>', '</alici><alici>5321112234</alici>');
    reportIdOf(await post(s, 'xml_ozel_api.php', xml));
    expect(s.sends()[0]?.count).toBe(2);
  });
});

describe('credits', () => {
  const account = (numeric: number, alphanumeric: number) => ({
    user: 'shop',
    password: 'pw',
    numericCredits: numeric,
    alphanumericCredits: alphanumeric,
    senders: ['MAGAZA', '08501234567'],
  });
  const long = 'x'.repeat(161); // two GSM-7 parts

  it('Should spend one credit per part per number from the alphanumeric balance', async () => {
    const s = await sandbox({ accounts: [account(10, 10)] });
    reportIdOf(
      await post(s, 'xml_api.php', bulkXml(['5321112233', '5321112234', '5321112235'], { user: 'shop', password: 'pw', sender: 'MAGAZA', text: long })),
    );
    expect(s.account('shop')).toMatchObject({ numericCredits: 10, alphanumericCredits: 4 });
    expect(s.sends()[0]).toMatchObject({ credits: 6, creditKind: 'alphanumeric' });
  });

  it('Should spend numeric credits for a title made only of digits', async () => {
    const s = await sandbox({ accounts: [account(10, 10)] });
    reportIdOf(await post(s, 'xml_api.php', bulkXml(['5321112233'], { user: 'shop', password: 'pw', sender: '08501234567', text: long })));
    expect(s.account('shop')).toMatchObject({ numericCredits: 8, alphanumericCredits: 10 });
  });

  it('Should sum the parts of each personalized text', async () => {
    const s = await sandbox({ accounts: [account(0, 10)] });
    const messages = [
      { text: 'kisa', number: '5321112233' },
      { text: long, number: '5321112234' },
      { text: 'ş'.repeat(71), number: '5321112235' },
    ];
    reportIdOf(await post(s, 'tr/xml_ozel_api_ileri.php', personalXml(messages, { user: 'shop', password: 'pw', sender: 'MAGAZA' })));
    const expected = 1 + 2 + segments('ş'.repeat(71)).parts;
    expect(s.account('shop')?.alphanumericCredits).toBe(10 - expected);
  });

  it('Should refuse the whole request when the credit does not cover all of it, and accept the exact amount', async () => {
    const s = await sandbox({ accounts: [account(0, 5)] });
    const body = (n: number) => bulkXml(['5321112233', '5321112234', '5321112235'].slice(0, n), { user: 'shop', password: 'pw', sender: 'MAGAZA', text: long });
    expect((await post(s, 'xml_api.php', body(3))).text).toBe(SANDBOX_ERRORS.credit);
    expect(s.sends()).toEqual([]);
    expect(s.account('shop')?.alphanumericCredits).toBe(5);
    reportIdOf(await post(s, 'xml_api.php', body(2)));
    expect((await post(s, 'xml_api.php', body(1))).text).toBe(SANDBOX_ERRORS.credit);
    expect(s.account('shop')?.alphanumericCredits).toBe(1);
  });

  it('Should count the opt-out suffixes in the parts and in uzunluk', async () => {
    const s = await sandbox();
    const text = 'Kampanya: tum urunlerde yuzde 20 indirim, sadece bu hafta sonu gecerli. Kod: HAFTASONU20 ile hemen alisverise baslayin!';
    for (const [link, phone] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const id = reportIdOf(await post(s, 'xml_api.php', bulkXml(['5321112233'], { text, optOutLink: link, optOutPhone: phone })));
      const finalText = withOptOut(text, { optOutLink: link, optOutPhone: phone });
      const parts = segments(finalText).parts;
      const detail = (await post(s, 'xml_rapor_detay.php', reportXml(id))).text;
      expect(detail).toContain(`uzunluk="${parts}"`);
      expect(s.sends().at(-1)).toMatchObject({ text: finalText, credits: parts });
    }
    expect(segments(withOptOut(text, { optOutLink: true })).parts).toBeGreaterThan(segments(text).parts);
    expect(s.account('demo')?.alphanumericCredits).toBe(
      100_000 -
        [false, true].flatMap((l) => [false, true].map((p) => segments(withOptOut(text, { optOutLink: l, optOutPhone: p })).parts)).reduce((a, b) => a + b),
    );
  });

  it("Should add no suffix for izin_link 'false', the page's 'true|false' or an absent element", async () => {
    const s = await sandbox();
    reportIdOf(await post(s, 'xml_api.php', bulkXml(['5321112233'], { text: 'Merhaba' }).replace('<izin_link>false', '<izin_link>true|false')));
    reportIdOf(await post(s, 'xml_api.php', bulkXml(['5321112233'], { text: 'Merhaba' }).replace(/<izin_link>.*<\/izin_telefon>/, '')));
    reportIdOf(await post(s, 'xml_api.php', bulkXml(['5321112233'], { text: 'Merhaba' }).replace('<izin_link>false', '<izin_link>TRUE')));
    expect(s.sends().map((send) => send.text)).toEqual(['Merhaba', 'Merhaba', withOptOut('Merhaba', { optOutLink: true })]);
  });
});

describe('blacklists', () => {
  const accounts = [{ user: 'shop', password: 'pw', numericCredits: 0, alphanumericCredits: 100, senders: ['MAGAZA'], blacklist: ['5320000001'] }];
  const list = ['5320000001', '5320000002', '5320000003'];
  const send = (blacklist: string) => bulkXml(list, { user: 'shop', password: 'pw', sender: 'MAGAZA', blacklist });

  it.each([
    ['', [], 3],
    ['kendi', ['5320000001'], 2],
    ['Kendi', ['5320000001'], 2],
    ['genel', ['5320000002'], 2],
    ['GENEL', ['5320000002'], 2],
    ['kendi|genel', ['5320000001', '5320000002'], 1],
    ['bilinmeyen', [], 3],
  ])("Should filter through karaliste '%s'", async (value, blacklisted, count) => {
    const s = await sandbox({ accounts, generalBlacklist: ['5320000002'] });
    reportIdOf(await post(s, 'xml_api.php', send(value)));
    expect(s.sends()[0]).toMatchObject({ blacklisted, count, credits: count });
    expect(s.account('shop')?.alphanumericCredits).toBe(100 - count);
    for (const number of blacklisted) expect(s.inbox(number)).toEqual([]);
  });

  it('Should filter personalized sends too', async () => {
    const s = await sandbox({ accounts, generalBlacklist: ['5320000002'] });
    const messages = list.map((number) => ({ text: 'Merhaba', number }));
    reportIdOf(await post(s, 'xml_ozel_api_ileri.php', personalXml(messages, { user: 'shop', password: 'pw', sender: 'MAGAZA', blacklist: 'genel' })));
    expect(s.sends()[0]).toMatchObject({ blacklisted: ['5320000002'], count: 2 });
  });

  it('Should accept a send whose every number is blacklisted, sending and charging nothing', async () => {
    const s = await sandbox({ accounts });
    const id = reportIdOf(await post(s, 'xml_api.php', bulkXml(['5320000001'], { user: 'shop', password: 'pw', sender: 'MAGAZA', blacklist: 'kendi' })));
    expect(s.sends()[0]).toMatchObject({ count: 0, credits: 0, blacklisted: ['5320000001'] });
    expect((await post(s, 'xml_rapor.php', reportXml(id, 'shop', 'pw'))).text).toBe(
      '<SONUC><BEKLEYEN></BEKLEYEN><ILETILEN></ILETILEN><HATALI></HATALI></SONUC>',
    );
    expect((await post(s, 'xml_rapor_detay.php', reportXml(id, 'shop', 'pw'))).text).toBe('<RaporDetay></RaporDetay>');
  });
});

// Every ERR| reply of the API, with its exact Turkish text, as text/plain UTF-8 with status 200.
import { describe, expect, it } from 'vitest';
import { SANDBOX_ERRORS } from './errors.js';
import { balanceXml, bulkXml, personalXml, post, reportIdOf, reportListXml, reportXml, sandbox } from './test-helpers.js';

const ok = bulkXml(['5321112233']);

describe('ERR replies', () => {
  it('Should export exactly the agreed texts', () => {
    expect(SANDBOX_ERRORS).toEqual({
      auth: 'ERR|Kullanıcı adı veya şifre hatalı',
      credit: 'ERR|Yetersiz kredi',
      sender: 'ERR|Geçersiz başlık',
      number: 'ERR|Geçersiz numara',
      tooMany: 'ERR|Bir seferde en fazla 100.000 numaraya gönderim yapılabilir',
      xml: 'ERR|Hatalı XML yapısı',
      date: 'ERR|Geçersiz tarih formatı',
      emptyText: 'ERR|Mesaj metni boş',
      reportNotFound: 'ERR|Rapor bulunamadı',
    });
  });

  const cases: [string, string, string, string][] = [
    ['a wrong password', 'xml_api.php', bulkXml(['5321112233'], { password: 'nope' }), SANDBOX_ERRORS.auth],
    ['an unknown user', 'xml_bakiye.php', balanceXml('nobody', 'demo'), SANDBOX_ERRORS.auth],
    ['an empty user', 'xml_raporlar.php', reportListXml(undefined, '', ''), SANDBOX_ERRORS.auth],
    ['a title not registered', 'xml_api.php', bulkXml(['5321112233'], { sender: 'BASKA' }), SANDBOX_ERRORS.sender],
    ['a title in another case', 'xml_api.php', bulkXml(['5321112233'], { sender: 'demo' }), SANDBOX_ERRORS.sender],
    ['an empty title', 'xml_ozel_api.php', personalXml([{ text: 'x', number: '5321112233' }], { sender: '' }), SANDBOX_ERRORS.sender],
    ['a title over 11 characters', 'xml_api.php', bulkXml(['5321112233'], { sender: 'ABCDEFGHIJKL' }), SANDBOX_ERRORS.sender],
    ['no valid number', 'xml_api.php', bulkXml(['05321112233', '123']), SANDBOX_ERRORS.number],
    ['an empty list', 'xml_api.php', bulkXml([]), SANDBOX_ERRORS.number],
    ['a list of commas', 'xml_api.php', bulkXml(' , ,'), SANDBOX_ERRORS.number],
    ['no valid personalized number', 'xml_ozel_api.php', personalXml([{ text: 'x', number: '' }]), SANDBOX_ERRORS.number],
    ['an empty text', 'xml_api.php', bulkXml(['5321112233'], { text: '' }), SANDBOX_ERRORS.emptyText],
    ['a text of spaces', 'xml_api.php', bulkXml(['5321112233'], { text: '   ' }), SANDBOX_ERRORS.emptyText],
    [
      'one empty personalized text',
      'xml_ozel_api.php',
      personalXml([
        { text: 'x', number: '5321112233' },
        { text: '', number: '5321112234' },
      ]),
      SANDBOX_ERRORS.emptyText,
    ],
    ['a date without seconds', 'xml_api_ileri.php', bulkXml(['5321112233'], { date: '2030-01-01 10:00' }), SANDBOX_ERRORS.date],
    ['a date with T', 'xml_api_ileri.php', bulkXml(['5321112233'], { date: '2030-01-01T10:00:00' }), SANDBOX_ERRORS.date],
    ['an unpadded date', 'xml_api_ileri.php', bulkXml(['5321112233'], { date: '2030-1-1 10:00:00' }), SANDBOX_ERRORS.date],
    ['30 February', 'xml_ozel_api_ileri.php', personalXml([{ text: 'x', number: '5321112233' }], { date: '2030-02-30 10:00:00' }), SANDBOX_ERRORS.date],
    ['hour 24', 'tr/xml_api_ileri.php', bulkXml(['5321112233'], { date: '2030-01-01 24:00:00' }), SANDBOX_ERRORS.date],
    ['a range date of hour 24', 'xml_raporlar.php', reportListXml({ to: '2018-01-04 24:59:59' }), SANDBOX_ERRORS.date],
    ['a range date that is no date', 'xml_raporlar.php', reportListXml({ from: 'dun' }), SANDBOX_ERRORS.date],
    ['an unknown report id', 'xml_rapor.php', reportXml('999999999'), SANDBOX_ERRORS.reportNotFound],
    ['a report id that is not a number', 'xml_rapor_detay.php', reportXml('abc'), SANDBOX_ERRORS.reportNotFound],
    ['an empty report id', 'xml_rapor.php', reportXml(''), SANDBOX_ERRORS.reportNotFound],
    ['a body that is not XML', 'xml_api.php', 'kullanici=demo&sifre=demo', SANDBOX_ERRORS.xml],
    ['an empty body', 'xml_api.php', '', SANDBOX_ERRORS.xml],
    ['an unclosed element', 'xml_api.php', ok.replace('</SMS>', ''), SANDBOX_ERRORS.xml],
    ['mismatched tags', 'xml_api.php', ok.replace('</metin>', '</metn>'), SANDBOX_ERRORS.xml],
    ['two roots', 'xml_api.php', ok + ok, SANDBOX_ERRORS.xml],
    ['a RAPOR root on a send path', 'xml_api.php', balanceXml(), SANDBOX_ERRORS.xml],
    ['an SMS root on a report path', 'xml_bakiye.php', ok, SANDBOX_ERRORS.xml],
    ['a lowercase root', 'xml_bakiye.php', balanceXml().replace(/RAPOR/g, 'rapor'), SANDBOX_ERRORS.xml],
    ['no <oturum>', 'xml_bakiye.php', '<RAPOR></RAPOR>', SANDBOX_ERRORS.xml],
    ['no <sifre>', 'xml_bakiye.php', '<RAPOR><oturum><kullanici>demo</kullanici></oturum></RAPOR>', SANDBOX_ERRORS.xml],
    ['no <baslik>', 'xml_api.php', ok.replace('<baslik>DEMO</baslik>', ''), SANDBOX_ERRORS.xml],
    ['no <metin>', 'xml_api.php', ok.replace(/<metin>.*<\/metin>/, ''), SANDBOX_ERRORS.xml],
    ['no <alicilar>', 'xml_api.php', ok.replace(/<alicilar>.*<\/alicilar>/, ''), SANDBOX_ERRORS.xml],
    ['two <mesaj> in a one-text send', 'xml_api.php', ok.replace(/(<mesaj>.*<\/mesaj>)/, '$1$1'), SANDBOX_ERRORS.xml],
    ['a one-text body on a personalized path', 'xml_ozel_api.php', ok, SANDBOX_ERRORS.xml],
    [
      'a personalized <mesaj> without <alici>',
      'xml_ozel_api.php',
      personalXml([{ text: 'x', number: '5321112233' }]).replace(/<alici>.*<\/alici>/, ''),
      SANDBOX_ERRORS.xml,
    ],
    ['no <rapor> in a report call', 'xml_rapor.php', balanceXml(), SANDBOX_ERRORS.xml],
    ['a <metin> with child elements', 'xml_api.php', ok.replace(/<metin>.*<\/metin>/, '<metin><b>x</b></metin>'), SANDBOX_ERRORS.xml],
    // Names are compared exactly: no trimming, no case folding.
    ['a title with a leading space', 'xml_api.php', bulkXml(['5321112233'], { sender: ' DEMO' }), SANDBOX_ERRORS.sender],
    ['a title with a trailing space', 'xml_api.php', bulkXml(['5321112233'], { sender: 'DEMO ' }), SANDBOX_ERRORS.sender],
    ['a title between line breaks', 'xml_api.php', bulkXml(['5321112233'], { sender: '\nDEMO\n' }), SANDBOX_ERRORS.sender],
    [
      'a personalized title with a trailing space',
      'xml_ozel_api.php',
      personalXml([{ text: 'x', number: '5321112233' }], { sender: 'DEMO ' }),
      SANDBOX_ERRORS.sender,
    ],
    ['a user name with a leading space', 'xml_api.php', bulkXml(['5321112233'], { user: ' demo' }), SANDBOX_ERRORS.auth],
    ['a user name with a trailing space', 'xml_bakiye.php', balanceXml('demo '), SANDBOX_ERRORS.auth],
    ['a user name with a trailing no-break space', 'xml_bakiye.php', balanceXml('demo\u00a0'), SANDBOX_ERRORS.auth],
    ['a user name in another case', 'xml_bakiye.php', balanceXml('Demo'), SANDBOX_ERRORS.auth],
    ['a password with a trailing space', 'xml_raporlar.php', reportListXml(undefined, 'demo', 'demo '), SANDBOX_ERRORS.auth],
  ];

  // Elements the page documents only for other calls: refused as malformed XML (README: "Strictness").
  const one = [{ text: 'x', number: '5321112233' }];
  const undocumented: [string, string, string][] = [
    ['<karaliste> on xml_ozel_api.php', 'xml_ozel_api.php', personalXml(one, { blacklist: 'kendi' })],
    ['an empty <karaliste> on xml_ozel_api.php', 'xml_ozel_api.php', personalXml(one, { blacklist: '' })],
    ['<izin_link> on xml_ozel_api.php', 'xml_ozel_api.php', personalXml(one, { optOutLink: true })],
    ['<izin_link>false</izin_link> on xml_ozel_api.php', 'xml_ozel_api.php', personalXml(one, { optOutLink: false })],
    ['<izin_telefon> on xml_ozel_api.php', 'xml_ozel_api.php', personalXml(one, { optOutPhone: true })],
    ['an empty <tarih> on xml_ozel_api.php', 'xml_ozel_api.php', personalXml(one, { date: '' })],
    ['a <tarih> on xml_ozel_api.php', 'xml_ozel_api.php', personalXml(one, { date: '2030-01-01 10:00:00' })],
    ['<tarih> inside a personalized <mesaj>', 'xml_ozel_api_ileri.php', personalXml(one).replace('</alici>', '</alici><tarih></tarih>')],
    ['<baslik> inside a personalized <mesaj>', 'tr/xml_ozel_api_ileri.php', personalXml(one).replace('</alici>', '</alici><baslik>DEMO</baslik>')],
    ['<tarih> under <SMS> on xml_api.php', 'xml_api.php', ok.replace('<tarih></tarih></mesaj>', '</mesaj><tarih></tarih>')],
    ['<tarih> under <SMS> on xml_api_ileri.php', 'xml_api_ileri.php', ok.replace('<tarih></tarih></mesaj>', '</mesaj><tarih>2030-01-01 10:00:00</tarih>')],
    ['<karaliste> inside a one-text <mesaj>', 'xml_api.php', ok.replace('<tarih></tarih>', '<tarih></tarih><karaliste>kendi</karaliste>')],
    ['an unknown element under <SMS>', 'xml_api.php', ok.replace('</SMS>', '<oncelik>1</oncelik></SMS>')],
    ['an unknown element in <oturum>', 'xml_api.php', ok.replace('</sifre>', '</sifre><anahtar>x</anahtar>')],
  ];
  for (const [name, path, body] of undocumented) cases.push([name, path, body, SANDBOX_ERRORS.xml]);

  it.each(cases)('Should answer %s', async (_name, path, body, expected) => {
    const s = await sandbox();
    const reply = await post(s, path, body, { 'content-type': 'text/xml' });
    expect([reply.status, reply.contentType, reply.text]).toEqual([200, 'text/plain; charset=utf-8', expected]);
    expect(s.sends()).toEqual([]);
    expect(s.account('demo')).toMatchObject({ numericCredits: 1000, alphanumericCredits: 100_000 });
  });

  it("Should not show another account's report", async () => {
    const accounts = [
      { user: 'a', password: 'pa', numericCredits: 0, alphanumericCredits: 10, senders: ['DEMO'] },
      { user: 'b', password: 'pb', numericCredits: 0, alphanumericCredits: 10, senders: ['DEMO'] },
    ];
    const s = await sandbox({ accounts });
    const id = reportIdOf(await post(s, 'xml_api.php', bulkXml(['5321112233'], { user: 'a', password: 'pa' })));
    expect((await post(s, 'xml_rapor.php', reportXml(id, 'b', 'pb'))).text).toBe(SANDBOX_ERRORS.reportNotFound);
    expect((await post(s, 'xml_rapor_detay.php', reportXml(id, 'b', 'pb'))).text).toBe(SANDBOX_ERRORS.reportNotFound);
    expect((await post(s, 'xml_raporlar.php', reportListXml(undefined, 'b', 'pb'))).text).toBe('<SONUC></SONUC>');
    expect((await post(s, 'xml_raporlar.php', reportListXml(undefined, 'a', 'pa'))).text).toBe(`<SONUC>${id}</SONUC>`);
  });

  it('Should check the title before the text, the date, the numbers and the credit', async () => {
    const s = await sandbox();
    const all = bulkXml(['1'], { sender: 'NOPE', text: '', date: 'x' });
    expect((await post(s, 'xml_api.php', all)).text).toBe(SANDBOX_ERRORS.sender);
    expect((await post(s, 'xml_api.php', all.replace('NOPE', 'DEMO'))).text).toBe(SANDBOX_ERRORS.emptyText);
  });

  it('Should answer GET with 405 and an unknown path with 404', async () => {
    const s = await sandbox();
    const get = await fetch(s.url + 'xml_api.php');
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    expect((await fetch(s.url + 'xml_yok.php', { method: 'POST', body: ok })).status).toBe(404);
  });
});

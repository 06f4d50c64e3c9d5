// The provider page's own example documents, cut out of the page and posted byte for byte.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SANDBOX_ERRORS } from './errors.js';
import { encodeIso88599 } from './reply-encoding.js';
import { post, reportIdOf, sandbox } from './test-helpers.js';

const PAGE_URL = new URL('../test/fixtures/provider-page.txt', import.meta.url);
const page = readFileSync(PAGE_URL, 'utf8');

/** Every `<SMS>…</SMS>` / `<RAPOR>…</RAPOR>` document of the page, with the first API path after it. */
const examples = [...page.matchAll(/<(SMS|RAPOR)>[\s\S]*?<\/\1>/g)].map((match) => {
  const after = page.slice((match.index ?? 0) + match[0].length);
  return { xml: match[0], path: /api-v3\/(\S+?\.php)/.exec(after)?.[1] ?? '' };
});
const example = (index: number): { xml: string; path: string } => {
  const found = examples[index];
  if (!found) throw new Error(`no example ${index}`);
  return found;
};

const accounts = [
  { user: 'Kullanıcı adı', password: 'Şifre', numericCredits: 0, alphanumericCredits: 100, senders: ['DENEME'], blacklist: ['5309998877'] },
  { user: 'Kullanıcı Adınız', password: 'Şifreniz', numericCredits: 0, alphanumericCredits: 100, senders: ['XML HITAPLI'] },
  { user: 'Kullanıcı Adı', password: 'Şifre', numericCredits: 0, alphanumericCredits: 100, senders: ['DEMO'] },
  { user: 'xx', password: 'yyy', numericCredits: 0, alphanumericCredits: 0, senders: ['DEMO'] },
  { user: 'xxx', password: 'yyy', numericCredits: 0, alphanumericCredits: 0, senders: ['DEMO'] },
  { user: '532xxxxxxx', password: '1234', numericCredits: 0, alphanumericCredits: 999, senders: ['DEMO'] },
];
const start = () => sandbox({ accounts, generalBlacklist: ['5429998877'] });

describe('the provider page examples', () => {
  it('Should find the nine example documents after their URLs', () => {
    expect(examples.map((e) => e.path)).toEqual([
      'xml_api.php',
      'xml_rapor_detay.php',
      'xml_ozel_api.php',
      'tr/xml_ozel_api_ileri.php',
      'xml_rapor.php',
      'xml_rapor_detay.php',
      'xml_raporlar.php',
      'xml_raporlar.php',
      'xml_bakiye.php',
    ]);
    expect(example(0).xml).toContain('<SMS>\n\u00a0\u00a0\u00a0<oturum>'); // the page indents with no-break spaces
  });

  it('Should parse the one-text example as is and refuse its placeholder date', async () => {
    const s = await start();
    const { xml, path } = example(0);
    expect((await post(s, path, xml)).text).toBe(SANDBOX_ERRORS.date);
    expect(s.sends()).toEqual([]);
  });

  it('Should send the one-text example with an empty date, through both blacklists and with both suffixes', async () => {
    const s = await start();
    const { xml, path } = example(0);
    const id = reportIdOf(await post(s, path, xml.replace('YYYY-MM-DD HH:MM:SS', '')));
    const [send] = s.sends();
    expect(send).toMatchObject({ reportId: id, sender: 'DENEME', count: 1, blacklisted: ['5309998877', '5429998877'], skipped: [] });
    expect(send?.text).toMatch(/^XML Api ile sms gonderimi\.\.\. SMS Listemizden çıkmak için http:\/\/iptal\.biz\/xxxxxx SMS Listemizden/);
    expect(s.inbox('5329998877')).toHaveLength(1);
  });

  it('Should send the personalized example as is', async () => {
    const s = await start();
    const { xml, path } = example(2);
    const id = reportIdOf(await post(s, path, xml));
    expect(s.sends()[0]).toMatchObject({ reportId: id, sender: 'XML HITAPLI', personalized: true, count: 3 });
    expect(s.inbox('5556665544')[0]?.text).toBe('Sayin Hasan Dogan, borcunuz 20TL dir.');
    expect(s.account('Kullanıcı Adınız')?.alphanumericCredits).toBe(97);
  });

  it('Should parse the scheduled personalized example (with its "..." line) and refuse its placeholder date', async () => {
    const s = await start();
    const { xml, path } = example(3);
    expect((await post(s, path, xml)).text).toBe(SANDBOX_ERRORS.date);
    expect((await post(s, 'xml_ozel_api_ileri.php', xml)).text).toBe(SANDBOX_ERRORS.date);
    const id = reportIdOf(await post(s, path, xml.replace('YYYY-MM-DD HH:MM:SS', '2099-01-01 10:00:00')));
    expect(s.sends()[0]).toMatchObject({ reportId: id, count: 2, scheduledFor: '2099-01-01T07:00:00.000Z' });
    expect(s.inbox('5428887766')).toEqual([]); // scheduled: not received yet
  });

  it('Should refuse the scheduled personalized example on xml_ozel_api.php: its tarih, karaliste and izin_* are documented only for the _ileri call', async () => {
    const s = await start();
    const now = example(3).xml.replace('YYYY-MM-DD HH:MM:SS', '');
    expect((await post(s, 'xml_ozel_api.php', now)).text).toBe(SANDBOX_ERRORS.xml);
    for (const element of ['tarih', 'karaliste', 'izin_link', 'izin_telefon']) {
      const others = ['tarih', 'karaliste', 'izin_link', 'izin_telefon'].filter((name) => name !== element);
      const onlyOne = others.reduce((xml, name) => xml.replace(new RegExp(`<${name}>[^<]*</${name}>\n`), ''), now);
      expect(onlyOne).toContain(`<${element}>`);
      expect((await post(s, 'xml_ozel_api.php', onlyOne)).text).toBe(SANDBOX_ERRORS.xml);
    }
    expect(s.sends()).toEqual([]);
    reportIdOf(await post(s, 'xml_ozel_api_ileri.php', now));
    reportIdOf(await post(s, 'xml_ozel_api_ileri.php', example(2).xml)); // the plain example fits the _ileri call too
    expect(s.sends()).toHaveLength(2);
  });

  it('Should answer the report examples with "report not found" for their placeholder ids', async () => {
    const s = await start();
    for (const index of [1, 4, 5]) {
      const { xml, path } = example(index);
      expect((await post(s, path, xml)).text).toBe(SANDBOX_ERRORS.reportNotFound);
    }
  });

  it('Should report on a real id through the report examples', async () => {
    const s = await start();
    const id = reportIdOf(await post(s, example(0).path, example(0).xml.replace('YYYY-MM-DD HH:MM:SS', '')));
    const withId = (index: number) => example(index).xml.replace('Mesaj gonderimi sirasinda gelen ok cevapli id...', id);
    expect((await post(s, 'xml_rapor.php', withId(4))).text).toBe('<SONUC><BEKLEYEN>5329998877</BEKLEYEN><ILETILEN></ILETILEN><HATALI></HATALI></SONUC>');
    expect((await post(s, 'xml_rapor_detay.php', withId(5))).text).toMatch(/^<RaporDetay>\n {2}<rapor id="\d+" numara="5329998877" /);
  });

  it('Should list report ids with the list example and refuse the range example 24:59:59', async () => {
    const s = await start();
    const list = example(6).xml.replace('Kullanıcı Adı', 'Kullanıcı adı');
    expect((await post(s, 'xml_raporlar.php', list)).text).toBe('<SONUC></SONUC>');
    const id = reportIdOf(await post(s, example(0).path, example(0).xml.replace('YYYY-MM-DD HH:MM:SS', '')));
    expect((await post(s, 'xml_raporlar.php', list)).text).toBe(`<SONUC>${id}</SONUC>`);
    expect((await post(s, 'xml_raporlar.php', example(7).xml)).text).toBe(SANDBOX_ERRORS.date);
    const fixed = example(7).xml.replace('24:59:59', '23:59:59');
    expect((await post(s, 'xml_raporlar.php', fixed)).text).toBe('<SONUC></SONUC>'); // xxx has no sends in 2017
  });

  it('Should refuse the bare <rapor> range fragment of the page as a document', async () => {
    const s = await start();
    const fragment = /<rapor>\n<baslangic_tarihi>[\s\S]*?<\/rapor>/.exec(page.slice(page.lastIndexOf('(eski adresten)')))?.[0] ?? '';
    expect(fragment).not.toBe('');
    expect((await post(s, 'xml_raporlar.php', fragment)).text).toBe(SANDBOX_ERRORS.xml);
  });

  it('Should answer the balance example with the plain string', async () => {
    const s = await start();
    const reply = await post(s, example(8).path, example(8).xml);
    expect(reply.text).toBe('numerik(0)\nalphanumeric(999)');
    expect(reply.contentType).toBe('text/plain; charset=utf-8');
  });

  describe('as the clients send them', () => {
    const body = () => example(0).xml.replace('YYYY-MM-DD HH:MM:SS', '');
    const variants: [string, () => string | Uint8Array, Record<string, string>][] = [
      ['text/xml', body, { 'content-type': 'text/xml' }],
      ['application/xml; charset=utf-8', body, { 'content-type': 'application/xml; charset=utf-8' }],
      ['form-encoded raw XML (curl -d)', body, { 'content-type': 'application/x-www-form-urlencoded' }],
      ['no Content-Type', () => new TextEncoder().encode(body()), {}],
      ['an XML declaration', () => `<?xml version="1.0" encoding="UTF-8"?>\n${body()}`, { 'content-type': 'text/xml' }],
      ['a UTF-8 BOM', () => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(body())]), {}],
      ['CRLF line ends', () => body().replace(/\n/g, '\r\n'), {}],
      ['ISO-8859-9 declared in the XML', () => encodeIso88599(`<?xml version="1.0" encoding="ISO-8859-9"?>\n${body()}`), {}],
      ['windows-1254 declared in the Content-Type', () => encodeIso88599(body()), { 'content-type': 'text/xml; charset=windows-1254' }],
    ];
    it.each(variants)('Should accept the one-text example with %s', async (_name, make, headers) => {
      const s = await start();
      expect((await post(s, 'xml_api.php', make(), headers)).text).toMatch(/^OK\|\d+$/);
    });

    it('Should read undeclared ISO-8859-9 bytes (not valid UTF-8) as ISO-8859-9, so the Turkish user name matches', async () => {
      const s = await start();
      expect((await post(s, 'xml_api.php', encodeIso88599(body()))).text).toMatch(/^OK\|\d+$/);
      expect(s.requests()[0]?.user).toBe('Kullanıcı adı');
    });

    it('Should keep Turkish letters of an undeclared ISO-8859-9 text (Şükrü) on the tr/ path', async () => {
      const s = await start();
      const text = body().replace('XML Api ile sms gonderimi...', 'Sayın Şükrü Bey, siparişiniz yolda');
      const bytes = encodeIso88599(text);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
      expect((await post(s, 'tr/xml_api_ileri.php', bytes)).text).toMatch(/^OK\|\d+$/);
      expect(s.inbox('5329998877')[0]?.text).toMatch(/^Sayın Şükrü Bey, siparişiniz yolda /);
    });
  });
});

import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildBalanceXml, buildReportIdsXml, buildReportXml, buildSendXml, escapeXmlText, PersonalizedPacketBuilder } from './xml-request.js';

const creds = { user: 'Kullanıcı adı', password: 'Şifre' };
// The spec's examples are indented for reading; the client sends them without the whitespace between elements.
const compact = (xml: string) => xml.replace(/>\s+</g, '><').trim();
const parser = new XMLParser({ parseTagValue: false, trimValues: false, isArray: (name) => name === 'mesaj' });

describe('request XML matches the provider page', () => {
  it('one text to many numbers (xml_api.php example)', () => {
    const xml = buildSendXml(
      creds,
      { sender: 'DENEME', text: 'XML Api ile sms gonderimi...', numbers: ['5329998877', '5309998877', '5429998877'] },
      { tarih: '2026-12-01 10:30:00', blacklist: 'own', optOutLink: true, optOutPhone: true },
    );
    expect(xml).toBe(
      compact(`<SMS>
   <oturum>
      <kullanici>Kullanıcı adı</kullanici>
      <sifre>Şifre</sifre>
   </oturum>
   <mesaj>
      <baslik>DENEME</baslik>
      <metin>XML Api ile sms gonderimi...</metin>
      <alicilar>5329998877,5309998877,5429998877</alicilar>
      <tarih>2026-12-01 10:30:00</tarih>
   </mesaj>
   <karaliste>kendi</karaliste>
   <izin_link>true</izin_link>
   <izin_telefon>true</izin_telefon>
</SMS>`),
    );
  });

  it('omits the optional elements and sends an empty tarih for "now"', () => {
    const xml = buildSendXml(creds, { sender: 'DENEME', text: 'x', numbers: ['5329998877'] }, { tarih: '', blacklist: 'general' });
    expect(xml).toContain('<tarih></tarih></mesaj><karaliste>genel</karaliste></SMS>');
    expect(xml).not.toContain('izin_');
  });

  it('a text per number (xml_ozel_api_ileri.php example)', () => {
    const builder = new PersonalizedPacketBuilder();
    builder.add('5428887766', 'Sayin Veli Dogan, borcunuz 15TL dir.');
    builder.add('5556665544', 'Sayin Hasan Dogan, borcunuz 20TL dir.');
    expect(builder.count).toBe(2);
    const xml = builder.finish({ user: 'Kullanıcı Adı', password: 'Şifre' }, 'DEMO', {
      tarih: '2026-12-01 10:30:00',
      blacklist: 'general',
      optOutLink: true,
      optOutPhone: true,
    });
    expect(xml).toBe(
      compact(`<SMS>
<oturum>
<kullanici>Kullanıcı Adı</kullanici>
<sifre>Şifre</sifre>
</oturum>
<baslik>DEMO</baslik>
<mesaj>
<metin>Sayin Veli Dogan, borcunuz 15TL dir.</metin>
<alici>5428887766</alici>
</mesaj>
<mesaj>
<metin>Sayin Hasan Dogan, borcunuz 20TL dir.</metin>
<alici>5556665544</alici>
</mesaj>
<tarih>2026-12-01 10:30:00</tarih>
<karaliste>genel</karaliste>
<izin_link>true</izin_link>
<izin_telefon>true</izin_telefon>
</SMS>`),
    );
    expect(builder.count).toBe(0);
  });

  it('a text per number (xml_ozel_api.php example): no tarih, karaliste or izin_* when built without flags', () => {
    const builder = new PersonalizedPacketBuilder();
    builder.add('5428887766', 'Sayin Veli Dogan, borcunuz 15TL dir.');
    builder.add('5556665544', 'Sayin Hasan Dogan, borcunuz 20TL dir.');
    builder.add('5057776655', 'Sayin Haci Dogan, borcunuz 25TL dir.');
    expect(builder.finish({ user: 'Kullanıcı Adınız', password: 'Şifreniz' }, 'XML HITAPLI', undefined)).toBe(
      compact(`<SMS>
   <oturum>
      <kullanici>Kullanıcı Adınız</kullanici>
      <sifre>Şifreniz</sifre>
   </oturum>
   <baslik>XML HITAPLI</baslik>
   <mesaj>
      <metin>Sayin Veli Dogan, borcunuz 15TL dir.</metin>
      <alici>5428887766</alici>
   </mesaj>
   <mesaj>
      <metin>Sayin Hasan Dogan, borcunuz 20TL dir.</metin>
      <alici>5556665544</alici>
   </mesaj>
   <mesaj>
      <metin>Sayin Haci Dogan, borcunuz 25TL dir.</metin>
      <alici>5057776655</alici>
   </mesaj>
</SMS>`),
    );
  });

  it('a text per number "now" with options (xml_ozel_api_ileri.php): an empty tarih, then the options, after the messages', () => {
    const builder = new PersonalizedPacketBuilder();
    builder.add('5428887766', 'x');
    const xml = builder.finish(creds, 'DEMO', { tarih: '', blacklist: 'own', optOutPhone: true });
    expect(xml).toContain('<alici>5428887766</alici></mesaj><tarih></tarih><karaliste>kendi</karaliste><izin_telefon>true</izin_telefon></SMS>');
    expect(xml).not.toContain('izin_link');
  });

  it('report, detailed report, report ids and balance requests', () => {
    const session = '<oturum><kullanici>xx</kullanici><sifre>yyy</sifre></oturum>';
    expect(buildReportXml({ user: 'xx', password: 'yyy' }, '123456')).toBe(`<RAPOR>${session}<rapor><raporid>123456</raporid></rapor></RAPOR>`);
    expect(buildReportIdsXml({ user: 'xx', password: 'yyy' })).toBe(`<RAPOR>${session}</RAPOR>`);
    expect(buildReportIdsXml({ user: 'xx', password: 'yyy' }, { from: '2017-12-01 00:00:00', to: '2018-01-04 23:59:59' })).toBe(
      compact(`<RAPOR>${session}<rapor>
<baslangic_tarihi>2017-12-01 00:00:00</baslangic_tarihi>
<bitis_tarihi>2018-01-04 23:59:59</bitis_tarihi>
</rapor></RAPOR>`),
    );
    expect(buildBalanceXml({ user: '532xxxxxxx', password: '1234' })).toBe(
      '<RAPOR><oturum><kullanici>532xxxxxxx</kullanici><sifre>1234</sifre></oturum></RAPOR>',
    );
  });
});

describe('escaping: no value can change the document structure', () => {
  const attacks = [
    'Merhaba</metin><alici>5551112233</alici>',
    'a ]]> b <![CDATA[ c ]]>',
    'Tom & Jerry &amp; &lt;',
    '<script>alert(1)</script>',
    `"quoted" and 'single'`,
    'line1\nline2\nline3\ttab',
    '🎉 emoji 👍🏽 and Türkçe ğüşıöç İ',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;',
  ];

  it.each(attacks)('text %j round-trips as text', (text) => {
    const builder = new PersonalizedPacketBuilder();
    builder.add('5329998877', text);
    const doc = parser.parse(builder.finish({ user: 'u</kullanici>', password: 'p]]>&' }, 'S<>&', { tarih: '' }));
    expect(doc.SMS.mesaj).toHaveLength(1);
    expect(doc.SMS.mesaj[0].metin).toBe(text);
    expect(doc.SMS.mesaj[0].alici).toBe('5329998877');
    expect(doc.SMS.baslik).toBe('S<>&');
    expect(doc.SMS.oturum.kullanici).toBe('u</kullanici>');
    expect(doc.SMS.oturum.sifre).toBe('p]]>&');
  });

  it('drops characters XML 1.0 cannot carry and turns CR into LF', () => {
    expect(escapeXmlText('a\u0000b\u0001c\u0008d\u000be\u000cf\u001fg\uffffh')).toBe('abcdefgh');
    expect(escapeXmlText('a\r\nb\rc')).toBe('a\nb\nc');
  });

  it('replaces lone surrogates with U+FFFD and keeps pairs', () => {
    expect(escapeXmlText('a\ud800b')).toBe('a\ufffdb');
    expect(escapeXmlText('a\udc00b')).toBe('a\ufffdb');
    expect(escapeXmlText('x😀y')).toBe('x😀y');
    expect(escapeXmlText('😀'.slice(0, 1) + '&')).toBe('\ufffd&amp;');
  });

  it('leaves plain text untouched (fast path)', () => {
    const text = 'Sayın Ayşe, 12345 numaralı siparişiniz kargoya verildi.';
    expect(escapeXmlText(text)).toBe(text);
  });
});

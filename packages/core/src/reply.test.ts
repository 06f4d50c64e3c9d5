import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  InsufficientCreditError,
  isProviderError,
  ProviderError,
  RecipientError,
  ReplyFormatError,
  UnknownProviderError,
  XmlError,
} from './errors.js';
import { decodeReply, deliveryStatus, parseBalance, parseReportDetail, parseReportIds, parseReportSummary, parseSendReply } from './reply.js';

const latin5 = (text: string) => Uint8Array.from([...text].map((c) => ({ Ğ: 0xd0, İ: 0xdd, Ş: 0xde, ğ: 0xf0, ı: 0xfd, ş: 0xfe })[c] ?? c.charCodeAt(0)));

describe('send replies', () => {
  it('reads OK|id', () => {
    expect(parseSendReply('OK|123456789', 'xml_api.php')).toBe('123456789');
    expect(parseSendReply('\uFEFFOK|42\r\n', 'xml_api.php')).toBe('42');
  });

  it('splits on the first | only', () => {
    let error: ProviderError | undefined;
    try {
      parseSendReply('ERR|Hata: a|b|c', 'xml_api.php');
    } catch (e) {
      error = e as ProviderError;
    }
    expect(error).toBeInstanceOf(ProviderError);
    expect(error?.providerText).toBe('Hata: a|b|c');
    expect(parseSendReply('OK|12|3', 'xml_api.php')).toBe('12|3');
  });

  it('types ERR replies and keeps the Turkish text', () => {
    expect(() => parseSendReply('ERR|Kullanıcı adı veya şifre hatalı', 'xml_api.php')).toThrow(AuthenticationError);
    expect(() => parseSendReply('ERR|Yetersiz kredi', 'xml_api.php')).toThrow(InsufficientCreditError);
    expect(() => parseSendReply('ERR|Yetersiz kredi', 'xml_api.php')).toThrow(/Yetersiz kredi.*insufficient credit/);
  });

  it.each(['', 'OK|', 'OK', '<html>502 Bad Gateway</html>', 'ok|12'])('refuses %j as a ReplyFormatError', (body) => {
    expect(() => parseSendReply(body, 'xml_api.php')).toThrow(ReplyFormatError);
  });
});

describe('reply charset', () => {
  it('decodes UTF-8 by default', () => {
    expect(decodeReply(new TextEncoder().encode('ERR|Geçersiz başlık'), 'text/plain')).toBe('ERR|Geçersiz başlık');
  });
  it('decodes ISO-8859-9 when declared', () => {
    expect(decodeReply(latin5('ERR|Kullanıcı adı veya şifre hatalı'), 'text/plain; charset=ISO-8859-9')).toBe('ERR|Kullanıcı adı veya şifre hatalı');
  });
  it('falls back to ISO-8859-9 when the bytes are not UTF-8 and nothing is declared', () => {
    expect(decodeReply(latin5('ERR|Geçersiz başlık: ĞİŞğış'), null)).toBe('ERR|Geçersiz başlık: ĞİŞğış');
  });
});

describe('report summary', () => {
  it('reads the page example', () => {
    expect(
      parseReportSummary(`<SONUC>
   <BEKLEYEN>5329998877,5338887766</BEKLEYEN>
   <ILETILEN>5459998877</ILETILEN>
   <HATALI>5006665544</HATALI>
</SONUC>`),
    ).toEqual({ pending: ['5329998877', '5338887766'], delivered: ['5459998877'], failed: ['5006665544'] });
  });
  it('reads empty and missing lists as empty', () => {
    expect(parseReportSummary('<SONUC><BEKLEYEN></BEKLEYEN><ILETILEN/></SONUC>')).toEqual({ pending: [], delivered: [], failed: [] });
    expect(parseReportSummary('<?xml version="1.0" encoding="UTF-8"?>\n<SONUC> <HATALI> 5006665544 , </HATALI></SONUC>')).toEqual({
      pending: [],
      delivered: [],
      failed: ['5006665544'],
    });
  });
  it('throws a typed error for ERR and garbage', () => {
    expect(() => parseReportSummary('ERR|Kullanıcı adı veya şifre hatalı')).toThrow(AuthenticationError);
    expect(() => parseReportSummary('<SONUC><BEKLEYEN>')).toThrow(ReplyFormatError);
    expect(() => parseReportSummary('<RaporDetay/>')).toThrow(/expected a <SONUC>/);
  });
});

describe('report detail', () => {
  const page = `<RaporDetay>
     <rapor id="123456789" numara="5051234567" gonderilme="2016-01-01 00:00:00" sonuclanma="2016-01-01 00:00:04" durum="DELIVERED" hatakodu="0" mesaj="Yeni yılınız kutlu olsun." uzunluk="1" />
     <rapor id="123456789" numara="5052345678" gonderilme="2016-01-01 00:00:00" sonuclanma="2016-01-01 00:00:06" durum="NOT_DELIVERED" hatakodu="13" mesaj="Yeni yılınız kutlu olsun." uzunluk="1" />
  <rapor id="123456789" numara="5053456789" gonderilme="2016-01-01 00:00:00" sonuclanma="2016-01-01 00:00:07" durum="EXPIRED" hatakodu="0" mesaj="Yeni yılınız kutlu olsun." uzunluk="1" />
</RaporDetay>`;

  it('reads the page example, times as Istanbul instants', () => {
    const rows = parseReportDetail(page);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      reportId: '123456789',
      number: '5051234567',
      sentAt: new Date('2015-12-31T22:00:00Z'),
      finishedAt: new Date('2015-12-31T22:00:04Z'),
      status: 'delivered',
      rawStatus: 'DELIVERED',
      errorCode: 0,
      text: 'Yeni yılınız kutlu olsun.',
      parts: 1,
    });
    expect(rows.map((r) => r.status)).toEqual(['delivered', 'not_delivered', 'expired']);
    expect(rows[1]?.errorCode).toBe(13);
  });

  it('reads one row, no rows, and an unknown status as pending with its raw value', () => {
    expect(parseReportDetail('<RaporDetay></RaporDetay>')).toEqual([]);
    expect(parseReportDetail('<RaporDetay/>')).toEqual([]);
    const [row] = parseReportDetail(
      '<RaporDetay><rapor id="9" numara="5051234567" gonderilme="2026-12-01 10:00:00" sonuclanma="" durum="WAITING" hatakodu="" mesaj="a &amp; b &lt;c&gt; &quot;q&quot;&#10;line" uzunluk="2"/></RaporDetay>',
    );
    expect(row).toMatchObject({ status: 'pending', rawStatus: 'WAITING', finishedAt: null, errorCode: null, parts: 2, text: 'a & b <c> "q"\nline' });
    expect(row?.sentAt?.toISOString()).toBe('2026-12-01T07:00:00.000Z');
  });

  it('maps statuses, unknown ones to pending', () => {
    expect(deliveryStatus('delivered')).toBe('delivered');
    expect(deliveryStatus('NOT_DELIVERED')).toBe('not_delivered');
    expect(deliveryStatus('EXPIRED')).toBe('expired');
    expect(deliveryStatus('SOMETHING_NEW')).toBe('pending');
    expect(deliveryStatus('')).toBe('pending');
  });
});

describe('report ids and balance', () => {
  it('reads report ids, empty lists too', () => {
    expect(parseReportIds('<SONUC>123456,987654,159753</SONUC>')).toEqual(['123456', '987654', '159753']);
    expect(parseReportIds('<SONUC></SONUC>')).toEqual([]);
    expect(parseReportIds('<SONUC/>')).toEqual([]);
    expect(parseReportIds('<SONUC>\n 1 ,2,\n</SONUC>')).toEqual(['1', '2']);
  });

  it('reads the balance string, with odd spacing and extra lines', () => {
    expect(parseBalance('numerik(0)\nalphanumeric(999)')).toEqual({ numeric: 0, alphanumeric: 999, raw: 'numerik(0)\nalphanumeric(999)' });
    expect(parseBalance('  numerik( 12 )  \r\n\r\n alphanumeric (  3500 )\n<br>\n')).toMatchObject({ numeric: 12, alphanumeric: 3500 });
    expect(parseBalance('alphanumeric(999)')).toMatchObject({ numeric: null, alphanumeric: 999 });
    expect(parseBalance('Numerik(10.500) Alfanumerik(7)')).toMatchObject({ numeric: 10_500, alphanumeric: 7 });
  });

  it.each([
    ['numerik(1.250)\nalphanumeric(999)', 1_250, 999],
    ['numerik(1,250)\nalphanumeric(0)', 1_250, 0],
    ['numerik(1.250.000)\nalphanumeric(12.345.678)', 1_250_000, 12_345_678],
    ['numerik(1,250,000)\nalphanumeric(999,999)', 1_250_000, 999_999],
    ['numerik(1250)\nalphanumeric(0999)', 1_250, 999],
    ['numerik( 1.250 )\nalphanumeric(-3)', 1_250, -3],
  ])('reads thousands separators of %j as whole credits', (body, numeric, alphanumeric) => {
    expect(parseBalance(body)).toEqual({ numeric, alphanumeric, raw: body });
  });

  it.each([
    ['numerik(1.25)\nalphanumeric(999)', 'numerik', '1.25'],
    ['numerik(12.5)\nalphanumeric(999)', 'numerik', '12.5'],
    ['numerik(1,2,3)\nalphanumeric(999)', 'numerik', '1,2,3'],
    ['numerik(abc)\nalphanumeric(999)', 'numerik', 'abc'],
    ['numerik(0)\nalphanumeric(1.250,000)', 'alphanumeric', '1.250,000'],
    ['numerik(0)\nalphanumeric(1,250.5)', 'alphanumeric', '1,250.5'],
    ['numerik(1.2500)', 'numerik', '1.2500'],
    ['numerik(0.250)', 'numerik', '0.250'],
    ['numerik(1 250)', 'numerik', '1 250'],
    ['numerik()\nalphanumeric(5)', 'numerik', ''],
    ['Numerik(10,5) Alfanumerik(7)', 'numerik', '10,5'],
    ['numerik(99999999999999999999)', 'numerik', '99999999999999999999'],
  ])('refuses %j instead of guessing, naming what it could not read', (body, label, value) => {
    let error: unknown;
    try {
      parseBalance(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReplyFormatError);
    expect((error as ReplyFormatError).message).toContain(`cannot read the ${label} credits ${JSON.stringify(value)} as a whole number`);
    expect((error as ReplyFormatError).call).toBe('xml_bakiye.php');
  });

  it('refuses a balance it cannot read', () => {
    expect(() => parseBalance('')).toThrow(ReplyFormatError);
    expect(() => parseBalance('ERR|Kullanıcı adı veya şifre hatalı')).toThrow(AuthenticationError);
  });
});

describe('every reply starting with ERR is a provider error, never a ReplyFormatError', () => {
  // [reply, providerText, class]: classified by the description, as an ERR| reply is.
  const forms: [string, string, typeof ProviderError][] = [
    ['ERR|Yetersiz kredi', 'Yetersiz kredi', InsufficientCreditError],
    ['ERR Yetersiz kredi', 'Yetersiz kredi', InsufficientCreditError],
    ['ERR:Kullanıcı adı veya şifre hatalı', 'Kullanıcı adı veya şifre hatalı', AuthenticationError],
    ['ERR : Geçersiz numara', 'Geçersiz numara', RecipientError],
    ['ERR - Hatalı XML', 'Hatalı XML', XmlError],
    ['ERR|-1', '-1', UnknownProviderError],
    ['ERROR: Hatalı XML yapısı', 'Hatalı XML yapısı', XmlError],
    ['ERR', '', UnknownProviderError],
    ['ERR|', '', UnknownProviderError],
    ['\uFEFFERR|Yetersiz kredi', 'Yetersiz kredi', InsufficientCreditError],
    ['\uFEFF  ERR Yetersiz kredi\r\n', 'Yetersiz kredi', InsufficientCreditError],
    ['\u00ef\u00bb\u00bfERR|Yetersiz kredi', 'Yetersiz kredi', InsufficientCreditError], // a UTF-8 BOM read as windows-1254
    [' \n ERR\n', '', UnknownProviderError],
    ['ERR|Hata: a|b|c', 'Hata: a|b|c', UnknownProviderError],
  ];
  const readers: [string, (body: string) => unknown][] = [
    ['send', (body) => parseSendReply(body, 'xml_ozel_api_ileri.php')],
    ['report', (body) => parseReportSummary(body)],
    ['detailed report', (body) => parseReportDetail(body)],
    ['report ids', (body) => parseReportIds(body)],
    ['balance', (body) => parseBalance(body)],
  ];
  const cases = readers.flatMap(([call, read]) => forms.map(([body, text, kind]) => [call, body, text, kind, read] as const));

  it.each(cases)('%s: %j', (_call, body, text, kind, read) => {
    let error: unknown;
    try {
      read(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(kind);
    expect(isProviderError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(ReplyFormatError);
    expect((error as ProviderError).providerText).toBe(text);
  });

  it('says when the provider gave no description', () => {
    expect(() => parseSendReply('ERR', 'xml_api.php')).toThrow('esemes xml_api.php answered ERR without a description (unrecognised provider error)');
  });

  it('keeps ERR case-sensitive, as the page fixes it: "err|…" is an unreadable reply', () => {
    expect(() => parseSendReply('err|Yetersiz kredi', 'xml_api.php')).toThrow(ReplyFormatError);
    expect(() => parseSendReply('<b>ERR</b>', 'xml_api.php')).toThrow(ReplyFormatError);
  });
});

// Request decoding, reply encoding and attribute escaping, without a server.
import { describe, expect, it } from 'vitest';
import { decodeBody, declaredCharset } from './decode-body.js';
import { encodeIso88599, replyContentType } from './reply-encoding.js';
import { escapeXml } from './xml-escape.js';

const latin5 = (text: string) => encodeIso88599(text);

describe('request decoding', () => {
  it('Should decode UTF-8 by default and ISO-8859-9 / windows-1254 when declared', () => {
    const text = '<SMS>Şeker ğ ı İ</SMS>';
    expect(decodeBody(Buffer.from(text), undefined)).toBe(text);
    expect(decodeBody(latin5(text), 'text/xml; charset=ISO-8859-9')).toBe(text);
    expect(decodeBody(latin5(text), 'text/xml;charset="windows-1254"')).toBe(text);
    expect(decodeBody(latin5(`<?xml version="1.0" encoding="iso-8859-9"?>${text}`), 'text/xml')).toBe(`<?xml version="1.0" encoding="iso-8859-9"?>${text}`);
    expect(decodeBody(latin5(`<?xml version='1.0' encoding='latin5' ?>\n${text}`), undefined)).toContain('Şeker ğ ı İ');
  });

  it('Should read an ASCII body (every byte below 0x80) as every charset it may declare would', () => {
    const ascii = Buffer.from(Array.from({ length: 128 }, (_, byte) => byte));
    for (const contentType of [
      undefined,
      'text/xml',
      'text/xml; charset=utf-8',
      'text/xml; charset=ISO-8859-9',
      'text/xml; charset=utf-16',
      'text/xml; charset=bogus',
    ]) {
      expect(decodeBody(ascii, contentType)).toBe(new TextDecoder('utf-8').decode(ascii));
      expect(decodeBody(ascii, contentType)).toBe(new TextDecoder('windows-1254').decode(ascii));
    }
    expect(decodeBody(ascii.subarray(60, 70), undefined)).toBe('<=>?@ABCDE'); // a view of a larger buffer
  });

  it('Should let the Content-Type charset win over the XML declaration', () => {
    expect(declaredCharset(Buffer.from('<?xml version="1.0" encoding="ISO-8859-9"?><a/>'), 'text/xml; charset=utf-8')).toBe('utf-8');
    expect(decodeBody(Buffer.from('<?xml version="1.0" encoding="ISO-8859-9"?><a>ş</a>'), 'text/xml; charset=utf-8')).toContain('<a>ş</a>');
  });

  it('Should decode UTF-8 for any other or unknown charset', () => {
    expect(decodeBody(Buffer.from('<a>ş</a>'), 'text/xml; charset=bogus')).toBe('<a>ş</a>');
    expect(decodeBody(Buffer.from('<a>ş</a>'), 'application/x-www-form-urlencoded')).toBe('<a>ş</a>');
  });

  it('Should read an undeclared body that is not valid UTF-8 as ISO-8859-9', () => {
    const bytes = latin5('<a>Şükrü Işık Ğ İ ş ğ ı ç ö</a>');
    expect([...latin5('Şükrü')]).toEqual([0xde, 0xfc, 0x6b, 0x72, 0xfc]);
    expect(decodeBody(bytes, undefined)).toBe('<a>Şükrü Işık Ğ İ ş ğ ı ç ö</a>');
    expect(decodeBody(bytes, 'text/xml')).toBe('<a>Şükrü Işık Ğ İ ş ğ ı ç ö</a>');
    expect(decodeBody(bytes, 'text/xml; charset=bogus')).toBe('<a>Şükrü Işık Ğ İ ş ğ ı ç ö</a>');
    expect(decodeBody(latin5('<?xml version="1.0"?><a>Şükrü</a>'), undefined)).toBe('<?xml version="1.0"?><a>Şükrü</a>');
  });

  it('Should keep valid UTF-8 as UTF-8 when undeclared, and a declared UTF-8 as UTF-8 even when the bytes are not', () => {
    expect(decodeBody(Buffer.from('<a>Şükrü</a>'), undefined)).toBe('<a>Şükrü</a>');
    expect(decodeBody(latin5('<a>Şükrü</a>'), 'text/xml; charset=utf-8')).toBe('<a>\ufffd\ufffdkr\ufffd</a>');
  });
});

describe('reply encoding', () => {
  it('Should write ISO-8859-9 by hand: Turkish letters at D0 DD DE F0 FD FE, Latin-1 as is, others as ?', () => {
    expect([...encodeIso88599('ĞİŞğış')]).toEqual([0xd0, 0xdd, 0xde, 0xf0, 0xfd, 0xfe]);
    expect([...encodeIso88599('çÇöÖüÜ é')]).toEqual([0xe7, 0xc7, 0xf6, 0xd6, 0xfc, 0xdc, 0x20, 0xe9]);
    expect([...encodeIso88599('Ðþ€😀')]).toEqual([0x3f, 0x3f, 0x3f, 0x3f]);
    expect(new TextDecoder('windows-1254').decode(encodeIso88599('ERR|Geçersiz başlık'))).toBe('ERR|Geçersiz başlık');
  });

  it('Should name the charset only when asked', () => {
    expect(replyContentType('text/xml', 'iso-8859-9', true)).toBe('text/xml; charset=iso-8859-9');
    expect(replyContentType('text/plain', 'utf-8', false)).toBe('text/plain');
  });
});

describe('attribute escaping', () => {
  it('Should escape markup, both quotes and line breaks, and replace characters XML cannot carry', () => {
    expect(escapeXml(`a&b<c>d"e'f\ng\rh\ti`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f&#10;g&#13;h&#9;i');
    expect(escapeXml('x\u0001y\uffffz')).toBe('x\ufffdy\ufffdz');
  });
});

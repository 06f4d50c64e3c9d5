import { describe, expect, it } from 'vitest';
import { CliError } from './exit.js';
import { messageFileFormat, readCsvMessages, readJsonlMessages, textLines, type MessageRow } from './message-files.js';

async function rows(reader: AsyncIterable<MessageRow>): Promise<MessageRow[]> {
  const out: MessageRow[] = [];
  for await (const row of reader) out.push(row);
  return out;
}

/** Chunks of `text`, cut every `size` bytes (also inside multi-byte characters and quoted fields). */
function chunked(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

async function failure(reader: AsyncIterable<MessageRow>): Promise<CliError> {
  try {
    await rows(reader);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return error as CliError;
  }
  throw new Error('expected the reader to fail');
}

describe('messageFileFormat', () => {
  it.each([
    ['orders.csv', 'csv'],
    ['ORDERS.CSV', 'csv'],
    ['a/b.jsonl', 'jsonl'],
    ['x.ndjson', 'jsonl'],
  ])('Should read %s as %s', (path, format) => {
    expect(messageFileFormat(path)).toBe(format);
  });

  it.each(['orders.txt', 'orders', 'orders.json'])('Should refuse %s as a usage error', (path) => {
    expect(() => messageFileFormat(path)).toThrow(CliError);
    expect(() => messageFileFormat(path)).toThrow(/\.csv.*\.jsonl/);
  });
});

describe('readCsvMessages (RFC 4180)', () => {
  it('Should read quoted commas, doubled quotes, newlines inside quotes and CRLF', async () => {
    const csv = 'phone,text\r\n05329998877,"Merhaba, Ayşe"\r\n05301112233,"O ""özel"" gün"\r\n05421112233,"iki\r\nsatır"\r\n';
    expect(await rows(readCsvMessages([csv], 'm.csv'))).toEqual([
      { line: 2, phone: '05329998877', text: 'Merhaba, Ayşe' },
      { line: 3, phone: '05301112233', text: 'O "özel" gün' },
      { line: 4, phone: '05421112233', text: 'iki\r\nsatır' },
    ]);
  });

  it('Should take the columns in any order, ignore extra ones and header case', async () => {
    const csv = 'Name, TEXT ,order,Phone\nAyşe,"Kargonuz yolda",17,05329998877\n';
    expect(await rows(readCsvMessages([csv], 'm.csv'))).toEqual([{ line: 2, phone: '05329998877', text: 'Kargonuz yolda' }]);
  });

  it('Should skip a BOM and empty lines, and number lines after a multi-line field', async () => {
    const csv = '\uFEFFphone,text\n\n05329998877,"a\nb\nc"\n\n05301112233,d';
    expect(await rows(readCsvMessages([csv], 'm.csv'))).toEqual([
      { line: 3, phone: '05329998877', text: 'a\nb\nc' },
      { line: 7, phone: '05301112233', text: 'd' },
    ]);
  });

  it('Should number lines with CRLF empty lines and a CRLF inside quotes', async () => {
    const csv = 'phone,text\r\n\r\n05329998877,"a\r\nb"\r\n\r\n05301112233,c\r\n05421112233,d';
    expect((await rows(readCsvMessages([csv], 'm.csv'))).map((r) => r.line)).toEqual([3, 6, 7]);
  });

  it('Should give the same rows whatever the chunk boundaries', async () => {
    const csv = 'phone,text\r\n\r\n05329998877,"Şükrü, ""çok"" teşekkürler\r\nyarın görüşürüz"\r\n05301112233,Güle güle\r\n';
    const whole = await rows(readCsvMessages([csv], 'm.csv'));
    expect(whole.map((r) => r.line)).toEqual([3, 5]);
    for (const size of [1, 2, 3, 7]) expect(await rows(readCsvMessages(chunked(csv, size), 'm.csv'))).toEqual(whole);
  });

  it('Should name a missing "phone" or "text" header', async () => {
    expect((await failure(readCsvMessages(['numara,text\n1,a\n'], 'm.csv'))).message).toMatch(/m\.csv: the header line has no "phone" column/);
    expect((await failure(readCsvMessages(['phone,mesaj\n1,a\n'], 'm.csv'))).message).toMatch(/no "text" column/);
    expect((await failure(readCsvMessages(['a,b\n'], 'm.csv'))).message).toMatch(/no "phone" and "text" column/);
  });

  it('Should refuse an empty file', async () => {
    expect((await failure(readCsvMessages([''], 'm.csv'))).message).toMatch(/m\.csv is empty/);
  });

  it('Should refuse an unclosed quote, naming the line', async () => {
    const error = await failure(readCsvMessages(['phone,text\n1,ok\n2,"never closed\n3,x\n'], 'm.csv'));
    expect(error.code).toBe('input');
    expect(error.message).toMatch(/m\.csv: invalid CSV: Quote Not Closed: .* at line \d/);
  });

  it('Should refuse a row with a different number of fields, naming the line', async () => {
    expect((await failure(readCsvMessages(['phone,text\n1,a\n2,b,c\n'], 'm.csv'))).message).toMatch(/invalid CSV: .*line 3/);
  });

  it('Should refuse a text that is not UTF-8 (e.g. Windows-1254 from Excel)', async () => {
    const windows1254 = Buffer.concat([Buffer.from('phone,text\n05329998877,te'), Buffer.from([0xfe]), Buffer.from('ekkurler\n')]);
    expect((await failure(readCsvMessages([windows1254], 'm.csv'))).message).toMatch(/not UTF-8/);
  });
});

describe('readJsonlMessages', () => {
  it('Should read one object per line, skip blank lines, accept CRLF, a BOM and numeric phones', async () => {
    const jsonl = '\uFEFF{"phone":"05329998877","text":"Merhaba, Ayşe","name":"x"}\r\n\r\n{"text":"iki\\nsatır","phone":5301112233}\n';
    expect(await rows(readJsonlMessages([jsonl], 'm.jsonl'))).toEqual([
      { line: 1, phone: '05329998877', text: 'Merhaba, Ayşe' },
      { line: 3, phone: '5301112233', text: 'iki\nsatır' },
    ]);
  });

  it('Should read a last line without a newline, whatever the chunk boundaries', async () => {
    const jsonl = '{"phone":"1","text":"ğüşıöç"}\n{"phone":"2","text":"son"}';
    const whole = await rows(readJsonlMessages([jsonl], 'm.jsonl'));
    expect(whole).toHaveLength(2);
    for (const size of [1, 5]) expect(await rows(readJsonlMessages(chunked(jsonl, size), 'm.jsonl'))).toEqual(whole);
  });

  it.each([
    ['{"phone":"1","text":"a"}\n\n{"phone":"2","text":"b"\n', 'm.jsonl: line 3: not valid JSON'],
    ['{"phone":"1","text":"a"}\n[1,2]\n', 'm.jsonl: line 2: expected an object'],
    ['"just text"\n', 'm.jsonl: line 1: expected an object'],
    ['{"phone":"1","text":"a"}\n{"text":"b"}\n', 'm.jsonl: line 2: "phone" is missing'],
    ['{"phone":"1"}\n', 'm.jsonl: line 1: "text" is missing'],
    ['{"phone":"1","text":5}\n', 'm.jsonl: line 1: "text" must be a string'],
    ['{"phone":null,"text":"a"}\n', 'm.jsonl: line 1: "phone" must be a string'],
  ])('Should refuse a malformed line, naming its number (%j)', async (jsonl, message) => {
    const error = await failure(readJsonlMessages([jsonl], 'm.jsonl'));
    expect(error.code).toBe('input');
    expect(error.message).toContain(message);
  });

  it('Should stop at the first malformed line without reading on', async () => {
    const seen: MessageRow[] = [];
    await expect(async () => {
      for await (const row of readJsonlMessages(['{"phone":"1","text":"a"}\nnope\n{"phone":"3","text":"c"}\n'], 'm.jsonl')) seen.push(row);
    }).rejects.toThrow(/line 2/);
    expect(seen.map((r) => r.line)).toEqual([1]);
  });
});

describe('textLines', () => {
  it('Should number lines from 1, strip CR and keep empty lines', async () => {
    const lines = [];
    for await (const l of textLines(['a\r\n\nb', '\nc'], 'f')) lines.push(l);
    expect(lines).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: '' },
      { line: 3, text: 'b' },
      { line: 4, text: 'c' },
    ]);
  });
});

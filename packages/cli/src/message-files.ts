// Streaming readers for the message files of `send-personalized` (CSV with a phone,text header, or
// JSONL) and the line reader `--to-file` uses. Files are read a chunk at a time, never whole; every
// problem is a CliError (exit 2) naming the file and the line.
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { CliError } from './exit.js';

export type MessageFileFormat = 'csv' | 'jsonl';

/** One message of a file: the number and text as written, and the (first) line it is on. */
export interface MessageRow {
  line: number;
  phone: string;
  text: string;
}

/** A readable stream, or any (async) iterable of chunks (tests pass arrays). */
type Chunks = AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>;

/** The format from the extension: `.csv`, or `.jsonl` / `.ndjson`. Anything else is a usage error. */
export function messageFileFormat(path: string): MessageFileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw new CliError(
    'usage',
    `${path}: unknown file type "${ext || '(none)'}"; use a .csv file (header phone,text) or a .jsonl/.ndjson file (one {"phone":…,"text":…} per line)`,
  );
}

function readError(source: string, error: unknown): CliError {
  if (error instanceof CliError) return error;
  const code = (error as { code?: unknown }).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
  return new CliError('input', `cannot read ${source}: ${why}`);
}

/** Decode UTF-8 chunk by chunk; bytes that are not UTF-8 (e.g. an Excel file saved as Windows-1254) stop with a clear error. */
export async function* decodeUtf8(chunks: Chunks, source: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } catch (error) {
    if (error instanceof TypeError && /encoded data|decode/i.test(error.message)) {
      throw new CliError('input', `${source} is not UTF-8 text; save it as UTF-8 (in Excel: "CSV UTF-8")`);
    }
    throw readError(source, error);
  }
}

/** Lines of a text stream without their `\n` / `\r\n`, numbered from 1; a leading BOM is dropped. */
export async function* textLines(chunks: Chunks, source: string): AsyncGenerator<{ line: number; text: string }> {
  let rest = '';
  let line = 0;
  for await (const text of decodeUtf8(chunks, source)) {
    rest += text;
    let start = 0;
    for (let end = rest.indexOf('\n'); end !== -1; end = rest.indexOf('\n', start)) {
      line += 1;
      yield { line, text: clean(rest.slice(start, end), line) };
      start = end + 1;
    }
    rest = rest.slice(start);
  }
  if (rest !== '') yield { line: line + 1, text: clean(rest, line + 1) };
}

function clean(text: string, line: number): string {
  const withoutCr = text.endsWith('\r') ? text.slice(0, -1) : text;
  return line === 1 && withoutCr.startsWith('\uFEFF') ? withoutCr.slice(1) : withoutCr;
}

/** JSONL: one `{"phone": "…", "text": "…"}` per line (phone may be a JSON number); blank lines are skipped. */
export async function* readJsonlMessages(chunks: Chunks, source: string): AsyncGenerator<MessageRow> {
  for await (const { line, text } of textLines(chunks, source)) {
    if (text.trim() === '') continue;
    const at = `${source}: line ${line}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new CliError('input', `${at}: not valid JSON (${(error as Error).message})`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new CliError('input', `${at}: expected an object {"phone": "…", "text": "…"}`);
    }
    const { phone, text: message } = value as Record<string, unknown>;
    if (phone === undefined) throw new CliError('input', `${at}: "phone" is missing`);
    if (typeof phone !== 'string' && typeof phone !== 'number') throw new CliError('input', `${at}: "phone" must be a string`);
    if (message === undefined) throw new CliError('input', `${at}: "text" is missing`);
    if (typeof message !== 'string') throw new CliError('input', `${at}: "text" must be a string`);
    yield { line, phone: String(phone), text: message };
  }
}

interface CsvRecord {
  record: string[];
  raw: string;
}

/**
 * Line breaks in csv-parse's `raw` text of a record. `raw` keeps the `\r` of a CRLF that ends a record
 * or an empty line but not its `\n`, and keeps CRLF inside quoted fields whole; so a break is a `\n`
 * or a `\r` not followed by `\n`.
 */
function lineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) count += 1;
  }
  return count;
}

/**
 * CSV per RFC 4180 (quoted commas, doubled quotes, newlines inside quotes, CRLF), through csv-parse's
 * streaming parser. The first line names the columns: `phone` and `text` in any order (case and
 * surrounding spaces ignored); other columns are ignored. Empty lines are skipped.
 */
export async function* readCsvMessages(chunks: Chunks, source: string): AsyncGenerator<MessageRow> {
  const parser = parse({ bom: true, skip_empty_lines: true, raw: true });
  pipeline(
    chunks,
    (input: Chunks) => decodeUtf8(input, source),
    parser,
    () => undefined,
  );
  let phoneAt = -1;
  let textAt = -1;
  let header = false;
  let breaksBefore = 0;
  try {
    for await (const { record, raw } of parser as AsyncIterable<CsvRecord>) {
      // The line a record starts on: breaks of earlier records, then the empty lines skipped before it.
      const line = 1 + breaksBefore + lineBreaks(/^[\r\n]*/.exec(raw)?.[0] ?? '');
      breaksBefore += lineBreaks(raw);
      if (!header) {
        header = true;
        const names = record.map((name) => name.trim().toLowerCase());
        phoneAt = names.indexOf('phone');
        textAt = names.indexOf('text');
        const missing = [...(phoneAt === -1 ? ['"phone"'] : []), ...(textAt === -1 ? ['"text"'] : [])];
        if (missing.length > 0) {
          throw new CliError(
            'input',
            `${source}: the header line has no ${missing.join(' and ')} column (found: ${record.join(',') || 'nothing'}); the first line must name the columns, e.g. phone,text`,
          );
        }
        continue;
      }
      yield { line, phone: record[phoneAt] ?? '', text: record[textAt] ?? '' };
    }
  } catch (error) {
    if (error instanceof CsvError) throw new CliError('input', `${source}: invalid CSV: ${error.message}`);
    throw readError(source, error);
  } finally {
    parser.destroy();
  }
  if (!header) throw new CliError('input', `${source} is empty; the first line must name the columns, e.g. phone,text`);
}

/** Read a message file in the format its extension names. */
export function readMessageFile(path: string, format: MessageFileFormat = messageFileFormat(path)): AsyncGenerator<MessageRow> {
  const stream = createReadStream(path);
  return format === 'csv' ? readCsvMessages(stream, path) : readJsonlMessages(stream, path);
}

// Everything the CLI writes goes through Output: it keeps stdout to one JSON document in --json mode,
// and blanks the account password wherever it might appear (provider texts, echoed input, errors).

/** The process seams the CLI uses, so tests can run it in-process. */
export interface CliIo {
  /** Environment variables (ESEMES_USER, ESEMES_PASSWORD, ESEMES_BASE_URL, ESEMES_TIMEOUT_MS, PORT). */
  env: Readonly<Record<string, string | undefined>>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Whether stderr is a terminal: enables the progress bar. */
  isTTY: boolean;
  /** Stops long-running commands (`esemes sandbox`); default: SIGINT or SIGTERM. */
  stop?: AbortSignal;
}

const REDACTED = '********';
// Redacting a one- to three-character password would garble ordinary text; such passwords are not
// accepted by real accounts, and the core never puts the password in an error anyway.
const MIN_SECRET_LENGTH = 4;

export class Output {
  /** Set from the running command's --json flag. */
  json = false;
  #secrets: string[] = [];
  #documentWritten = false;

  constructor(readonly io: CliIo) {}

  /** Never print `secret`, whatever text carries it. */
  addSecret(secret: string): void {
    if (secret.length >= MIN_SECRET_LENGTH && !this.#secrets.includes(secret)) this.#secrets.push(secret);
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.#secrets) result = result.split(secret).join(REDACTED);
    return result;
  }

  /** Raw write to stdout (commander's help text). */
  writeOut(text: string): void {
    this.io.stdout.write(this.redact(text));
  }

  /** Raw write to stderr. */
  writeErr(text: string): void {
    this.io.stderr.write(this.redact(text));
  }

  /** A result line on stdout (human mode). */
  line(text = ''): void {
    this.writeOut(`${text}\n`);
  }

  /** Information for a person on stderr; silent in --json mode. */
  info(text: string): void {
    if (!this.json) this.writeErr(`${text}\n`);
  }

  /** A warning on stderr, in both modes (--json keeps stdout for the document). */
  warn(text: string): void {
    this.writeErr(`warning: ${text}\n`);
  }

  /** An error line on stderr. */
  error(text: string): void {
    this.writeErr(`${text}\n`);
  }

  /** The one JSON document of a --json run. Later calls are ignored, so stdout stays one document. */
  document(value: unknown): void {
    if (this.#documentWritten) return;
    this.#documentWritten = true;
    this.writeOut(`${JSON.stringify(value, null, 2)}\n`);
  }

  get documentWritten(): boolean {
    return this.#documentWritten;
  }
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const format = (row: readonly string[]): string =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [format(header), ...rows.map(format)].join('\n');
}

/** "1 number", "2 numbers". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

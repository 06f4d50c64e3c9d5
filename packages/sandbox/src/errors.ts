/**
 * The exact `ERR|…` replies the sandbox gives, one per failure kind. The texts are Turkish, as the
 * provider's are; the core classifies replies by these texts, so they are part of the contract.
 *
 * @example
 * ```ts
 * const reply = await (await fetch(url + 'xml_bakiye.php', { method: 'POST', body })).text();
 * if (reply === SANDBOX_ERRORS.auth) console.log('wrong user or password');
 * ```
 */
export const SANDBOX_ERRORS = {
  /** Wrong user name or password. */
  auth: 'ERR|Kullanıcı adı veya şifre hatalı',
  /** Not enough credit for the whole request (nothing is sent). */
  credit: 'ERR|Yetersiz kredi',
  /** Sender title not registered for the account, empty, or over 11 characters. */
  sender: 'ERR|Geçersiz başlık',
  /** No valid number, or an empty recipient list. */
  number: 'ERR|Geçersiz numara',
  /** More than 100,000 numbers (or `mesaj` elements) in one request. */
  tooMany: 'ERR|Bir seferde en fazla 100.000 numaraya gönderim yapılabilir',
  /** Body not well-formed XML, wrong root element for the path, or a required element missing. */
  xml: 'ERR|Hatalı XML yapısı',
  /** A date that is not empty and not exactly `YYYY-MM-DD HH:MM:SS` with a real date and time. */
  date: 'ERR|Geçersiz tarih formatı',
  /** An empty message text. */
  emptyText: 'ERR|Mesaj metni boş',
  /** Unknown report id, or a report of another account. */
  reportNotFound: 'ERR|Rapor bulunamadı',
} as const;

/** The name of one sandbox failure kind, a key of {@link SANDBOX_ERRORS}. */
export type SandboxErrorKind = keyof typeof SANDBOX_ERRORS;

/**
 * Thrown when the sandbox is built with invalid options (or a fault is injected with invalid
 * fields). `problems` names every bad option at once; no message ever contains a password.
 *
 * @example
 * ```ts
 * try {
 *   await startSandbox({ port: -1, seed: 1.5 });
 * } catch (error) {
 *   if (isSandboxConfigError(error)) console.error(error.problems); // ['port …', 'seed …']
 * }
 * ```
 */
export class SandboxConfigError extends Error {
  override readonly name = 'SandboxConfigError' as const;
  readonly code = 'config' as const;
  readonly problems: readonly string[];

  constructor(problems: readonly string[], what = 'sandbox options') {
    super(`Invalid ${what}: ${problems.join('; ')}`);
    this.problems = [...problems];
  }
}

/**
 * True when `error` is a {@link SandboxConfigError}, also across realms (checks the name).
 *
 * @example
 * ```ts
 * if (isSandboxConfigError(error)) process.exitCode = 2;
 * ```
 */
export function isSandboxConfigError(error: unknown): error is SandboxConfigError {
  return error instanceof SandboxConfigError || (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'SandboxConfigError');
}

/**
 * The state file (`stateFile` option) exists but cannot be used: unreadable, not JSON, or not a state
 * this sandbox wrote. The sandbox refuses to start rather than start empty, because starting empty would
 * lose the sends (and their reports) the file holds and overwrite it at the next change. `file` names
 * the file; the message says how to start afresh. No message ever holds a phone number or a text.
 *
 * @example
 * ```ts
 * try {
 *   await startSandbox({ stateFile: './data/sandbox-state.json' });
 * } catch (error) {
 *   if (isSandboxStateError(error)) console.error(error.message); // names the file and what is wrong
 * }
 * ```
 */
export class SandboxStateError extends Error {
  override readonly name = 'SandboxStateError' as const;
  readonly code = 'state' as const;
  /** The state file, as an absolute path. */
  readonly file: string;

  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`Cannot load the sandbox state file ${file}: ${problem}. Move it away or delete it to start an empty sandbox.`, options);
    this.file = file;
  }
}

/**
 * True when `error` is a {@link SandboxStateError}, also across realms (checks the name).
 *
 * @example
 * ```ts
 * if (isSandboxStateError(error)) console.error(`see ${error.file}`);
 * ```
 */
export function isSandboxStateError(error: unknown): error is SandboxStateError {
  return error instanceof SandboxStateError || (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'SandboxStateError');
}

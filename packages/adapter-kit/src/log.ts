// The logger adapters write to: Fastify's (pino) satisfies it, and so does a test's array.

/** Structured log lines: an object of fields first, then the message. Never pass whole phone numbers or secrets. */
export interface AdapterLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything (a default for tools and tests). */
export const SILENT_LOG: AdapterLog = { info() {}, warn() {}, error() {} };

// The sandbox's state in a JSON file (the `stateFile` option), so a restarted sandbox still knows its
// sends, their reports and inboxes, the credits and the report id counter: the file's format, and
// loading it once at start. Writing it after changes is state-writer.ts.
import { readFile } from 'node:fs/promises';
import { API_PATHS, type ApiPath } from './api-paths.js';
import { SandboxStateError } from './errors.js';
import { isValidNumber, packNumber, unpackNumber } from './numbers.js';
import type { CreditKind } from './prepare-send.js';
import type { SendRecord } from './store.js';

/** What a state file keeps. */
export interface StateSnapshot {
  /** The report id the next send gets. */
  nextReportId: number;
  /** Credits by user name. */
  credits: Record<string, Record<CreditKind, number>>;
  /** Every accepted send, oldest first. */
  sends: readonly SendRecord[];
}

/** Marks the file as ours; `version` changes when the layout does. */
const FORMAT = 'esemes-sandbox-state';
const VERSION = 1;

/** One send as written to the file: numbers as `5XXXXXXXXX` strings, no typed arrays. */
interface SendJson {
  reportId: number;
  user: string;
  path: ApiPath;
  sender: string;
  creditKind: CreditKind;
  credits: number;
  acceptedAt: number;
  sendAt: number;
  scheduledFor: number | null;
  numbers: string[];
  text: string | string[];
  parts: number | number[];
  blacklisted: string[];
  skipped: string[];
}

/** The file's text for `state` (passwords are never part of it: accounts come from the options). */
export function serializeState(state: StateSnapshot): string {
  const sends: SendJson[] = state.sends.map((record) => ({
    reportId: record.reportId,
    user: record.user,
    path: record.path,
    sender: record.sender,
    creditKind: record.creditKind,
    credits: record.credits,
    acceptedAt: record.acceptedAt,
    sendAt: record.sendAt,
    scheduledFor: record.scheduledFor ?? null,
    numbers: Array.from(record.numbers, unpackNumber),
    text: typeof record.text === 'string' ? record.text : [...record.text],
    parts: typeof record.parts === 'number' ? record.parts : Array.from(record.parts),
    blacklisted: [...record.blacklisted],
    skipped: [...record.skipped],
  }));
  return JSON.stringify({ format: FORMAT, version: VERSION, nextReportId: state.nextReportId, credits: state.credits, sends });
}

/** Thrown by the checks below with what is wrong (never a value from the file: it may be a phone number). */
class Invalid extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Invalid(what);
}

function creditsOf(value: unknown): StateSnapshot['credits'] {
  check(isObject(value), 'credits must be an object of user name → { numeric, alphanumeric }');
  const credits: StateSnapshot['credits'] = {};
  for (const [user, entry] of Object.entries(value)) {
    check(isObject(entry) && isCount(entry.numeric) && isCount(entry.alphanumeric), 'credits of each user must be { numeric, alphanumeric }, integers >= 0');
    credits[user] = { numeric: entry.numeric, alphanumeric: entry.alphanumeric };
  }
  return credits;
}

function sendOf(value: unknown, index: number): SendRecord {
  const at = `sends[${index}]`;
  check(isObject(value), `${at} must be an object`);
  const s = value;
  check(isCount(s.reportId) && s.reportId >= 1, `${at}.reportId must be an integer >= 1`);
  check(typeof s.user === 'string', `${at}.user must be a string`);
  check(typeof s.path === 'string' && Object.hasOwn(API_PATHS, s.path), `${at}.path must be an API path`);
  const kind = API_PATHS[s.path as ApiPath];
  check(kind === 'bulk' || kind === 'personal', `${at}.path must be a send path`);
  check(typeof s.sender === 'string', `${at}.sender must be a string`);
  check(s.creditKind === 'numeric' || s.creditKind === 'alphanumeric', `${at}.creditKind must be numeric or alphanumeric`);
  check(isCount(s.credits), `${at}.credits must be an integer >= 0`);
  check(isTime(s.acceptedAt) && isTime(s.sendAt), `${at}.acceptedAt and sendAt must be epoch milliseconds`);
  check(s.scheduledFor === null || isTime(s.scheduledFor), `${at}.scheduledFor must be null or epoch milliseconds`);
  check(isStrings(s.numbers) && s.numbers.every(isValidNumber), `${at}.numbers must be numbers written 5XXXXXXXXX`);
  check(isStrings(s.blacklisted) && isStrings(s.skipped), `${at}.blacklisted and skipped must be arrays of strings`);
  const count = s.numbers.length;
  if (kind === 'bulk') {
    check(typeof s.text === 'string' && isCount(s.parts), `${at} (one text) must have a text string and a parts count`);
  } else {
    check(isStrings(s.text) && s.text.length === count, `${at}.text must hold one text per number`);
    check(Array.isArray(s.parts) && s.parts.length === count && s.parts.every(isCount), `${at}.parts must hold one parts count per number`);
  }
  return {
    reportId: s.reportId,
    user: s.user,
    path: s.path as ApiPath,
    sender: s.sender,
    creditKind: s.creditKind,
    credits: s.credits,
    acceptedAt: s.acceptedAt,
    sendAt: s.sendAt,
    scheduledFor: s.scheduledFor ?? undefined,
    numbers: Uint32Array.from(s.numbers, packNumber),
    text: typeof s.text === 'string' ? s.text : (s.text as string[]),
    parts: typeof s.parts === 'number' ? s.parts : Uint32Array.from(s.parts as number[]),
    blacklisted: s.blacklisted,
    skipped: s.skipped,
  };
}

/** The state in `text`; throws `Invalid` naming the first thing that is wrong. */
function parseState(text: string): StateSnapshot {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the file, which holds phone numbers and texts.
    throw new Invalid(text.trim() === '' ? 'it is empty' : 'it is not valid JSON (cut short or edited by hand?)');
  }
  check(isObject(document) && document.format === FORMAT, `it is not a sandbox state file (no "format": "${FORMAT}")`);
  check(document.version === VERSION, `its version ${JSON.stringify(document.version)} is not ${VERSION}, the one this sandbox reads`);
  check(isCount(document.nextReportId) && document.nextReportId >= 1, 'nextReportId must be an integer >= 1');
  check(Array.isArray(document.sends), 'sends must be an array');
  const sends = document.sends.map(sendOf);
  const ids = new Set(sends.map((record) => record.reportId));
  check(ids.size === sends.length, 'two sends have the same reportId');
  return { nextReportId: document.nextReportId, credits: creditsOf(document.credits), sends };
}

/**
 * The state saved in `file`, or undefined when there is no such file (a first start). Throws a
 * SandboxStateError naming the file when it cannot be read or is not a valid state.
 */
export async function loadStateFile(file: string): Promise<StateSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new SandboxStateError(file, `it cannot be read (${code ?? (error as Error).message})`, { cause: error });
  }
  try {
    return parseState(text);
  } catch (error) {
    if (error instanceof Invalid) throw new SandboxStateError(file, error.message);
    throw error;
  }
}

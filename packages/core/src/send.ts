import { EsemesError, ValidationError } from './errors.js';
import { MobileNumberSet } from './number-set.js';
import { normalizeTurkishMobile, type PhoneRejectReason } from './phone.js';
import type { ResolvedOptions } from './options.js';
import { parseSendReply } from './reply.js';
import { checkCommon, isScheduledCall, prepareText, sendPath, type CommonSendOptions } from './send-input.js';
import { post } from './transport.js';
import { PersonalizedPacketBuilder, SendXmlEncoder } from './xml-request.js';

export interface SendOptions extends CommonSendOptions {
  /** The text, the same for every number. */
  text: string;
  /** Numbers in any common Turkish format; duplicates are sent once. A string may list several, comma-separated. */
  to: string | Iterable<string>;
  /** Called after each packet is accepted. */
  onProgress?: ((progress: SendProgress) => void) | undefined;
}

export interface PersonalizedMessage {
  to: string;
  text: string;
}

export interface SendPersonalizedOptions extends CommonSendOptions {
  /** One `{ to, text }` per number: an array, an iterable or an async iterable (streamed). */
  messages: Iterable<PersonalizedMessage> | AsyncIterable<PersonalizedMessage>;
  onProgress?: ((progress: SendProgress) => void) | undefined;
}

export interface SendProgress {
  packetsDone: number;
  /** Known for `send`; undefined while a personalized stream is still being read. */
  packetsTotal: number | undefined;
  numbersDone: number;
  numbersTotal: number | undefined;
}

export interface PacketResult {
  /** The provider's report id for this request. */
  reportId: string;
  /** The call used, e.g. `tr/xml_api_ileri.php`. */
  path: string;
  /** Where this packet's numbers start in `accepted` (in `error.partial`: in the numbers as they were split into packets). */
  start: number;
  /** How many numbers this packet carried: `accepted.slice(start, start + count)`. */
  count: number;
  /**
   * Normalized numbers in this packet, in request order: a new array on each read, made from `accepted`
   * (a million-number send keeps its numbers once, not once more per packet). Not an own property, so not in JSON.
   */
  readonly numbers: string[];
}

/** A packet as a range of one array of numbers; `numbers` is made only when read. */
class Packet implements PacketResult {
  readonly reportId: string;
  readonly path: string;
  readonly start: number;
  readonly count: number;
  readonly #all: readonly string[];

  constructor(reportId: string, path: string, all: readonly string[], start: number, count: number) {
    this.reportId = reportId;
    this.path = path;
    this.start = start;
    this.count = count;
    this.#all = all;
  }

  get numbers(): string[] {
    return this.#all.slice(this.start, this.start + this.count);
  }
}

export interface RejectedRecipient {
  /** What the caller gave. */
  input: string;
  /** Position in `to` / `messages`. */
  index: number;
  reason: PhoneRejectReason | 'empty_text' | 'text';
  message: string;
}

export interface SendResult {
  /** One report id per packet, in order. */
  reportIds: string[];
  packets: PacketResult[];
  /** Numbers the provider accepted (normalized). */
  accepted: string[];
  /** Inputs not sent, with the reason. */
  rejected: RejectedRecipient[];
}

/** What a failed multi-packet send had done before it stopped; set as `error.partial`. */
export interface PartialSend {
  packets: PacketResult[];
  /** Numbers of the packets that were not accepted. */
  notSent: string[];
  rejected: RejectedRecipient[];
}

function attachPartial(error: unknown, partial: PartialSend): unknown {
  if (partial.packets.length === 0) return error;
  if (error instanceof EsemesError) Object.defineProperty(error, 'partial', { value: partial, enumerable: false });
  return error;
}

/**
 * Normalize and deduplicate `to` into one array, in first-seen order; packet `i` is its range
 * `[i × packetSize, (i + 1) × packetSize)`. Its own function so that the set dies with it instead of staying
 * in the context the packet workers keep.
 */
function collectNumbers(to: unknown): { numbers: string[]; rejected: RejectedRecipient[] } {
  // Each number once; the set holds them as integers (a million numbers: ~8 MB, not a Set<string>'s ~30).
  const known = Array.isArray(to) ? to.length : 0;
  const seen = new MobileNumberSet(known);
  // When the input's length is known, the array is made at that size once and cut to what was kept: no
  // growing copies, and it becomes `accepted` as it is (no second array of a million numbers).
  const numbers: string[] = known > 0 ? new Array<string>(known) : [];
  const rejected: RejectedRecipient[] = [];
  let count = 0;
  let index = 0;
  const take = (value: unknown, skipBlank: boolean): void => {
    const input = String(value);
    const result = normalizeTurkishMobile(input);
    if (result.ok) {
      if (seen.add(result.number)) numbers[count++] = result.number;
    } else if (!(skipBlank && input.trim() === '')) rejected.push({ input, index, reason: result.reason, message: result.message });
    index += 1;
  };
  if (typeof to === 'string') for (const part of to.split(/[,;\n]/)) take(part, true);
  else if (Array.isArray(to)) for (let i = 0; i < to.length; i += 1) take(to[i], false);
  else if (to && typeof (to as Iterable<unknown>)[Symbol.iterator] === 'function') for (const value of to as Iterable<unknown>) take(value, false);
  else throw new ValidationError('to', 'must be a string or an iterable of strings');
  if (count < numbers.length) numbers.length = count;
  seen.release();
  return { numbers, rejected };
}

export async function sendBulk(config: ResolvedOptions, options: SendOptions): Promise<SendResult> {
  const common = checkCommon(options, config.now());
  const { text, turkish } = prepareText(options.text, common.charset, 'text');
  const { numbers, rejected } = collectNumbers(options.to);
  const count = numbers.length;
  if (count === 0) {
    throw new ValidationError(
      'to',
      `no valid Turkish mobile number (${rejected.length} rejected${rejected[0] ? `, e.g. ${rejected[0].message}` : ''}); nothing was sent`,
      rejected,
    );
  }
  const path = sendPath('bulk', turkish, common.flags);
  // Title, text and options are encoded once; each packet's body is made when a worker sends it, so at most
  // `concurrency` bodies exist at a time (with the default node:http exchange, each worker writes its next body into its last one's buffer).
  const encoder = new SendXmlEncoder(config.credentials, { sender: common.sender, text }, common.flags);
  const size = config.packetSize;
  const total = Math.ceil(count / size);
  const packets: Array<PacketResult | undefined> = Array.from({ length: total }, () => undefined);
  let next = 0;
  let done = 0;
  let numbersDone = 0;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    let scratch: Buffer | undefined;
    while (firstError === undefined && next < total) {
      const i = next++;
      const start = i * size;
      const end = Math.min(start + size, count);
      try {
        const body = encoder.body(numbers, start, end, scratch);
        const reply = await post(config.transport, path, body, { idempotent: false, signal: options.signal });
        if (config.transport.reusableBodies && body.length > (scratch?.length ?? 0)) scratch = body;
        packets[i] = new Packet(parseSendReply(reply, path), path, numbers, start, end - start);
        done += 1;
        numbersDone += end - start;
        options.onProgress?.({ packetsDone: done, packetsTotal: total, numbersDone, numbersTotal: count });
      } catch (error) {
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.concurrency, total) }, worker));
  const sent = packets.filter((p): p is PacketResult => p !== undefined);
  if (firstError !== undefined) {
    const notSent = packets.flatMap((p, i) => (p ? [] : numbers.slice(i * size, Math.min((i + 1) * size, count))));
    throw attachPartial(firstError, { packets: sent, notSent, rejected });
  }
  return { reportIds: sent.map((p) => p.reportId), packets: sent, accepted: numbers, rejected };
}

export async function sendPersonalizedMessages(config: ResolvedOptions, options: SendPersonalizedOptions): Promise<SendResult> {
  const common = checkCommon(options, config.now());
  const messages = options.messages as unknown;
  if (messages === null || typeof messages !== 'object' || !(Symbol.iterator in messages || Symbol.asyncIterator in messages)) {
    throw new ValidationError('messages', 'must be an array, an iterable or an async iterable of { to, text }');
  }
  const builder = new PersonalizedPacketBuilder();
  const packets: PacketResult[] = [];
  const accepted: string[] = [];
  const rejected: RejectedRecipient[] = [];
  let packetNumbers: string[] = [];
  let packetTurkish = false;
  let index = 0;
  // One packet at a time: build it, send it, forget its XML, then read on.
  const flush = async (): Promise<void> => {
    const path = sendPath('personalized', packetTurkish, common.flags);
    // xml_ozel_api.php documents no tarih and no options: its request carries none.
    const xml = builder.finish(config.credentials, common.sender, isScheduledCall(path) ? common.flags : undefined);
    try {
      const reportId = parseSendReply(await post(config.transport, path, xml, { idempotent: false, signal: options.signal }), path);
      packets.push(new Packet(reportId, path, accepted, accepted.length, packetNumbers.length));
      for (const n of packetNumbers) accepted.push(n);
    } catch (error) {
      throw attachPartial(error, { packets, notSent: packetNumbers, rejected });
    }
    options.onProgress?.({ packetsDone: packets.length, packetsTotal: undefined, numbersDone: accepted.length, numbersTotal: undefined });
    packetNumbers = [];
    packetTurkish = false;
  };
  for await (const message of messages as AsyncIterable<PersonalizedMessage>) {
    const position = index++;
    const input = message && typeof message === 'object' ? String(message.to ?? '') : '';
    const phone = normalizeTurkishMobile(input);
    if (!phone.ok) {
      rejected.push({ input, index: position, reason: phone.reason, message: `messages[${position}].to: ${phone.message}` });
      continue;
    }
    let prepared: { text: string; turkish: boolean };
    try {
      prepared = prepareText(message.text, common.charset, `messages[${position}].text`);
    } catch (error) {
      const empty = typeof message.text !== 'string' || message.text.trim() === '';
      rejected.push({ input, index: position, reason: empty ? 'empty_text' : 'text', message: (error as Error).message });
      continue;
    }
    builder.add(phone.number, prepared.text);
    packetNumbers.push(phone.number);
    packetTurkish ||= prepared.turkish;
    if (builder.count >= config.packetSize) await flush();
  }
  if (builder.count > 0) await flush();
  if (packets.length === 0) {
    throw new ValidationError(
      'messages',
      `no message with a valid Turkish mobile number and a text (${rejected.length} rejected${rejected[0] ? `, e.g. ${rejected[0].message}` : ''}); nothing was sent`,
      rejected,
    );
  }
  return { reportIds: packets.map((p) => p.reportId), packets, accepted, rejected };
}

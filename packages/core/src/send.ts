import { EsemesError, ValidationError } from './errors.js';
import { normalizeTurkishMobile, type PhoneRejectReason } from './phone.js';
import type { ResolvedOptions } from './options.js';
import { parseSendReply } from './reply.js';
import { checkCommon, isScheduledCall, prepareText, sendPath, type CommonSendOptions } from './send-input.js';
import { post } from './transport.js';
import { buildSendXml, PersonalizedPacketBuilder } from './xml-request.js';

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
  /** Normalized numbers in this packet, in request order. */
  numbers: string[];
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

function* splitTo(to: string | Iterable<string>): Iterable<string> {
  if (typeof to === 'string') yield* to.split(/[,;\n]/);
  else if (to && typeof (to as Iterable<string>)[Symbol.iterator] === 'function') yield* to;
  else throw new ValidationError('to', 'must be a string or an iterable of strings');
}

export async function sendBulk(config: ResolvedOptions, options: SendOptions): Promise<SendResult> {
  const common = checkCommon(options, config.now());
  const { text, turkish } = prepareText(options.text, common.charset, 'text');
  const unique = new Set<string>();
  const rejected: RejectedRecipient[] = [];
  let index = 0;
  for (const input of splitTo(options.to)) {
    const result = normalizeTurkishMobile(String(input));
    if (result.ok) unique.add(result.number);
    else if (!(typeof options.to === 'string' && String(input).trim() === ''))
      rejected.push({ input: String(input), index, reason: result.reason, message: result.message });
    index += 1;
  }
  if (unique.size === 0) {
    throw new ValidationError(
      'to',
      `no valid Turkish mobile number (${rejected.length} rejected${rejected[0] ? `, e.g. ${rejected[0].message}` : ''}); nothing was sent`,
      rejected,
    );
  }
  const numbers = [...unique];
  unique.clear();
  const path = sendPath('bulk', turkish, common.flags);
  const total = Math.ceil(numbers.length / config.packetSize);
  const packets: Array<PacketResult | undefined> = Array.from({ length: total }, () => undefined);
  let next = 0;
  let done = 0;
  let numbersDone = 0;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (firstError === undefined && next < total) {
      const i = next++;
      const slice = numbers.slice(i * config.packetSize, (i + 1) * config.packetSize);
      const xml = buildSendXml(config.credentials, { sender: common.sender, text, numbers: slice }, common.flags);
      try {
        const reportId = parseSendReply(await post(config.transport, path, xml, { idempotent: false, signal: options.signal }), path);
        packets[i] = { reportId, path, numbers: slice };
        done += 1;
        numbersDone += slice.length;
        options.onProgress?.({ packetsDone: done, packetsTotal: total, numbersDone, numbersTotal: numbers.length });
      } catch (error) {
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.concurrency, total) }, worker));
  const sent = packets.filter((p): p is PacketResult => p !== undefined);
  if (firstError !== undefined) {
    const notSent = packets.flatMap((p, i) => (p ? [] : numbers.slice(i * config.packetSize, (i + 1) * config.packetSize)));
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
      packets.push({ reportId, path, numbers: packetNumbers });
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

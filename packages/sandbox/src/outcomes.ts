// The final state of one (report id, number) pair: reserved numbers first, then a hash of
// (seed, report id, number) picked against the weights. Pure and deterministic: no state, no timers.

/** A final delivery state, as the detailed report writes it. */
export type FinalStatus = 'DELIVERED' | 'NOT_DELIVERED' | 'EXPIRED';

/** Relative weights of the three final states (any non-negative numbers, not all zero). */
export interface OutcomeWeights {
  delivered: number;
  notDelivered: number;
  expired: number;
}

/** What becomes of one number: a final state with its operator error code, or never final. */
export type Outcome = { status: FinalStatus; errorCode: number } | { status: 'NEVER' };

/** Default weights: 90 % DELIVERED, 7 % NOT_DELIVERED, 3 % EXPIRED. */
export const DEFAULT_OUTCOME_WEIGHTS: Readonly<OutcomeWeights> = Object.freeze({
  delivered: 90,
  notDelivered: 7,
  expired: 3,
});

/** Operator error code the sandbox reports with NOT_DELIVERED (the provider's own example: 13). */
export const NOT_DELIVERED_ERROR_CODE = 13;

/**
 * Numbers whose outcome is fixed whatever the seed: `5000000001` is never delivered (hatakodu 13),
 * `5000000002` expires, `5000000003` stays pending forever.
 */
export const RESERVED_NUMBERS = Object.freeze({
  notDelivered: '5000000001',
  expired: '5000000002',
  pendingForever: '5000000003',
} as const);

const RESERVED: ReadonlyMap<string, Outcome> = new Map<string, Outcome>([
  [RESERVED_NUMBERS.notDelivered, { status: 'NOT_DELIVERED', errorCode: NOT_DELIVERED_ERROR_CODE }],
  [RESERVED_NUMBERS.expired, { status: 'EXPIRED', errorCode: 0 }],
  [RESERVED_NUMBERS.pendingForever, { status: 'NEVER' }],
]);

const DELIVERED: Outcome = { status: 'DELIVERED', errorCode: 0 };
const NOT_DELIVERED: Outcome = { status: 'NOT_DELIVERED', errorCode: NOT_DELIVERED_ERROR_CODE };
const EXPIRED: Outcome = { status: 'EXPIRED', errorCode: 0 };

/** murmur3's 32-bit finalizer: spreads every input bit over the output. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit hash of (seed, report id, packed number); see `packNumber`. */
export function outcomeHash(seed: number, reportId: number, packedNumber: number): number {
  let h = fmix32(seed ^ 0x9e3779b9);
  h = fmix32(h ^ reportId);
  h = fmix32(h ^ Math.imul(packedNumber, 0x27d4eb2f));
  return fmix32(h ^ packedNumber);
}

/**
 * The outcome of `number` (10 digits) in report `reportId`: reserved numbers win; otherwise the hash
 * of (seed, reportId, number) falls into one of the weights.
 */
export function outcomeOf(seed: number, weights: OutcomeWeights, reportId: number, number: string, packedNumber: number): Outcome {
  const reserved = RESERVED.get(number);
  if (reserved) return reserved;
  const total = weights.delivered + weights.notDelivered + weights.expired;
  const point = (outcomeHash(seed, reportId, packedNumber) / 2 ** 32) * total;
  if (point < weights.delivered) return DELIVERED;
  if (point < weights.delivered + weights.notDelivered) return NOT_DELIVERED;
  return weights.expired > 0 ? EXPIRED : weights.notDelivered > 0 ? NOT_DELIVERED : DELIVERED;
}

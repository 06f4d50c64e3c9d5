// A customer's candidate phone numbers as a platform has them (billing, shipping, account …).
import { normalizeTurkishMobile } from '@esemes/core';

/**
 * The candidates as typed (the engine normalizes them), trimmed, without blanks and without the same
 * number twice: `0532 …` and `+90 532 …` are one mobile; other numbers compare by their digits.
 * @example
 * uniquePhones(['+90 532 999 88 77', '05329998877', '', '0212 555 11 22']) // → ['+90 532 999 88 77', '0212 555 11 22']
 */
export function uniquePhones(candidates: ReadonlyArray<string | null | undefined>): string[] {
  const phones: string[] = [];
  const seen = new Set<string>();
  for (const raw of candidates) {
    const phone = (raw ?? '').trim().slice(0, 100);
    if (phone === '') continue;
    const mobile = normalizeTurkishMobile(phone);
    const id = mobile.ok ? mobile.number : phone.replace(/\D/g, '') || phone;
    if (seen.has(id)) continue;
    seen.add(id);
    phones.push(phone);
  }
  return phones;
}

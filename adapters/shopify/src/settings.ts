// A shop's settings as the API and the dashboard take them: one schema, so both refuse the same things.
import { ORDER_STATUSES } from '@esemes/notify';
import { z } from 'zod';
import { PHONE_SOURCES } from './types.js';

const StatusRuleSchema = z
  .object({
    canonical: z.enum(ORDER_STATUSES).nullable(),
    sms: z.boolean(),
    event: z.enum(['shipment.delivered', 'shipment.out_for_delivery']).optional(),
  })
  .strict();

export const ShopSettingsSchema = z
  .object({
    statuses: z.record(z.string().regex(/^[a-z0-9_]{1,50}$/, 'a status is 1–50 of a-z, 0-9 and _'), StatusRuleSchema),
    adminPhones: z.array(z.string().min(1).max(100)).max(10),
    phoneSources: z
      .array(z.enum(PHONE_SOURCES as [string, ...string[]]))
      .min(1)
      .max(PHONE_SOURCES.length),
    orderNotes: z.boolean(),
    cartReminderDelaysMs: z
      .array(
        z
          .number()
          .int()
          .min(60_000)
          .max(30 * 86_400_000),
      )
      .max(5),
    cartExpiresAfterMs: z
      .number()
      .int()
      .min(3_600_000)
      .max(90 * 86_400_000),
  })
  .partial()
  .strict();

export const ShopBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    locale: z.enum(['tr', 'en']).optional(),
    settings: ShopSettingsSchema.optional(),
  })
  .strict();

export function issuesText(issues: z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
}

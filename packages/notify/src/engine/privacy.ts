// notifier.privacy: requests are checked here, once, then handed to the outbox, which works in batches.
// Logs carry counts only: a redaction must not leave the customer's number (not even masked) in a log.
import type { EventType } from '../events/schema.js';
import type { OutboxStore } from '../outbox/types.js';
import type { TemplateLanguage, TemplateService } from '../templates/types.js';
import { checkCustomerRequest, checkStoreRequest } from './privacy-check.js';
import type { NotifierLogger, PrivacyService, StoreSettingsService } from './types.js';

/** Messages `customerData` lists at most. */
export const CUSTOMER_DATA_LIMIT = 10_000;

export interface PrivacyServiceOptions {
  store: OutboxStore;
  /** Deleting through these services also drops their cached copies, so a purge applies at once on this instance. */
  storeSettings: StoreSettingsService;
  templates: TemplateService;
  now: () => number;
  logger: NotifierLogger;
}

export function createPrivacyService(options: PrivacyServiceOptions): PrivacyService {
  const { store, storeSettings, templates, now, logger } = options;
  return {
    async customerData(request) {
      const customer = checkCustomerRequest(request, 'customerData');
      const data = await store.customerData(customer, CUSTOMER_DATA_LIMIT);
      logger.info(
        {
          storeId: customer.storeId,
          numbers: customer.recipients.length,
          orderIds: customer.orderIds.length,
          messages: data.messages.length,
          truncated: data.truncated,
        },
        'privacy: customer data read',
      );
      return data;
    },

    async redactCustomer(request) {
      const customer = checkCustomerRequest(request, 'redactCustomer');
      const result = await store.redactCustomer(customer, now());
      logger.info(
        {
          storeId: customer.storeId,
          numbers: customer.recipients.length,
          orderIds: customer.orderIds.length,
          keyPrefixes: customer.idempotencyKeyPrefixes.length,
          ...result,
        },
        'privacy: customer data redacted',
      );
      return result;
    },

    async purgeStore(rawStoreId) {
      const storeId = checkStoreRequest(rawStoreId, 'purgeStore');
      // Overrides go through the template service first, so its cache forgets them; the store's purge
      // takes any it refuses to name (an event type it no longer knows).
      let viaTemplates = 0;
      for (const override of await store.listTemplateOverrides(storeId)) {
        const gone = await templates.delete(storeId, override.eventType as EventType, override.language as TemplateLanguage).catch(() => false);
        if (gone) viaTemplates += 1;
      }
      const deleted = await store.purgeStore(storeId, now());
      const result = { ...deleted, templateOverrides: deleted.templateOverrides + viaTemplates, storeSettings: (await storeSettings.delete(storeId)) ? 1 : 0 };
      logger.info({ storeId, ...result }, 'privacy: store data deleted');
      return result;
    },

    async cancelOpen(request) {
      const storeId = checkStoreRequest(request, 'cancelOpen');
      const cancelled = await store.cancelQueuedOfStore(storeId, 'the store stopped sending (privacy.cancelOpen)', now());
      logger.info({ storeId, cancelled }, 'privacy: queued messages of the store cancelled');
      return cancelled;
    },
  };
}

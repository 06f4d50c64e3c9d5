// Test helper: an in-memory override store (the four OutboxStore methods the template service uses).
import type { TemplateOverride } from '../outbox/types.js';
import type { TemplateOverrideStore } from './template-service.js';

export function memoryOverrides(): TemplateOverrideStore & { rows: Map<string, TemplateOverride> } {
  const rows = new Map<string, TemplateOverride>();
  const key = (storeId: string, eventType: string, language: string) => `${storeId}\n${eventType}\n${language}`;
  return {
    rows,
    async getTemplateOverride(storeId, eventType, language) {
      return rows.get(key(storeId, eventType, language));
    },
    async listTemplateOverrides(storeId) {
      return [...rows.values()].filter((row) => storeId === undefined || row.storeId === storeId);
    },
    async putTemplateOverride(override) {
      rows.set(key(override.storeId, override.eventType, override.language), { ...override });
    },
    async deleteTemplateOverride(storeId, eventType, language) {
      return rows.delete(key(storeId, eventType, language));
    },
  };
}

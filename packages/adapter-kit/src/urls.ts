// Links an SMS may carry: absolute http(s) URLs the canonical schema accepts.
import { FIELD_LIMITS } from '@esemes/notify';

/** The trimmed value when it is an absolute http(s) URL of at most 500 characters (the engine's limit), else undefined. */
export function httpUrl(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > FIELD_LIMITS.url) return undefined;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? trimmed : undefined;
  } catch {
    return undefined;
  }
}

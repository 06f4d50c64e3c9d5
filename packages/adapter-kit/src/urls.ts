// Links an SMS may carry: absolute http(s) URLs the canonical schema accepts.

/** The trimmed value when it is an absolute http(s) URL of at most 2,000 characters, else undefined. */
export function httpUrl(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > 2000) return undefined;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? trimmed : undefined;
  } catch {
    return undefined;
  }
}

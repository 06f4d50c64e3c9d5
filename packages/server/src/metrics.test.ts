import { describe, expect, it } from 'vitest';
import { callOf, createMetrics } from './metrics.js';

describe('callOf', () => {
  it.each([
    ['http://127.0.0.1:1/api-v3/xml_api.php', 'xml_api.php'],
    ['https://api.example/api-v3/tr/xml_ozel_api_ileri.php', 'tr/xml_ozel_api_ileri.php'],
    ['http://h/api-v3/xml_bakiye.php?x=1', 'xml_bakiye.php'],
    ['http://h/elsewhere', 'other'],
    ['not a url', 'other'],
  ])('Should name %s as %s', (url, call) => {
    expect(callOf(url)).toBe(call);
  });
});

describe('timeFetch', () => {
  it('Should time successful and failing calls into the histogram by call', async () => {
    const metrics = createMetrics();
    const ok = metrics.timeFetch(async () => new Response('OK|1'));
    const broken = metrics.timeFetch(async () => {
      throw new TypeError('fetch failed');
    });
    await ok(new URL('http://h/api-v3/xml_api.php'));
    await expect(broken('http://h/api-v3/xml_api.php')).rejects.toThrow('fetch failed');
    const text = await metrics.registry.metrics();
    expect(text).toContain('esemes_provider_request_duration_seconds_count{call="xml_api.php"} 2');
  });
});

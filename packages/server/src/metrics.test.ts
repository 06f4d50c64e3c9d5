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

describe('timeExchange', () => {
  it('Should time answered and failed provider calls into the histogram by call', async () => {
    const metrics = createMetrics();
    metrics.timeExchange({ url: 'http://h/api-v3/xml_api.php', status: 200, durationMs: 12 });
    metrics.timeExchange({ url: 'http://h/api-v3/xml_api.php', status: undefined, durationMs: 30_000 });
    metrics.timeExchange({ url: 'http://h/api-v3/xml_bakiye.php', status: 503, durationMs: 4 });
    const text = await metrics.registry.metrics();
    expect(text).toContain('esemes_provider_request_duration_seconds_count{call="xml_api.php"} 2');
    expect(text).toContain('esemes_provider_request_duration_seconds_sum{call="xml_api.php"} 30.012');
    expect(text).toContain('esemes_provider_request_duration_seconds_count{call="xml_bakiye.php"} 1');
  });
});

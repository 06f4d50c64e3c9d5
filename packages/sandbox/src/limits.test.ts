// The 100,000-number limit per request, and a million recipients held as ten packed send records.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SANDBOX_ERRORS } from './errors.js';
import { MAX_BODY_BYTES } from './routes-api.js';
import { bulkXml, numbers, personalXml, post, reportIdOf, reportXml, sandbox } from './test-helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void; // a real collection, so the heap figures are retained memory

const big = { user: 'big', password: 'pw', numericCredits: 0, alphanumericCredits: 2_000_000, senders: ['DEMO'] };

describe('request size limits', () => {
  it('Should accept 100,000 numbers in one request (the demo account has exactly that credit)', async () => {
    const s = await sandbox();
    reportIdOf(await post(s, 'xml_api.php', bulkXml(numbers(100_000))));
    expect(s.sends()[0]?.count).toBe(100_000);
    expect(s.account('demo')?.alphanumericCredits).toBe(0);
  });

  it('Should refuse 100,001 numbers, duplicates counted', async () => {
    const s = await sandbox({ accounts: [big] });
    const list = numbers(100_000);
    const reply = await post(s, 'xml_api.php', bulkXml([...list, list[0] ?? ''], { user: 'big', password: 'pw' }));
    expect(reply.text).toBe(SANDBOX_ERRORS.tooMany);
    expect(s.sends()).toEqual([]);
  });

  it('Should accept 100,000 personalized messages and refuse 100,001', async () => {
    const s = await sandbox({ accounts: [big] });
    const messages = numbers(100_001).map((number, i) => ({ text: `Sayin musteri ${i}, siparisiniz yolda &amp; kapida`, number }));
    const reply = await post(s, 'xml_ozel_api.php', personalXml(messages.slice(0, 100_000), { user: 'big', password: 'pw' }));
    reportIdOf(reply);
    expect((await post(s, 'xml_ozel_api.php', personalXml(messages, { user: 'big', password: 'pw' }))).text).toBe(SANDBOX_ERRORS.tooMany);
    expect(s.sends().map((send) => send.count)).toEqual([100_000]);
    expect(s.inbox('5320099999')[0]?.text).toBe('Sayin musteri 99999, siparisiniz yolda & kapida');
  });

  it('Should hold 1,000,000 recipients sent as 10 packets of 100,000 without growing per number', async () => {
    const s = await sandbox({ accounts: [big], deliveryDelayMs: 0 });
    gc();
    const before = process.memoryUsage().heapUsed;
    const ids: string[] = [];
    for (let packet = 0; packet < 10; packet++) {
      const list = numbers(100_000, 5_320_000_000 + packet * 100_000);
      ids.push(reportIdOf(await post(s, 'xml_api.php', bulkXml(list, { user: 'big', password: 'pw' }))));
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(s.sends().reduce((sum, send) => sum + send.count, 0)).toBe(1_000_000);
    expect(s.account('big')?.alphanumericCredits).toBe(1_000_000);
    // Packed numbers cost 4 bytes each (about 7.5 MB retained in all); a string per number alone would
    // retain over 40 MB, an object per number well over 100 MB.
    expect(grown).toBeLessThan(32 * 1024 * 1024);
    expect(s.inbox('5320999999')).toHaveLength(1);
    const summary = (await post(s, 'xml_rapor.php', reportXml(ids[9] ?? '', 'big', 'pw'))).text;
    expect(summary.match(/5\d{9}/g)).toHaveLength(100_000);
  });

  it('Should refuse a body over 64 MiB with HTTP 413 and record nothing', async () => {
    const s = await sandbox();
    const reply = await post(s, 'xml_api.php', new Uint8Array(MAX_BODY_BYTES + 1).fill(0x20));
    expect([reply.status, reply.text]).toEqual([413, '413 Request body is too large']);
    expect(s.sends()).toEqual([]);
  });
});

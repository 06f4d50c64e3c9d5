// Fault injection in-process and over HTTP, latency, and ISO-8859-9 replies.
import { describe, expect, it } from 'vitest';
import { SANDBOX_ERRORS, isSandboxConfigError } from './errors.js';
import { DEFAULT_FAULT_ERR_TEXT } from './faults.js';
import { balanceXml, bulkXml, inspect, post, reportIdOf, reportXml, sandbox } from './test-helpers.js';

const send = bulkXml(['5321112233']);
const credits = (s: Awaited<ReturnType<typeof sandbox>>) => s.account('demo')?.alphanumericCredits;

describe('fault injection', () => {
  it('Should drop the connection before accepting: nothing recorded, no credit spent', async () => {
    const s = await sandbox();
    s.faults.inject({ kind: 'drop-before-accept' });
    await expect(post(s, 'xml_api.php', send)).rejects.toThrow(TypeError); // fetch failed
    expect(s.sends()).toEqual([]);
    expect(credits(s)).toBe(100_000);
    expect(s.requests()).toMatchObject([{ outcome: 'drop-before-accept', status: null, reply: null }]);
    expect((await post(s, 'xml_api.php', send)).text).toBe('OK|100000001'); // times defaults to 1
  });

  it('Should accept, record and charge the send, then drop the connection without a reply', async () => {
    const s = await sandbox();
    s.faults.inject({ kind: 'drop-after-accept' });
    await expect(post(s, 'xml_api.php', send)).rejects.toThrow(TypeError);
    expect(s.sends()).toMatchObject([{ reportId: '100000001', count: 1 }]);
    expect(credits(s)).toBe(99_999);
    expect(s.inbox('5321112233')).toHaveLength(1);
    expect(s.requests()).toMatchObject([{ outcome: 'drop-after-accept', status: null, reportId: '100000001', reply: 'OK|100000001' }]);
    // The client can reconcile: the report list shows the send it never got an id for.
    expect((await post(s, 'xml_raporlar.php', balanceXml())).text).toBe('<SONUC>100000001</SONUC>');
  });

  it('Should answer HTTP 503 (or the given 5xx) with a body and accept nothing', async () => {
    const s = await sandbox();
    s.faults.inject({ kind: 'http-5xx' });
    s.faults.inject({ kind: 'http-5xx', status: 500, text: '<html>Internal Server Error</html>' });
    const first = await post(s, 'xml_api.php', send);
    const second = await post(s, 'xml_api.php', send);
    expect([first.status, first.text]).toEqual([503, 'Service Unavailable']);
    expect([second.status, second.text]).toEqual([500, '<html>Internal Server Error</html>']);
    expect(s.sends()).toEqual([]);
    expect(credits(s)).toBe(100_000);
  });

  it('Should answer the given ERR text (prefixed when needed) or a default one, accepting nothing', async () => {
    const s = await sandbox();
    const verbatim = ['ERR|Sunucu meşgul', 'ERR Sunucu meşgul', 'ERR:Sunucu meşgul', 'ERR', '\uFEFF ERR|Sunucu meşgul\r\n'];
    for (const text of verbatim) s.faults.inject({ kind: 'err', text });
    s.faults.inject({ kind: 'err', text: 'Bakım çalışması' });
    s.faults.inject({ kind: 'err' });
    const replies = [];
    // From the bytes: TextDecoder would drop the BOM.
    for (let i = 0; i < verbatim.length + 2; i++) replies.push(Buffer.from((await post(s, 'xml_api.php', send)).bytes).toString('utf8'));
    expect(replies).toEqual([...verbatim, 'ERR|Bakım çalışması', DEFAULT_FAULT_ERR_TEXT]);
    expect(s.sends()).toEqual([]);
  });

  it('Should hit the next N matching calls only, and only the given paths', async () => {
    const s = await sandbox();
    s.faults.inject({ kind: 'err', times: 2, paths: ['xml_api.php', '/api-v3/tr/xml_api_ileri.php'] });
    expect((await post(s, 'xml_bakiye.php', balanceXml())).text).toBe('numerik(1000)\nalphanumeric(100000)');
    expect((await post(s, 'tr/xml_api_ileri.php', send)).text).toBe(DEFAULT_FAULT_ERR_TEXT);
    expect((await post(s, 'xml_api_ileri.php', send)).text).toMatch(/^OK\|/);
    expect((await post(s, 'xml_api.php', send)).text).toBe(DEFAULT_FAULT_ERR_TEXT);
    expect((await post(s, 'xml_api.php', send)).text).toMatch(/^OK\|/);
    expect(s.faults.pending()).toEqual([]);
  });

  it('Should wait latencyMs before answering every API call', async () => {
    const s = await sandbox();
    s.faults.setLatency(300);
    const started = Date.now();
    await post(s, 'xml_bakiye.php', balanceXml());
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    s.faults.clear();
    expect(s.faults.latencyMs).toBe(0);
  });

  it('Should close promptly while a call waits on latency', async () => {
    const s = await sandbox();
    s.faults.setLatency(60_000);
    const pending = post(s, 'xml_bakiye.php', balanceXml()).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await s.close();
    // Far below the 60 s the call would wait: close does not wait for it (a bound, not a speed claim).
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await pending).toBeInstanceOf(TypeError);
  });
});

describe('fault validation', () => {
  it.each([
    [{ kind: 'explode' }, /kind must be one of/],
    [{ kind: 'err', times: 0 }, /times must be an integer >= 1/],
    [{ kind: 'err', paths: ['nope.php'] }, /paths must name API paths/],
    [{ kind: 'http-5xx', status: 404 }, /status must be an integer 500…599/],
    [{ kind: 'err', status: 500 }, /status applies to http-5xx only/],
    [{ kind: 'drop-before-accept', text: 'x' }, /text applies to err and http-5xx only/],
    [{ kind: 'err', colour: 'red' }, /colour is not a fault field/],
  ])('Should refuse %j', async (spec, message) => {
    const s = await sandbox();
    let thrown: unknown;
    try {
      s.faults.inject(spec as never);
    } catch (error) {
      thrown = error;
    }
    expect(isSandboxConfigError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(message);
    expect(s.faults.pending()).toEqual([]);
  });
});

describe('faults over HTTP', () => {
  it('Should inject, list and clear faults and set latency through /_sandbox/', async () => {
    const s = await sandbox();
    const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const injected = await inspect<{ pending: unknown[] }>(s, '/_sandbox/faults', json({ kind: 'err', text: 'ERR|Kapalı', times: 2 }));
    expect(injected).toMatchObject({ status: 201, body: { pending: [{ kind: 'err', remaining: 2, text: 'ERR|Kapalı' }] } });
    expect((await post(s, 'xml_api.php', send)).text).toBe('ERR|Kapalı');
    expect((await inspect(s, '/_sandbox/latency', json({ ms: 25 }))).body).toEqual({ latencyMs: 25 });
    expect((await inspect(s, '/_sandbox/faults')).body).toMatchObject({ latencyMs: 25, pending: [{ remaining: 1 }] });
    expect((await inspect(s, '/_sandbox/faults', { method: 'DELETE' })).body).toEqual({ cleared: true });
    expect((await inspect(s, '/_sandbox/faults')).body).toEqual({ latencyMs: 0, pending: [] });
    expect((await post(s, 'xml_api.php', send)).text).toBe('OK|100000001');
  });

  it('Should refuse an invalid fault or latency with 400 and the problems', async () => {
    const s = await sandbox();
    const bad = await inspect<{ problems: string[] }>(s, '/_sandbox/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'nope', times: -1 }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toHaveLength(2);
    const latency = await inspect(s, '/_sandbox/latency', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ms":-5}' });
    expect(latency.status).toBe(400);
  });

  it('Should drop after accepting when asked over HTTP, the message recorded while fetch fails', async () => {
    const s = await sandbox();
    await inspect(s, '/_sandbox/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"kind":"drop-after-accept","paths":["xml_api.php"]}',
    });
    await expect(fetch(s.url + 'xml_api.php', { method: 'POST', body: send })).rejects.toThrow('fetch failed');
    const sends = await inspect<{ reportId: string }[]>(s, '/_sandbox/sends');
    expect(sends.body.map((x) => x.reportId)).toEqual(['100000001']);
  });
});

describe('ISO-8859-9 replies', () => {
  const turkish = new TextDecoder('windows-1254');

  it('Should answer in ISO-8859-9 bytes with the charset declared', async () => {
    const s = await sandbox({ replyCharset: 'iso-8859-9' });
    const reply = await post(s, 'xml_bakiye.php', balanceXml('demo', 'yanlis'));
    expect(reply.contentType).toBe('text/plain; charset=iso-8859-9');
    expect(turkish.decode(reply.bytes)).toBe(SANDBOX_ERRORS.auth);
    expect([...reply.bytes.slice(4, 14)]).toEqual([...Buffer.from('Kullan\xfdc\xfd ', 'latin1')]); // ı = FD
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(reply.bytes)).toThrow();
  });

  it('Should encode Ğ İ Ş ğ ı ş as D0 DD DE F0 FD FE and unknown characters as ?', async () => {
    const s = await sandbox({ replyCharset: 'iso-8859-9' });
    const id = reportIdOf(await post(s, 'tr/xml_api_ileri.php', bulkXml(['5321112233'], { text: 'ĞİŞğışçöü€' })));
    const reply = await post(s, 'xml_rapor_detay.php', reportXml(id));
    expect(reply.contentType).toBe('text/xml; charset=iso-8859-9');
    const at = Buffer.from(reply.bytes).indexOf(Buffer.from('mesaj="', 'latin1')) + 7;
    expect([...reply.bytes.slice(at, at + 10)]).toEqual([0xd0, 0xdd, 0xde, 0xf0, 0xfd, 0xfe, 0xe7, 0xf6, 0xfc, 0x3f]);
  });

  it('Should leave the charset out of the Content-Type when declareCharset is false', async () => {
    const s = await sandbox({ replyCharset: 'iso-8859-9', declareCharset: false });
    const reply = await post(s, 'xml_api.php', bulkXml(['5321112233'], { sender: 'YOK' }));
    expect(reply.contentType).toBe('text/plain');
    expect(turkish.decode(reply.bytes)).toBe(SANDBOX_ERRORS.sender);
  });
});

import { withOptOut } from '@esemes/segments';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '@esemes/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { createEsemesClient, type EsemesClient } from './client.js';
import {
  AuthenticationError,
  InsufficientCreditError,
  isProviderError,
  RecipientError,
  ReplyFormatError,
  SenderError,
  TransportError,
  UnknownProviderError,
  ValidationError,
  XmlError,
  type EsemesError,
} from './errors.js';
import type { EsemesClientOptions } from './options.js';

// Every test talks to a real sandbox on a free port; the clock is shared and moved by hand.
const running: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

const START = Date.parse('2026-12-01T07:00:00Z');
async function setup(sandboxOptions: SandboxOptions = {}, clientOptions: Partial<EsemesClientOptions> = {}) {
  const clock = { now: START };
  const sandbox = await startSandbox({ deliveryDelayMs: 2_000, now: () => clock.now, ...sandboxOptions });
  running.push(sandbox);
  const client: EsemesClient = createEsemesClient({ user: 'demo', password: 'demo', baseUrl: sandbox.url, now: () => new Date(clock.now), ...clientOptions });
  return { sandbox, client, clock };
}

async function rejection(promise: Promise<unknown>): Promise<EsemesError> {
  return (await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  )) as EsemesError;
}

const bigAccount = { user: 'big', password: 'big-pass', numericCredits: 0, alphanumericCredits: 1_000_000, senders: ['DEMO'] };

describe('send', () => {
  it('sends one text to numbers in any format, once each, and says what it rejected', async () => {
    const { sandbox, client } = await setup();
    const result = await client.send({
      sender: 'DEMO',
      text: 'Merhaba',
      to: ['+90 532 999 88 77', '05329998877', '0090 (530) 999-88-77', '0212 555 11 22', '+49 151 12345678'],
    });
    expect(result.reportIds).toHaveLength(1);
    expect(result.accepted).toEqual(['5329998877', '5309998877']);
    expect(result.rejected.map((r) => [r.index, r.reason])).toEqual([
      [3, 'landline'],
      [4, 'foreign'],
    ]);
    expect(sandbox.inbox('5329998877')).toHaveLength(1);
    expect(sandbox.inbox('5329998877')[0]).toMatchObject({ text: 'Merhaba', sender: 'DEMO', reportId: result.reportIds[0] });
    expect(sandbox.sends()[0]?.path).toBe('/api-v3/xml_api.php');
  });

  it('sends Turkish text to the tr/ path, keeping its letters; transliterate sends ASCII to the plain path', async () => {
    const { sandbox, client } = await setup();
    await client.send({ sender: 'DEMO', text: 'Siparişiniz kargoya verildi, teşekkürler', to: '5329998877' });
    await client.send({ sender: 'DEMO', text: 'Siparişiniz kargoya verildi, teşekkürler', to: '5329998877', charset: 'transliterate' });
    expect(sandbox.sends().map((s) => s.path)).toEqual(['/api-v3/tr/xml_api_ileri.php', '/api-v3/xml_api.php']);
    expect(sandbox.inbox('5329998877').map((m) => m.text)).toEqual(['Siparişiniz kargoya verildi, teşekkürler', 'Siparisiniz kargoya verildi, tesekkurler']);
  });

  it('schedules with sendAt in Europe/Istanbul time; the message waits for it', async () => {
    const { sandbox, client, clock } = await setup();
    await client.send({ sender: 'DEMO', text: 'Yarın görüşürüz', to: '5329998877', sendAt: new Date(START + 3_600_000) });
    const [send] = sandbox.sends();
    expect(send?.path).toBe('/api-v3/tr/xml_api_ileri.php');
    expect(send?.scheduledFor).toBe(new Date(START + 3_600_000).toISOString());
    expect(sandbox.inbox('5329998877')).toHaveLength(0);
    clock.now += 3_600_000;
    expect(sandbox.inbox('5329998877')).toHaveLength(1);
    await client.send({ sender: 'DEMO', text: 'plain', to: '5329998877', sendAt: '2026-12-01 12:00:00' });
    expect(sandbox.sends()[1]).toMatchObject({ path: '/api-v3/xml_api_ileri.php', scheduledFor: '2026-12-01T09:00:00.000Z' });
  });

  it.each([
    [{ sender: '' }, 'sender'],
    [{ sender: 'TWELVE_CHARS' }, 'sender'],
    [{ sender: 'MAĞAZA' }, 'sender'],
    [{ text: '' }, 'text'],
    [{ text: '   ' }, 'text'],
    [{ sendAt: new Date(START - 1_000) }, 'sendAt'],
    [{ sendAt: '2026-12-01 09:59:59' }, 'sendAt'],
    [{ sendAt: 'yarın' }, 'sendAt'],
    [{ charset: 'gsm', text: 'Teşekkürler' }, 'text'],
    [{ blacklist: 'everyone' }, 'blacklist'],
    [{ to: ['0212 555 11 22', 'abc', ''] }, 'to'],
  ])('refuses %j before any request (field %s), sending nothing', async (override, field) => {
    const { sandbox, client } = await setup();
    const error = await rejection(client.send({ sender: 'DEMO', text: 'Merhaba', to: '5329998877', ...(override as object) }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(sandbox.requests()).toHaveLength(0);
  });

  // 300,001 numbers through a real sandbox: seconds on an idle machine, more with every package testing at once.
  it('puts 100,000 numbers in one packet and 100,001 in two', { timeout: 300_000 }, async () => {
    const { sandbox, client } = await setup({ accounts: [bigAccount] }, { user: 'big', password: 'big-pass' });
    const numbers = Array.from({ length: 100_001 }, (_, i) => `53${String(i).padStart(8, '0')}`);
    const one = await client.send({ sender: 'DEMO', text: 'a', to: numbers.slice(0, 100_000) });
    expect(one.packets.map((p) => p.numbers.length)).toEqual([100_000]);
    const two = await client.send({ sender: 'DEMO', text: 'b', to: numbers });
    expect(two.packets.map((p) => p.numbers.length)).toEqual([100_000, 1]);
    expect(two.accepted).toHaveLength(100_001);
    // Packets of one send travel concurrently, so the sandbox may see them in any order.
    expect(
      sandbox
        .sends()
        .map((s) => s.count)
        .sort((a, b) => b - a),
    ).toEqual([100_000, 100_000, 1]);
    expect(sandbox.account('big')?.alphanumericCredits).toBe(1_000_000 - 200_001);
  });

  it('splits by a configured packet size, with bounded concurrency, and reports progress', async () => {
    const { sandbox, client } = await setup({}, { packetSize: 2, concurrency: 2 });
    const progress: number[] = [];
    const result = await client.send({
      sender: 'DEMO',
      text: 'x',
      to: ['5320000001', '5320000002', '5320000003', '5320000004', '5320000005'],
      onProgress: (p) => progress.push(p.packetsDone),
    });
    expect(result.reportIds).toHaveLength(3);
    expect(new Set(result.reportIds).size).toBe(3);
    expect(progress).toEqual([1, 2, 3]);
    expect(sandbox.sends().reduce((n, s) => n + s.count, 0)).toBe(5);
  });

  it('stops at the first failed packet and says what went out and what did not', async () => {
    const { sandbox, client } = await setup(
      { accounts: [{ ...bigAccount, alphanumericCredits: 3 }] },
      { user: 'big', password: 'big-pass', packetSize: 2, concurrency: 1 },
    );
    const error = await rejection(
      client.send({ sender: 'DEMO', text: 'x', to: ['5320000001', '5320000002', '5320000003', '5320000004', '5320000005', '5320000006'] }),
    );
    expect(error).toBeInstanceOf(InsufficientCreditError);
    expect(error.partial?.packets.map((p) => p.numbers)).toEqual([['5320000001', '5320000002']]);
    expect(error.partial?.notSent).toEqual(['5320000003', '5320000004', '5320000005', '5320000006']);
    expect(sandbox.sends()).toHaveLength(1);
  });

  it("types the provider's errors", async () => {
    const { client, sandbox } = await setup({ accounts: [{ ...bigAccount, alphanumericCredits: 0 }] }, { user: 'big', password: 'big-pass' });
    const credit = await rejection(client.send({ sender: 'DEMO', text: 'x', to: '5329998877' }));
    expect(credit).toBeInstanceOf(InsufficientCreditError);
    expect(credit.partial).toBeUndefined();
    expect(await rejection(client.send({ sender: 'NOTMINE', text: 'x', to: '5329998877' }))).toBeInstanceOf(SenderError);
    const wrong = createEsemesClient({ user: 'big', password: 'wrong', baseUrl: sandbox.url });
    const auth = await rejection(wrong.balance());
    expect(auth).toBeInstanceOf(AuthenticationError);
    expect((auth as AuthenticationError).providerText).toBe('Kullanıcı adı veya şifre hatalı');
    expect(sandbox.sends()).toHaveLength(0);
  });

  it('reads ISO-8859-9 replies, declared or not', async () => {
    for (const declareCharset of [true, false]) {
      const { client } = await setup({ replyCharset: 'iso-8859-9', declareCharset }, { password: 'nope' });
      const error = await rejection(client.send({ sender: 'DEMO', text: 'x', to: '5329998877' }));
      expect(error).toMatchObject({ code: 'auth', providerText: 'Kullanıcı adı veya şifre hatalı' });
    }
  });
});

describe('transport faults from the sandbox', () => {
  it('a drop after acceptance is "unknown": the message went out, the client must not resend', async () => {
    const { sandbox, client } = await setup();
    sandbox.faults.inject({ kind: 'drop-after-accept' });
    const error = await rejection(client.send({ sender: 'DEMO', text: 'x', to: '5329998877' }));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).outcome).toBe('unknown');
    expect(sandbox.sends()).toHaveLength(1);
    expect(sandbox.requests().filter((r) => r.path.endsWith('xml_api.php'))).toHaveLength(1);
  });

  it('a drop before acceptance is also "unknown" to the client (it cannot tell), and nothing was sent', async () => {
    const { sandbox, client } = await setup();
    sandbox.faults.inject({ kind: 'drop-before-accept' });
    expect(await rejection(client.send({ sender: 'DEMO', text: 'x', to: '5329998877' }))).toMatchObject({ code: 'transport', outcome: 'unknown' });
    expect(sandbox.sends()).toHaveLength(0);
  });

  it('HTTP 5xx: a send fails as "unknown"; a report call retries and succeeds', async () => {
    const { sandbox, client } = await setup();
    sandbox.faults.inject({ kind: 'http-5xx', status: 503 });
    expect(await rejection(client.send({ sender: 'DEMO', text: 'x', to: '5329998877' }))).toMatchObject({ outcome: 'unknown', status: 503 });
    sandbox.faults.inject({ kind: 'http-5xx', times: 2 });
    await expect(client.balance()).resolves.toMatchObject({ alphanumeric: 100_000 });
  });

  it('ERR on the next call is a typed provider error', async () => {
    const { sandbox, client } = await setup();
    sandbox.faults.inject({ kind: 'err', text: 'ERR|Geçersiz numara' });
    expect(await rejection(client.send({ sender: 'DEMO', text: 'x', to: '5329998877' }))).toBeInstanceOf(RecipientError);
    await expect(client.send({ sender: 'DEMO', text: 'x', to: '5329998877' })).resolves.toMatchObject({ reportIds: [expect.any(String)] });
  });
});

describe('sendPersonalized', () => {
  it('sends a text per number from an array, a generator or an async generator', async () => {
    const { sandbox, client } = await setup();
    const list = [
      { to: '05329998877', text: 'Sayın Veli, borcunuz 15 TL.' },
      { to: '+90 555 666 55 44', text: 'Sayın Hasan, borcunuz 20 TL.' },
    ];
    function* sync() {
      yield* list;
    }
    async function* stream() {
      for (const m of list) {
        await new Promise((r) => setTimeout(r, 1));
        yield m;
      }
    }
    for (const messages of [list, sync(), stream()]) {
      const result = await client.sendPersonalized({ sender: 'DEMO', messages });
      expect(result.accepted).toEqual(['5329998877', '5556665544']);
    }
    expect(sandbox.inbox('5556665544').map((m) => m.text)).toEqual(Array(3).fill('Sayın Hasan, borcunuz 20 TL.'));
    expect(sandbox.sends()[0]?.path).toBe('/api-v3/tr/xml_ozel_api_ileri.php');
  });

  it('rejects bad entries with their index and sends the rest; nothing when none is good', async () => {
    const { sandbox, client } = await setup();
    const result = await client.sendPersonalized({
      sender: 'DEMO',
      messages: [
        { to: '5329998877', text: 'ok' },
        { to: '0212 555 11 22', text: 'landline' },
        { to: '5309998877', text: '' },
        { to: '5319998877', text: 'also ok' },
      ],
    });
    expect(result.accepted).toEqual(['5329998877', '5319998877']);
    expect(result.rejected.map((r) => [r.index, r.reason])).toEqual([
      [1, 'landline'],
      [2, 'empty_text'],
    ]);
    expect(sandbox.sends()[0]?.path).toBe('/api-v3/xml_ozel_api.php');
    const none = await rejection(client.sendPersonalized({ sender: 'DEMO', messages: [{ to: 'x', text: 'y' }] }));
    expect(none).toBeInstanceOf(ValidationError);
    expect((none as ValidationError).rejected).toHaveLength(1);
    expect(sandbox.sends()).toHaveLength(1);
  });

  /** A client whose requests are also recorded (path and body), to see the XML the sandbox got. */
  async function recordingSetup(sandboxOptions: SandboxOptions = {}) {
    const bodies: { path: string; body: string }[] = [];
    const recording: typeof fetch = async (input, init) => {
      bodies.push({ path: new URL(String(input)).pathname, body: String(init?.body) });
      return fetch(input, init);
    };
    return { ...(await setup(sandboxOptions, { fetch: recording })), bodies };
  }

  it.each([
    [{ blacklist: 'own' as const }, '<tarih></tarih><karaliste>kendi</karaliste></SMS>'],
    [{ blacklist: 'general' as const }, '<tarih></tarih><karaliste>genel</karaliste></SMS>'],
    [{ optOutLink: true }, '<tarih></tarih><izin_link>true</izin_link></SMS>'],
    [{ optOutPhone: true }, '<tarih></tarih><izin_telefon>true</izin_telefon></SMS>'],
  ])('sends a personalized packet with %j to xml_ozel_api_ileri.php, with an empty tarih (the page documents them only there)', async (options, tail) => {
    const { sandbox, client, bodies } = await recordingSetup({ accounts: [{ ...bigAccount, user: 'demo', password: 'demo', blacklist: ['5309998877'] }] });
    const result = await client.sendPersonalized({ sender: 'DEMO', messages: [{ to: '5329998877', text: 'Kampanya basladi' }], ...options });
    expect(result.packets.map((p) => p.path)).toEqual(['xml_ozel_api_ileri.php']);
    expect(sandbox.sends().map((s) => s.path)).toEqual(['/api-v3/xml_ozel_api_ileri.php']);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]?.body.endsWith(`</alici></mesaj>${tail}`)).toBe(true);
    expect(sandbox.inbox('5329998877')).toHaveLength(1);
  });

  it('applies the blacklist and the opt-out suffixes of a personalized send at the provider', async () => {
    const { sandbox, client } = await setup({ accounts: [{ ...bigAccount, user: 'demo', password: 'demo', blacklist: ['5309998877'] }] });
    const messages = [
      { to: '5329998877', text: 'Kampanya basladi' },
      { to: '5309998877', text: 'Kampanya basladi' },
    ];
    const result = await client.sendPersonalized({ sender: 'DEMO', messages, blacklist: 'own', optOutLink: true, optOutPhone: true });
    expect(result.packets[0]?.path).toBe('xml_ozel_api_ileri.php');
    expect(sandbox.sends()[0]).toMatchObject({ blacklisted: ['5309998877'], count: 1, scheduledFor: null });
    expect(sandbox.inbox('5329998877')[0]?.text).toBe(withOptOut('Kampanya basladi', { optOutLink: true, optOutPhone: true }));
    expect(sandbox.inbox('5309998877')).toEqual([]);
  });

  it('sends a personalized packet without options to xml_ozel_api.php with no tarih and no options, and Turkish ones with options to tr/', async () => {
    const { sandbox, client, bodies } = await recordingSetup();
    await client.sendPersonalized({ sender: 'DEMO', messages: [{ to: '5329998877', text: 'Merhaba' }], optOutLink: false });
    await client.sendPersonalized({ sender: 'DEMO', messages: [{ to: '5329998877', text: 'Teşekkürler' }], optOutLink: true });
    expect(bodies.map((b) => b.path)).toEqual(['/api-v3/xml_ozel_api.php', '/api-v3/tr/xml_ozel_api_ileri.php']);
    expect(bodies[0]?.body).not.toMatch(/<tarih>|<karaliste>|<izin_/);
    expect(bodies[1]?.body).toMatch(/<\/mesaj><tarih><\/tarih><izin_link>true<\/izin_link><\/SMS>$/);
    expect(sandbox.sends()).toHaveLength(2);
  });

  it('streams 100,001 messages as 100,000 + 1, choosing the path per packet', { timeout: 300_000 }, async () => {
    const { sandbox, client } = await setup({ accounts: [bigAccount] }, { user: 'big', password: 'big-pass' });
    async function* messages() {
      for (let i = 0; i < 100_000; i += 1) yield { to: `53${String(i).padStart(8, '0')}`, text: `Sayin musteri ${i}` };
      yield { to: '5559998877', text: 'Son mesaj: teşekkürler' };
    }
    const result = await client.sendPersonalized({ sender: 'DEMO', messages: messages() });
    expect(result.packets.map((p) => p.numbers.length)).toEqual([100_000, 1]);
    expect(sandbox.sends().map((s) => s.path)).toEqual(['/api-v3/xml_ozel_api.php', '/api-v3/tr/xml_ozel_api_ileri.php']);
    expect(sandbox.inbox('5300099999')[0]?.text).toBe('Sayin musteri 99999');
  });
});

describe('every reply starting with ERR', () => {
  const forms: [string, string, new (...args: never[]) => EsemesError][] = [
    ['ERR|Yetersiz kredi', 'Yetersiz kredi', InsufficientCreditError],
    ['ERR Yetersiz kredi', 'Yetersiz kredi', InsufficientCreditError],
    ['ERR:Hatalı XML yapısı', 'Hatalı XML yapısı', XmlError],
    ['ERR', '', UnknownProviderError],
    ['\uFEFF ERR|Kullanıcı adı veya şifre hatalı\r\n', 'Kullanıcı adı veya şifre hatalı', AuthenticationError],
  ];
  const calls: [string, (client: EsemesClient) => Promise<unknown>][] = [
    ['send', (client) => client.send({ sender: 'DEMO', text: 'x', to: '5329998877' })],
    ['personalized send', (client) => client.sendPersonalized({ sender: 'DEMO', messages: [{ to: '5329998877', text: 'x' }] })],
    ['report', (client) => client.report('100000001')],
    ['detailed report', (client) => client.reportDetail('100000001')],
    ['report ids', (client) => client.reportIds()],
    ['balance', (client) => client.balance()],
  ];
  const cases = calls.flatMap(([name, run]) => forms.map(([reply, text, kind]) => [name, reply, text, kind, run] as const));

  it.each(cases)('%s: %j is a provider error, asked once, nothing sent', async (_name, reply, text, kind, run) => {
    const { sandbox, client } = await setup();
    sandbox.faults.inject({ kind: 'err', text: reply });
    const error = await rejection(run(client));
    expect(error).toBeInstanceOf(kind);
    expect(isProviderError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(ReplyFormatError);
    expect(error).toMatchObject({ providerText: text });
    expect(sandbox.requests()).toHaveLength(1);
    expect(sandbox.sends()).toEqual([]);
  });
});

describe('reports and balance', () => {
  it('follows numbers from pending to final states', async () => {
    const { client, clock } = await setup();
    const {
      reportIds: [id],
    } = await client.send({ sender: 'DEMO', text: 'Kargonuz yolda', to: ['5329998877', '5000000001', '5000000002', '5000000003'] });
    expect(await client.report(id!)).toEqual({ pending: ['5329998877', '5000000001', '5000000002', '5000000003'], delivered: [], failed: [] });
    clock.now += 5_000;
    const summary = await client.report(id!);
    expect(summary.pending).toEqual(['5000000003']);
    expect(summary.failed.sort()).toEqual(['5000000001', '5000000002']);
    const detail = await client.reportDetail(id!);
    const byNumber = Object.fromEntries(detail.map((d) => [d.number, d]));
    expect(byNumber['5000000001']).toMatchObject({
      status: 'not_delivered',
      rawStatus: 'NOT_DELIVERED',
      errorCode: 13,
      parts: 1,
      text: 'Kargonuz yolda',
      reportId: id,
    });
    expect(byNumber['5000000002']).toMatchObject({ status: 'expired' });
    expect(byNumber['5000000003']).toMatchObject({ status: 'pending', finishedAt: null });
    expect(byNumber['5000000001']?.sentAt?.getTime()).toBe(START);
    expect(byNumber['5000000001']?.finishedAt?.getTime()).toBe(START + 2_000);
  });

  it('lists report ids, within a range too', async () => {
    const { client, clock } = await setup();
    const first = await client.send({ sender: 'DEMO', text: 'a', to: '5329998877' });
    clock.now += 86_400_000;
    const second = await client.send({ sender: 'DEMO', text: 'b', to: '5329998877' });
    expect(await client.reportIds()).toEqual([...first.reportIds, ...second.reportIds]);
    expect(await client.reportIds({ from: new Date(START + 3_600_000) })).toEqual(second.reportIds);
    expect(await client.reportIds({ to: '2026-12-01 11:00:00' })).toEqual(first.reportIds);
    expect(await rejection(client.reportIds({ from: '2026-12-02 00:00:00', to: '2026-12-01 00:00:00' }))).toMatchObject({ field: 'from' });
  });

  it('reads the balance and sees credits spent per part and number', async () => {
    const { client } = await setup();
    expect(await client.balance()).toEqual({ numeric: 1000, alphanumeric: 100_000, raw: 'numerik(1000)\nalphanumeric(100000)' });
    await client.send({ sender: 'DEMO', text: 'x'.repeat(161), to: ['5329998877', '5309998877'] });
    expect((await client.balance()).alphanumeric).toBe(100_000 - 4);
  });

  it('refuses a malformed report id before any request', async () => {
    const { sandbox, client } = await setup();
    expect(await rejection(client.report('1</raporid>'))).toMatchObject({ code: 'validation', field: 'reportId' });
    expect(sandbox.requests()).toHaveLength(0);
  });
});

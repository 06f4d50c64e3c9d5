import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { deliverWooPing, deliverWooWebhook, wpJsonEncode } from './testing/woo-delivery.js';
import { isWooPing, signWooBody, verifyWooSignature } from './signature.js';

const SECRET = 'Abc123def456ghi789jkl0';

describe('verifyWooSignature', () => {
  const body = Buffer.from('{"id":1,"status":"processing"}');

  it('accepts the signature of the raw body', () => {
    expect(verifyWooSignature(body, signWooBody(body, SECRET), SECRET)).toEqual({ valid: true });
  });

  it('rejects a signature made with another secret', () => {
    expect(verifyWooSignature(body, signWooBody(body, 'other-secret'), SECRET)).toEqual({ valid: false, reason: 'bad_signature' });
  });

  it('rejects a signature over other bytes', () => {
    const sig = signWooBody(Buffer.from('{"id":2,"status":"processing"}'), SECRET);
    expect(verifyWooSignature(body, sig, SECRET)).toEqual({ valid: false, reason: 'bad_signature' });
  });

  it('reports a missing or empty header', () => {
    expect(verifyWooSignature(body, undefined, SECRET)).toEqual({ valid: false, reason: 'missing_signature' });
    expect(verifyWooSignature(body, '', SECRET)).toEqual({ valid: false, reason: 'missing_signature' });
    expect(verifyWooSignature(body, [], SECRET)).toEqual({ valid: false, reason: 'missing_signature' });
  });

  it('treats a different length as invalid without throwing', () => {
    const sig = signWooBody(body, SECRET);
    expect(verifyWooSignature(body, sig.slice(0, 20), SECRET)).toEqual({ valid: false, reason: 'bad_signature' });
    expect(verifyWooSignature(body, `${sig}AAAA`, SECRET)).toEqual({ valid: false, reason: 'bad_signature' });
    expect(verifyWooSignature(body, 'not base64 at all!!', SECRET)).toEqual({ valid: false, reason: 'bad_signature' });
  });

  it('rejects junk around a valid signature (lenient base64 decoding)', () => {
    const sig = signWooBody(body, SECRET);
    expect(verifyWooSignature(body, `${sig.slice(0, 10)}*${sig.slice(10)}`, SECRET)).toEqual({ valid: false, reason: 'bad_signature' });
  });

  it('accepts a single-element array header and refuses several values', () => {
    const sig = signWooBody(body, SECRET);
    expect(verifyWooSignature(body, [sig], SECRET)).toEqual({ valid: true });
    expect(verifyWooSignature(body, [sig, sig], SECRET)).toEqual({ valid: false, reason: 'bad_signature' });
  });

  it('verifies the exact wp_json_encode bytes, not a re-serialization', () => {
    const order = { id: 7, billing: { first_name: 'Ayşe', last_name: 'Güneş' }, payment_url: 'https://magaza.example.com/checkout/' };
    const raw = wpJsonEncode(order);
    expect(raw).toContain('Ay\\u015fe');
    expect(raw).toContain('G\\u00fcne\\u015f');
    expect(raw).toContain('https:\\/\\/magaza.example.com\\/checkout\\/');
    const rawBytes = Buffer.from(raw, 'utf8');
    const sig = signWooBody(rawBytes, SECRET);
    expect(verifyWooSignature(rawBytes, sig, SECRET)).toEqual({ valid: true });

    const parsed: unknown = JSON.parse(raw);
    expect(parsed).toEqual(order);
    const reserialized = Buffer.from(JSON.stringify(parsed), 'utf8');
    expect(reserialized.equals(rawBytes)).toBe(false);
    expect(verifyWooSignature(reserialized, sig, SECRET)).toEqual({ valid: false, reason: 'bad_signature' });
  });
});

describe('wpJsonEncode', () => {
  it('escapes astral characters as two \\u escapes', () => {
    expect(wpJsonEncode({ e: '🙂' })).toBe('{"e":"\\ud83d\\ude42"}');
    expect(JSON.parse(wpJsonEncode({ e: '🙂' }))).toEqual({ e: '🙂' });
  });
});

describe('isWooPing', () => {
  it('recognizes the activation ping', () => {
    expect(isWooPing('application/x-www-form-urlencoded', Buffer.from('webhook_id=12'))).toBe(true);
    expect(isWooPing('application/x-www-form-urlencoded; charset=UTF-8', 'webhook_id=3')).toBe(true);
    expect(isWooPing(undefined, 'webhook_id=3')).toBe(true);
  });

  it('rejects anything else', () => {
    expect(isWooPing('application/json', 'webhook_id=12')).toBe(false);
    expect(isWooPing('application/x-www-form-urlencoded', 'webhook_id=')).toBe(false);
    expect(isWooPing('application/x-www-form-urlencoded', 'webhook_id=12&x=1')).toBe(false);
    expect(isWooPing('application/x-www-form-urlencoded', 'webhook_id=abc')).toBe(false);
    expect(isWooPing('application/x-www-form-urlencoded', 'webhook_id=12\n')).toBe(false);
    expect(isWooPing('application/json', '{"webhook_id":12}')).toBe(false);
  });
});

describe('deliverWooWebhook (test helper) against a real server', () => {
  it('sends a body and headers that verify, and a ping that is detected', async () => {
    const seen: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.setHeader('content-type', 'application/json');
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      const answer = await deliverWooWebhook(url, { id: 5, billing: { first_name: 'Şule' } }, { secret: SECRET, topic: 'order.created', webhookId: 9 });
      expect(answer).toEqual({ status: 200, body: { ok: true } });
      await deliverWooWebhook(url, { id: 5 }, { secret: SECRET, badSignature: true });
      await deliverWooWebhook(url, { id: 5 }, { secret: SECRET, omitSignature: true });
      await deliverWooPing(url, 9);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const [good, bad, unsigned, ping] = seen;
    expect(good?.body.toString()).toBe('{"id":5,"billing":{"first_name":"\\u015eule"}}');
    expect(good?.headers).toMatchObject({
      'x-wc-webhook-topic': 'order.created',
      'x-wc-webhook-resource': 'order',
      'x-wc-webhook-event': 'created',
      'x-wc-webhook-id': '9',
    });
    expect(good?.headers['user-agent']).toBe('WooCommerce/9.0 Hookshot (WordPress/6.6)');
    expect(verifyWooSignature(good?.body ?? Buffer.alloc(0), good?.headers['x-wc-webhook-signature'], SECRET)).toEqual({ valid: true });
    expect(verifyWooSignature(bad?.body ?? Buffer.alloc(0), bad?.headers['x-wc-webhook-signature'], SECRET)).toEqual({ valid: false, reason: 'bad_signature' });
    expect(verifyWooSignature(unsigned?.body ?? Buffer.alloc(0), unsigned?.headers['x-wc-webhook-signature'], SECRET)).toEqual({
      valid: false,
      reason: 'missing_signature',
    });
    expect(isWooPing(ping?.headers['content-type'], ping?.body ?? Buffer.alloc(0))).toBe(true);
    expect(ping?.headers['x-wc-webhook-signature']).toBeUndefined();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createConsentLedger } from './consent-ledger.js';
import { testEngine, type TestEngine } from './test-engine.js';

let engine: TestEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe('createConsentLedger', () => {
  it('Should remember a consenting number per store, in any format, ignoring numbers that are not mobiles', async () => {
    engine = await testEngine();
    const ledger = createConsentLedger({ state: engine.notifier.state, namespace: 'test:consent' });
    expect(await ledger.has('shop1', '+90 532 999 88 77')).toBe(false);
    await ledger.record('shop1', ['0532 999 88 77', '0212 555 11 22', undefined, ''], { source: 'order meta sms_consent', ref: '77' });
    expect(await ledger.has('shop1', '+90 (532) 999-88-77')).toBe(true);
    expect(await ledger.has('shop2', '05329998877')).toBe(false);
    expect(await ledger.has('shop1', '0212 555 11 22')).toBe(false);
    expect(await ledger.has('shop1', undefined)).toBe(false);
    const entries = await engine.notifier.state.listState('test:consent');
    expect(entries.map((e) => e.key)).toEqual(['shop1:5329998877']);
    expect(JSON.parse(entries[0]?.value ?? '{}')).toEqual({ source: 'order meta sms_consent', ref: '77' });
  });

  it('Should forget a number whose customer unsubscribed, in any format, and say how many it held', async () => {
    engine = await testEngine();
    const ledger = createConsentLedger({ state: engine.notifier.state, namespace: 'test:consent' });
    await ledger.record('shop1', ['0532 999 88 77'], { source: 'checkout' });
    await ledger.record('shop2', ['0532 999 88 77'], { source: 'checkout' });
    expect(await ledger.revoke('shop1', ['+90 532 999 88 77', '0212 555 11 22', undefined])).toBe(1);
    expect(await ledger.has('shop1', '05329998877')).toBe(false);
    expect(await ledger.has('shop2', '05329998877')).toBe(true);
    expect(await ledger.revoke('shop1', ['05329998877'])).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { MedusaOptionsError, resolveOptions } from './options.js';

const env = { DATABASE_URL: 'postgres://medusa@127.0.0.1:5432/medusa' };

describe('resolveOptions', () => {
  it('fills the defaults: embedded engine on Medusa’s DATABASE_URL, sandbox, shipping → billing → customer', () => {
    const options = resolveOptions({ storeName: ' Nur Butik ' }, env);
    expect(options).toMatchObject({
      storeName: 'Nur Butik',
      storeId: 'medusa',
      locale: 'tr',
      timeZone: 'Europe/Istanbul',
      engine: { mode: 'embedded', databaseUrl: env.DATABASE_URL },
      phoneSources: ['shipping', 'billing', 'customer'],
      writeBack: 'metadata',
      abandonedCarts: { recoveryUrl: undefined, idleMs: 3_600_000, delaysMs: [3_600_000, 86_400_000], consentKey: 'sms_marketing_consent' },
    });
    expect(options.engine).not.toHaveProperty('esemes');
  });

  it('takes a remote server', () => {
    const options = resolveOptions({ storeName: 'S', engine: { mode: 'remote', serverUrl: 'https://sms.example.com/', apiToken: 'x'.repeat(32) } });
    expect(options.engine).toEqual({ mode: 'remote', serverUrl: 'https://sms.example.com', apiToken: 'x'.repeat(32) });
  });

  it('names every bad option at once and echoes no value', () => {
    let error: unknown;
    try {
      resolveOptions(
        {
          storeId: 'bad id!',
          timeZone: 'Mars/Olympus',
          engine: { mode: 'embedded', esemes: { user: 'u', password: 'secret-password' } },
          phoneSources: ['shipping', 'fax'],
          adminPhones: 'not a list',
          abandonedCarts: { recoveryUrl: 'https://shop.example/cart', idleMinutes: 1, delaysMinutes: [-5] },
          writeBack: 'notes',
        },
        {},
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MedusaOptionsError);
    const problems = (error as MedusaOptionsError).variables;
    expect(problems).toEqual([
      'storeName',
      'storeId',
      'timeZone',
      'engine.databaseUrl',
      'engine.sender',
      'phoneSources',
      'adminPhones',
      'abandonedCarts.recoveryUrl',
      'abandonedCarts.idleMinutes',
      'abandonedCarts.delaysMinutes',
      'writeBack',
    ]);
    expect((error as Error).message).not.toContain('secret-password');
  });

  it('refuses a remote engine without a usable URL or token', () => {
    expect(() => resolveOptions({ storeName: 'S', engine: { mode: 'remote', serverUrl: 'ftp://x', apiToken: 'short' } })).toThrow(
      /engine.serverUrl[\s\S]*engine.apiToken/,
    );
    expect(() => resolveOptions({ storeName: 'S', engine: { mode: 'cloud' } }, env)).toThrow(/engine.mode/);
  });
  it('engine.sandbox: the in-process sandbox’s delivery model, checked, and only without an esemes account', () => {
    const options = resolveOptions(
      { storeName: 'S', engine: { sandbox: { outcomeWeights: { delivered: 1, notDelivered: 0, expired: 0 }, deliveryDelayMs: 0 } } },
      env,
    );
    expect(options.engine).toMatchObject({ sandbox: { outcomeWeights: { delivered: 1, notDelivered: 0, expired: 0 }, deliveryDelayMs: 0 } });
    expect(() => resolveOptions({ storeName: 'S', engine: { sandbox: { outcomeWeights: { delivered: -1 } } } }, env)).toThrow(/engine.sandbox/);
    expect(() => resolveOptions({ storeName: 'S', engine: { sandbox: { deliveryDelayMs: 1e9 } } }, env)).toThrow(/engine.sandbox/);
    expect(() => resolveOptions({ storeName: 'S', engine: { sandbox: { outcomeWeights: { delivered: 0, notDelivered: 0, expired: 0 } } } }, env)).toThrow(
      /engine.sandbox/,
    );
    expect(() => resolveOptions({ storeName: 'S', engine: { esemes: { user: 'u', password: 'p' }, sender: 'X', sandbox: {} } }, env)).toThrow(
      /engine.sandbox only in sandbox mode/,
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { MessageTooLongError, NotifierConfigError, StoreSettingsError } from './errors.js';
import { createNotifier } from './notifier.js';
import { STORE_SETTINGS_NAMESPACE } from './store-settings.js';
import { BACKENDS, cartAbandoned, harness, NOON, orderCreated, type EngineHarness } from './test-setup.js';
import type { NotifierOptions } from './types.js';

const open: EngineHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

/** An order.status_changed whose link makes the default message 4 SMS parts: refused under the default cap of 2. */
const longStatus = () =>
  orderCreated({
    type: 'order.status_changed',
    status: { canonical: 'processing', raw: 'processing' },
    order: { id: '77', number: '77', total: '10', statusUrl: `https://demo.example/siparis/${'x'.repeat(400)}` },
  });

/** The error a promise rejects with (undefined when it resolves). */
const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe.each(BACKENDS)('store settings on %s', (backend) => {
  const setup = async (notifier: Partial<NotifierOptions> = {}): Promise<EngineHarness> => {
    const h = await harness({ backend, notifier });
    open.push(h);
    return h;
  };
  const messageOf = async (h: EngineHarness, input: Record<string, unknown>) => h.notifier.getMessage((await h.notifier.accept(input)).messageIds[0]!);

  it('applies saved sender, maxParts and disabledEvents to the next acceptance at once', async () => {
    const h = await setup({ stores: { demo: { sender: 'FILE' } } });
    const settings = h.notifier.storeSettings;
    expect((await messageOf(h, orderCreated()))?.sender).toBe('FILE');
    await expect(h.notifier.accept(longStatus())).rejects.toBeInstanceOf(MessageTooLongError);

    expect(await settings.put('demo', { sender: 'SAVED', maxParts: 4 })).toEqual({
      storeId: 'demo',
      settings: { sender: 'SAVED', maxParts: 4 },
      updatedAt: NOON,
    });
    const long = await messageOf(h, longStatus());
    expect([long?.sender, long?.parts]).toEqual(['SAVED', 4]);
    // The template preview reads the same settings.
    expect((await h.notifier.templates.preview({ eventType: 'order.created', language: 'tr', storeId: 'demo' })).maxParts).toBe(4);

    // A put replaces what was saved (the sender is the file's again), it does not merge with it.
    await settings.put('demo', { disabledEvents: ['order.created'] });
    expect(await h.notifier.accept(orderCreated())).toMatchObject({
      status: 'accepted',
      messageIds: [],
      skipped: [{ role: 'all', reason: 'the store turned off SMS for order.created' }],
    });
    expect((await messageOf(h, orderCreated({ type: 'order.paid' })))?.sender).toBe('FILE');
    await expect(h.notifier.accept(longStatus())).rejects.toBeInstanceOf(MessageTooLongError);

    expect(await settings.delete('demo')).toBe(true);
    expect(await settings.delete('demo')).toBe(false);
    expect((await messageOf(h, orderCreated()))?.sender).toBe('FILE');
    expect(await settings.saved('demo')).toBeUndefined();
  });

  it('keeps the file settings underneath, field by field, and lists what was saved', async () => {
    const h = await setup({ stores: { '*': { maxParts: 3, transliterate: 'turkish', adminPhones: ['05551112233'] }, demo: { sender: 'FILE' } } });
    const settings = h.notifier.storeSettings;
    expect(await settings.get('demo')).toEqual({ maxParts: 3, transliterate: 'turkish', adminPhones: ['05551112233'], sender: 'FILE' });
    h.clock.now = NOON + 1;
    await settings.put(' demo ', { quietHours: null, transliterate: 'none' });
    await settings.put('shop2', { sender: 'SHOP2' });
    expect(await settings.get('demo')).toEqual({ maxParts: 3, transliterate: 'none', adminPhones: ['05551112233'], sender: 'FILE', quietHours: null });
    expect(await settings.get('other')).toEqual({ maxParts: 3, transliterate: 'turkish', adminPhones: ['05551112233'] });
    expect(await settings.saved('demo')).toEqual({ storeId: 'demo', settings: { quietHours: null, transliterate: 'none' }, updatedAt: NOON + 1 });
    expect(await settings.list()).toEqual([
      { storeId: 'demo', settings: { quietHours: null, transliterate: 'none' }, updatedAt: NOON + 1 },
      { storeId: 'shop2', settings: { sender: 'SHOP2' }, updatedAt: NOON + 1 },
    ]);
    // Quiet hours off: a cart reminder at 23:30 in Istanbul is due at once; the admin number comes from '*'.
    h.clock.now = Date.parse('2026-12-01T20:30:00Z');
    expect((await messageOf(h, cartAbandoned()))?.notBefore).toBe(h.clock.now);
    const admin = await messageOf(h, { ...orderCreated(), type: 'admin.order.created' });
    expect([admin?.recipient, admin?.sender]).toEqual(['5551112233', 'FILE']);
    // Stored in the engine's own durable state, as JSON.
    expect(JSON.parse((await h.notifier.state.getState(STORE_SETTINGS_NAMESPACE, 'demo'))!.value)).toEqual({ quietHours: null, transliterate: 'none' });
  });

  it('reaches a second instance on the same database after its cache time, at once on the one that saved', async () => {
    const h = await setup();
    const twin = await h.twin();
    expect((await twin.getMessage((await twin.accept(orderCreated())).messageIds[0]!))?.sender).toBe('DEMO');
    await h.notifier.storeSettings.put('demo', { sender: 'NEW' });
    expect((await messageOf(h, orderCreated()))?.sender).toBe('NEW');
    // The twin read the store's settings a moment ago: it keeps them for 5 s of its clock.
    h.clock.now += 4_999;
    expect((await twin.getMessage((await twin.accept(orderCreated())).messageIds[0]!))?.sender).toBe('DEMO');
    h.clock.now += 1;
    expect((await twin.getMessage((await twin.accept(orderCreated())).messageIds[0]!))?.sender).toBe('NEW');

    await h.notifier.storeSettings.delete('demo');
    expect((await messageOf(h, orderCreated()))?.sender).toBe('DEMO');
    h.clock.now += 4_999;
    expect((await twin.getMessage((await twin.accept(orderCreated())).messageIds[0]!))?.sender).toBe('NEW');
    h.clock.now += 1;
    expect((await twin.getMessage((await twin.accept(orderCreated())).messageIds[0]!))?.sender).toBe('DEMO');
    // What was saved is always read from the database.
    await h.notifier.storeSettings.put('demo', { maxParts: 3 });
    expect(await twin.storeSettings.saved('demo')).toEqual({ storeId: 'demo', settings: { maxParts: 3 }, updatedAt: h.clock.now });
  });

  it('reads the saved settings at every acceptance with storeSettingsCacheMs 0', async () => {
    const h = await setup({ storeSettingsCacheMs: 0 });
    const twin = await h.twin();
    await twin.accept(orderCreated());
    await h.notifier.storeSettings.put('demo', { sender: 'NOW' });
    expect((await twin.getMessage((await twin.accept(orderCreated())).messageIds[0]!))?.sender).toBe('NOW');
  });

  it('refuses bad settings naming every field, and changes nothing', async () => {
    const h = await setup({ stores: { demo: { sender: 'FILE' } } });
    const settings = h.notifier.storeSettings;
    await settings.put('demo', { maxParts: 3 });
    const error = await failure(
      settings.put('demo', {
        sender: 'A SENDER TOO LONG',
        quietHours: { start: '25:00', end: '09:00' },
        transactionalQuietHours: 'yes',
        adminPhones: Array.from({ length: 11 }, () => '05321112233'),
        disabledEvents: ['order.created', 'order.teleported'],
        maxParts: 11,
        transliterate: 'greek',
        colour: 'red',
      } as never),
    );
    expect(error).toBeInstanceOf(StoreSettingsError);
    expect(error).toMatchObject({ name: 'StoreSettingsError', code: 'invalid_store_settings' });
    expect((error as StoreSettingsError).problems).toEqual([
      'colour is not a store setting (known: sender, quietHours, transactionalQuietHours, adminPhones, disabledEvents, maxParts, transliterate)',
      'sender must be 1–11 printable ASCII characters',
      'quietHours: quiet hours must be HH:MM, got "25:00"',
      'transactionalQuietHours must be true or false',
      'adminPhones must be a list of at most 10 phone numbers (strings of at most 100 characters)',
      expect.stringMatching(/^disabledEvents names unknown event types "order.teleported" \(known: order.created, /),
      'maxParts must be an integer from 1 to 10',
      'transliterate must be latin, none or turkish',
    ]);
    expect((error as Error).message).toMatch(/^invalid store settings: colour is not a store setting/);

    const problemsOf = async (storeId: string, value: unknown): Promise<readonly string[]> =>
      ((await failure(settings.put(storeId, value as never))) as StoreSettingsError).problems;
    expect(await problemsOf('demo', null)).toEqual([
      'settings must be an object of store settings (sender, quietHours, transactionalQuietHours, adminPhones, disabledEvents, maxParts, transliterate)',
    ]);
    expect(await problemsOf('demo', [])).toHaveLength(1);
    expect(await problemsOf('demo', { quietHours: { start: '21:00' } })).toEqual(['quietHours must be { start: "HH:MM", end: "HH:MM" } or null']);
    expect(await problemsOf('demo', { quietHours: { start: '21:00', end: '09:00', tz: 'UTC' } })).toEqual([
      'quietHours must be { start: "HH:MM", end: "HH:MM" } or null',
    ]);
    expect(await problemsOf('demo', { disabledEvents: 'order.created' })).toEqual([expect.stringMatching(/^disabledEvents must be a list of event types/)]);
    expect(await problemsOf('demo', { disabledEvents: ['cart.closed'] })).toEqual([
      expect.stringMatching(/^disabledEvents names unknown event types "cart.closed"/),
    ]);
    expect(await problemsOf('demo', { adminPhones: [5321112233] })).toEqual([expect.stringMatching(/^adminPhones must be a list/)]);
    expect(await problemsOf('demo', { maxParts: 2.5 })).toEqual(['maxParts must be an integer from 1 to 10']);
    expect(await problemsOf('demo', { sender: 'Mağaza' })).toEqual(['sender must be 1–11 printable ASCII characters']);
    expect(await problemsOf('   ', { sender: 'OK' })).toEqual(["storeId must be 1–200 characters after trimming, as an event's store.id (got 0)"]);
    expect(await problemsOf('x'.repeat(201), { maxParts: 0 })).toEqual([
      "storeId must be 1–200 characters after trimming, as an event's store.id (got 201)",
      'maxParts must be an integer from 1 to 10',
    ]);
    await expect(settings.delete(' ')).rejects.toBeInstanceOf(StoreSettingsError);

    expect(await settings.list()).toEqual([{ storeId: 'demo', settings: { maxParts: 3 }, updatedAt: NOON }]);
    expect(await settings.get('demo')).toEqual({ sender: 'FILE', maxParts: 3 });
    expect(await settings.saved('   ')).toBeUndefined();
    expect(await settings.get(' ')).toEqual({});
  });

  it('accepts the widest valid settings as given', async () => {
    const h = await setup();
    const widest = {
      sender: '~ 0123456 ~',
      quietHours: { start: '00:00', end: '23:59' },
      transactionalQuietHours: false,
      adminPhones: Array.from({ length: 10 }, () => '0'.repeat(100)),
      disabledEvents: ['order.created', 'admin.order.created', 'cart.abandoned'] as const,
      maxParts: 10,
      transliterate: 'turkish' as const,
    };
    // A field set to undefined (JavaScript callers) counts as absent.
    const saved = await h.notifier.storeSettings.put('x'.repeat(200), { ...widest, disabledEvents: [...widest.disabledEvents], sender: undefined } as never);
    expect(saved.settings).toEqual({ ...widest, sender: undefined, disabledEvents: [...widest.disabledEvents] });
    expect(Object.keys(saved.settings)).not.toContain('sender');
    await h.notifier.storeSettings.put('demo', { ...widest, disabledEvents: [...widest.disabledEvents] });
    expect((await h.notifier.storeSettings.saved('demo'))?.settings.sender).toBe('~ 0123456 ~');
  });

  it('ignores a saved row that is not valid settings (edited by hand), logging it, so the file settings apply', async () => {
    const warnings: Array<{ obj: object; msg?: string | undefined }> = [];
    const logger = { info() {}, error() {}, warn: (obj: object, msg?: string) => warnings.push({ obj, msg }) };
    const h = await setup({ stores: { demo: { sender: 'FILE' } }, logger });
    await h.notifier.state.putState(STORE_SETTINGS_NAMESPACE, 'demo', '{"maxParts":99}', {}, NOON);
    await h.notifier.state.putState(STORE_SETTINGS_NAMESPACE, 'shop2', 'not json', {}, NOON);
    expect(await h.notifier.storeSettings.get('demo')).toEqual({ sender: 'FILE' });
    expect(await h.notifier.storeSettings.saved('shop2')).toBeUndefined();
    expect(await h.notifier.storeSettings.list()).toEqual([]);
    expect(warnings[0]).toEqual({ obj: { storeId: 'demo', problems: ['maxParts must be an integer from 1 to 10'] }, msg: expect.stringMatching(/not valid/) });
  });

  it('lists the store ids that have events, sorted, up to a limit', async () => {
    const h = await setup();
    expect(await h.notifier.storeIds()).toEqual([]);
    for (const id of ['shop2', 'demo', 'shop2']) await h.notifier.accept(orderCreated({ store: { id, name: 'Mağaza' } }));
    await h.notifier.accept({ type: 'cart.closed', idempotencyKey: 'c', store: { id: 'cartonly', name: 'Mağaza' }, cart: { id: '1' } });
    expect(await h.notifier.storeIds()).toEqual(['cartonly', 'demo', 'shop2']);
    expect(await h.notifier.storeIds({ limit: 2 })).toEqual(['cartonly', 'demo']);
  });
});

describe('store settings in createNotifier', () => {
  it('checks options.stores with the same validator, naming the store and the field', () => {
    const base = { store: {} as never, client: {} as never, sender: 'DEMO' };
    const problems = (options: Partial<NotifierOptions>): readonly string[] => {
      try {
        createNotifier({ ...base, ...options });
      } catch (error) {
        if (error instanceof NotifierConfigError) return error.problems;
        throw error;
      }
      return [];
    };
    expect(
      problems({
        stores: { '*': { colour: 'red' } as never, demo: { adminPhones: '0532' as never, disabledEvents: ['order.teleported' as never], quietHours: null } },
        storeSettingsCacheMs: -1,
      }),
    ).toEqual([
      'stores.*.colour is not a store setting (known: sender, quietHours, transactionalQuietHours, adminPhones, disabledEvents, maxParts, transliterate)',
      'stores.demo.adminPhones must be a list of at most 10 phone numbers (strings of at most 100 characters)',
      expect.stringMatching(/^stores\.demo\.disabledEvents names unknown event types "order.teleported"/),
      'storeSettingsCacheMs must be a number of milliseconds ≥ 0',
    ]);
    expect(problems({ stores: { demo: 'MAGAZA' as never } })).toEqual([expect.stringMatching(/^stores\.demo must be an object of store settings/)]);
    expect(problems({ stores: [] as never })).toEqual(['stores must be an object of settings by store id ("*" for every store)']);
  });
});

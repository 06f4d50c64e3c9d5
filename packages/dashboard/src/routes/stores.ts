// Stores: each platform's panel (its stores, its connect form), the stores that send through the events
// API, and one store's page: the engine's SMS settings and the platform's own settings. The dashboard
// names no platform: everything platform-specific comes from a DashboardPanel.
import type { DashboardErrors, DashboardPanel, DashboardStore } from '@esemes/adapter-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DashboardContext } from '../context.js';
import { checkFields, fieldViews, formError, readFields } from '../fields.js';
import { textOf } from '../i18n.js';
import { allFields, settingsFromForm, storeSettingsForm } from '../store-settings-form.js';

/** Longest store id (as an event's `store.id`). */
const MAX_STORE_ID = 200;

export async function storeRoutes(app: FastifyInstance, context: DashboardContext): Promise<void> {
  const { options } = context;
  const panelOf = (platform: unknown): DashboardPanel | undefined => options.panels().find((panel) => panel.platform === platform);
  const storeIdOf = (request: FastifyRequest): string | undefined => {
    const raw = (request.query as Record<string, unknown>)['store'];
    const id = typeof raw === 'string' ? raw.trim() : '';
    return id !== '' && id.length <= MAX_STORE_ID ? id : undefined;
  };
  /** Where the platform sends the shop owner back: PUBLIC_URL when set, else the address their browser used. */
  const returnUrlFor = (request: FastifyRequest, platform: string): string =>
    `${options.publicUrl ?? `${request.protocol}://${request.host}`}/stores/connected/${encodeURIComponent(platform)}`;

  /** Every panel with its stores and connect form; then the stores only the engine knows. */
  async function listing(request: FastifyRequest, connectErrors: { platform: string; errors: DashboardErrors; values: Record<string, unknown> } | undefined) {
    const language = context.languageOf(request);
    const claimed = new Set<string>();
    const panels = [];
    for (const panel of options.panels()) {
      let stores: DashboardStore[] = [];
      let failed: string | undefined;
      try {
        stores = await panel.stores();
      } catch (error) {
        request.log.error({ err: error, platform: panel.platform }, 'dashboard: a panel could not list its stores');
        failed = error instanceof Error ? error.message.slice(0, 200) : 'error';
      }
      for (const store of stores) claimed.add(store.id);
      const connect = panel.connect;
      let fields;
      if (connect) {
        checkFields(connect.fields, `panel ${panel.platform}`);
        const own = connectErrors?.platform === panel.platform ? connectErrors : undefined;
        // After a refusal the form shows what was typed.
        const withValues = connect.fields.map((field) =>
          own && field.kind === 'text' && typeof own.values[field.name] === 'string' ? { ...field, value: own.values[field.name] as string } : field,
        );
        fields = fieldViews(withValues, language, own?.errors, `connect-${panel.platform}`);
      }
      panels.push({
        platform: panel.platform,
        title: textOf(panel.title, language),
        failed,
        stores: stores.map((store) => ({ ...store, status: store.status && { ok: store.status.ok, text: textOf(store.status.text, language) } })),
        connect: connect && {
          fields,
          button: textOf(connect.button, language),
          help: textOf(connect.help, language),
          error: connectErrors?.platform === panel.platform ? formError(connectErrors.errors, language) : undefined,
        },
      });
    }
    const engineIds = new Set([
      ...(await options.notifier.storeIds({ limit: 1_000 })),
      ...(await options.notifier.storeSettings.list()).map((saved) => saved.storeId),
    ]);
    const others = [...engineIds].filter((id) => !claimed.has(id)).sort();
    return { panels, others, publicUrlMissing: options.publicUrl === undefined };
  }

  app.get('/stores', async (request, reply) =>
    context.page(request, reply, 'stores', { title: context.text(request, 'stores.title'), nav: 'stores' }, await listing(request, undefined)),
  );

  app.post('/stores/connect/:platform', async (request, reply) => {
    const platform = (request.params as { platform: string }).platform;
    const panel = panelOf(platform);
    if (!panel?.connect) return reply.callNotFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = readFields(panel.connect.fields, body);
    const outcome = await panel.connect.start(values, { returnUrl: returnUrlFor(request, panel.platform) });
    if ('redirect' in outcome) {
      request.log.info({ platform }, 'dashboard: connecting a store');
      return reply.code(303).header('location', outcome.redirect).send();
    }
    return context.page(
      request,
      reply,
      'stores',
      { title: context.text(request, 'stores.title'), nav: 'stores' },
      await listing(request, { platform, errors: outcome.errors, values }),
      422,
    );
  });

  // The platform sends the shop owner back here (a top-level GET from its site: the session cookie is Lax).
  // A platform's return carries its nonce or OAuth code: never in the log.
  app.get('/stores/connected/:platform', { config: { secretQuery: ['user_id', 'code', 'state', 'hmac', 'token'] } }, async (request, reply) => {
    const panel = panelOf((request.params as { platform: string }).platform);
    if (!panel?.connect) return reply.callNotFound();
    const query = Object.fromEntries(
      Object.entries(request.query as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    const result = await panel.connect.result(query);
    const text = textOf(result.text, context.languageOf(request));
    const to = result.ok && result.storeId ? `/stores/settings?store=${encodeURIComponent(result.storeId)}` : '/stores';
    return context.redirect(request, reply, to, { kind: result.ok ? 'ok' : 'error', text });
  });

  /** One store's page: the engine's settings and, when a panel owns the store, its platform settings. */
  async function storePage(
    request: FastifyRequest,
    storeId: string,
    state: { engineErrors?: DashboardErrors; engineValues?: Record<string, unknown>; platformErrors?: DashboardErrors } = {},
  ) {
    const language = context.languageOf(request);
    const owner = await ownerOf(options.panels(), storeId);
    const stores = owner ? await owner.panel.stores() : [];
    const store = stores.find((candidate) => candidate.id === storeId);
    const effective = await options.notifier.storeSettings.get(storeId);
    const saved = await options.notifier.storeSettings.saved(storeId);
    const form = storeSettingsForm(effective, language, options.sender, owner === undefined);
    const views = (fields: typeof form.general) => fieldViews(fields, language, state.engineErrors, 'engine');
    return {
      storeId,
      name: store?.name ?? storeId,
      // Only a web address becomes a link.
      url: store?.url !== undefined && /^https?:\/\//.test(store.url) ? store.url : undefined,
      status: store?.status && { ok: store.status.ok, text: textOf(store.status.text, language) },
      engine: {
        general: views(form.general),
        events: views(form.events),
        timing: views(form.timing),
        length: views(form.length),
        error: formError(state.engineErrors, language),
        saved: saved !== undefined,
      },
      platform: owner && {
        name: owner.panel.platform,
        title: textOf(owner.panel.title, language),
        fields: fieldViews(owner.fields, language, state.platformErrors, 'platform'),
        error: formError(state.platformErrors, language),
      },
    };
  }

  app.get('/stores/settings', async (request, reply) => {
    const storeId = storeIdOf(request);
    if (storeId === undefined) return reply.callNotFound();
    const data = await storePage(request, storeId);
    return context.page(request, reply, 'store', { title: context.text(request, 'store.title', { store: data.name }), nav: 'stores' }, data);
  });

  app.post('/stores/settings', async (request, reply) => {
    const storeId = storeIdOf(request);
    if (storeId === undefined) return reply.callNotFound();
    const language = context.languageOf(request);
    const withAdminPhones = (await ownerOf(options.panels(), storeId)) === undefined;
    const fields = allFields(storeSettingsForm({}, language, options.sender, withAdminPhones));
    const values = readFields(fields, (request.body ?? {}) as Record<string, unknown>);
    const parsed = settingsFromForm(values, language, withAdminPhones);
    if (parsed.errors) {
      const data = await storePage(request, storeId, { engineErrors: { '': context.text(request, 'store.notSaved'), ...parsed.errors } });
      return context.page(request, reply, 'store', { title: context.text(request, 'store.title', { store: data.name }), nav: 'stores' }, data, 422);
    }
    // A field left as configured is still saved: what the shop owner saw is what applies.
    const previous = (await options.notifier.storeSettings.saved(storeId))?.settings ?? {};
    await options.notifier.storeSettings.put(
      storeId,
      withAdminPhones ? parsed.settings : { ...parsed.settings, ...(previous.adminPhones ? { adminPhones: previous.adminPhones } : {}) },
    );
    request.log.info({ storeId }, 'dashboard: store settings saved');
    return context.redirect(request, reply, `/stores/settings?store=${encodeURIComponent(storeId)}`, { kind: 'ok', key: 'store.saved' });
  });

  app.post('/stores/settings/reset', async (request, reply) => {
    const storeId = storeIdOf(request);
    if (storeId === undefined) return reply.callNotFound();
    await options.notifier.storeSettings.delete(storeId);
    return context.redirect(request, reply, `/stores/settings?store=${encodeURIComponent(storeId)}`, { kind: 'ok', key: 'store.resetDone' });
  });

  app.post('/stores/platform', async (request, reply) => {
    const storeId = storeIdOf(request);
    if (storeId === undefined) return reply.callNotFound();
    const owner = await ownerOf(options.panels(), storeId);
    if (!owner) return reply.callNotFound();
    const values = readFields(owner.fields, (request.body ?? {}) as Record<string, unknown>);
    const outcome = await owner.panel.saveSettings(storeId, values);
    if (outcome.errors && Object.keys(outcome.errors).length > 0) {
      const data = await storePage(request, storeId, { platformErrors: { '': context.text(request, 'store.notSaved'), ...outcome.errors } });
      return context.page(request, reply, 'store', { title: context.text(request, 'store.title', { store: data.name }), nav: 'stores' }, data, 422);
    }
    request.log.info({ storeId, platform: owner.panel.platform }, 'dashboard: platform settings saved');
    const text = outcome.text === undefined ? context.text(request, 'store.saved') : textOf(outcome.text, context.languageOf(request));
    return context.redirect(request, reply, `/stores/settings?store=${encodeURIComponent(storeId)}`, { kind: 'ok', text });
  });
}

async function ownerOf(panels: readonly DashboardPanel[], storeId: string) {
  for (const panel of panels) {
    const fields = await panel.settings(storeId);
    if (fields) {
      checkFields(fields, `panel ${panel.platform}`);
      return { panel, fields };
    }
  }
  return undefined;
}

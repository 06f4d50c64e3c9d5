// GET /: the overview (counts, the per-day chart, the balance, a dispatch pause with what to do), or for
// a client that does not ask for HTML (curl, health checkers) what this server is, as JSON.
import type { FastifyInstance } from 'fastify';
import type { DashboardContext } from '../context.js';
import { dayChart } from '../chart.js';

/** How long the overview waits for the provider's balance before showing the page without it. */
const BALANCE_WAIT_MS = 4_000;

export async function overviewRoutes(app: FastifyInstance, context: DashboardContext): Promise<void> {
  const { options } = context;
  app.get('/', { config: { dashboardPublic: true } }, async (request, reply) => {
    if (!/^text\/html/.test(request.headers.accept ?? '')) return options.about();
    if (request.session.loggedIn !== true) return reply.code(303).header('location', '/login').send();
    const language = context.languageOf(request);
    const [stats, pause, balance] = await Promise.all([
      options.notifier.stats({ days: 7, timeZone: options.timeZone }),
      options.notifier.pause(),
      balanceWithin(options.notifier.balance(), BALANCE_WAIT_MS),
    ]);
    const pauseHelp =
      pause === undefined
        ? undefined
        : pause.code === 'auth'
          ? context.text(request, 'overview.pause.auth')
          : pause.code === 'credit'
            ? context.text(request, 'overview.pause.credit')
            : context.text(request, 'overview.pause.sender', { sender: pause.sender ?? options.sender });
    const empty = stats.lastDays.created === 0;
    return context.page(
      request,
      reply,
      'overview',
      { title: context.text(request, 'overview.title'), nav: 'overview' },
      {
        stats,
        days: stats.perDay.length,
        chart: dayChart(stats.perDay, language),
        pause: pause && { ...pause, help: pauseHelp },
        balance,
        empty,
      },
    );
  });

  app.post('/resume', async (request, reply) => {
    const lifted = await options.notifier.resume();
    request.log.info({ pause: lifted?.code }, 'dashboard: dispatch resumed by hand');
    return context.redirect(request, reply, '/', { kind: 'ok', key: 'overview.resumed' });
  });
}

type BalanceView = { ok: true; numeric: number | null; alphanumeric: number | null } | { ok: false; reason: string };

/** The balance, or why not: a slow or failing provider must not keep the overview from showing. */
async function balanceWithin(pending: Promise<{ numeric: number | null; alphanumeric: number | null }>, ms: number): Promise<BalanceView> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<BalanceView>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `no answer in ${ms / 1000} s` }), ms);
  });
  try {
    return await Promise.race([pending.then((balance): BalanceView => ({ ok: true, numeric: balance.numeric, alphanumeric: balance.alphanumeric })), timeout]);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown error' };
  } finally {
    clearTimeout(timer);
  }
}

import { join } from 'node:path';
import restify from 'restify';
import { createTeamsAdapter } from './adapters/teams/teams.adapter.js';
import { createTeamsAccess } from './adapters/teams/teams.access.js';
import { mountPlayground, outboxDirOf } from './adapters/web/web.adapter.js';
import { createWebexAdapter, type WebexAdapter } from './adapters/webex/webex.adapter.js';
import { storedPersonalLinks } from './adapters/webex/webex-links.js';
import { ConfigError, isLoopbackHost, type Config } from './config.js';
import { createCore } from './core.js';
import { createIds, createSystemClock } from './services/clock.js';
import type { Clock, Ids } from './services/clock.port.js';
import { buildServices } from './services/build.js';
import { createLogger, type Logger } from './services/logger.js';
import { createMetrics, mountOpsRoutes, type Footprint, type HealthCheck } from './services/metrics.js';
import { guardTurns } from './services/rate-limit.js';
import { createLocalPayments } from './services/payments/index.js';
import { createSimulatedProvisioner } from './services/provisioning/simulated.js';
import { createLocalSalesDesk } from './services/sales/local-desk.js';
import { parseAgentList } from './services/sales/agent-command.js';
import { createSalesDesk } from './services/sales/sales-desk.js';
import { routeSalesDesk } from './services/sales/desk-router.js';
import { createTeamsSalesChannel } from './adapters/teams/teams-sales.js';
import { storedSalesChannelMarks } from './adapters/teams/teams-sales-mark.js';
import { createWebexApi } from './adapters/webex/webex-api.js';
import { createWebexSalesSpace } from './adapters/webex/webex-sales.js';
import type { Store } from './services/store.port.js';
import { createDependencyHealth } from './services/dependency-health.js';
import { observeStore } from './services/store/resilient.store.js';
import { DEFAULT_RETRY_POLICY } from './adapters/webex/webex.types.js';
import { observeChannels, observeMailer } from './services/outage.js';
import { lateDeliveries } from './dialogs/late-delivery.js';

export interface AppDeps {
  clock?: Clock;
  ids?: Ids;
  logger?: Logger;
  /** Wall clock of in-memory bounds (playground session idleness), not the bot's clock; tests move it. */
  wallClock?: () => number;
  /** Test hook (fault injection in the soak tests): wraps the configured store before anything uses it. */
  wrapStore?: (store: Store) => Store;
}

/** Debug setting for crash tests: die without any clean-up after the n-th turn write, before its replies go out. */
function crashAfterSave(n: number | undefined): ((conversationId: string) => void) | undefined {
  if (n === undefined) return undefined;
  let saves = 0;
  return () => {
    if (++saves >= n) process.kill(process.pid, 'SIGKILL');
  };
}

/** The composition root: config in, a running HTTP bot out. */
export async function createApp(config: Config, deps: AppDeps = {}) {
  const clock = deps.clock ?? createSystemClock();
  const ids = deps.ids ?? createIds();
  const logger = deps.logger ?? createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  // What each dependency last showed (/healthz, metrics); only the store's state decides readiness.
  const health = createDependencyHealth((dependency, now, before) => {
    if (now.state === 'down') logger.warn({ dependency, reason: now.reason }, 'dependency down');
    else if (now.state === 'up' && before?.state === 'down') logger.info({ dependency, downMs: Date.now() - before.since }, 'dependency back up');
  });
  const services = await buildServices(config, { clock, ids, logger, health });
  // Observed outside the test hook, so a store cut by a test shows as down like a real outage.
  const built = { ...services, store: observeStore(deps.wrapStore ? deps.wrapStore(services.store) : services.store, health) };
  const mailer = observeMailer(built.mailer, health);
  const server = restify.createServer({ name: 'upgrade-bot' });
  const publicUrl = (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, '');
  let dispatch: ((conv: string, id: string, event: Parameters<ReturnType<typeof createCore>['engine']['dispatch']>[0]['event']) => Promise<unknown>) | undefined;
  const payments = createLocalPayments({
    publicUrl, clock, ids, ttlMs: config.PAYMENT_LINK_TTL_MS, records: built.store.records,
    onOutcome: async (conversationId, event) => { await dispatch?.(conversationId, `payment.${event.paymentId}.${event.type}`, event); },
  });
  const sales = createLocalSalesDesk({ clock, ids });
  // Exposed in a deployment, the playground works with a desk of its own: no real channel's case is ever in it.
  const playground = config.exposure.playground;
  const playgroundSales = playground === 'insecure' ? createLocalSalesDesk({ clock, ids }) : sales;
  // A configured sales space (Webex space or Teams channel) gets the channel-neutral desk; else the local one.
  const salesSpace = config.SALES_SPACE ?? (config.SALES_WEBEX_ROOM_ID ? 'webex' : 'local');
  if (salesSpace === 'teams' && config.SALES_TEAMS_CHANNEL_ID) {
    // Cases are posted there proactively: a host the Teams adapter may not answer would fail every post, found late.
    const refused = createTeamsAccess({ emulatorMode: !config.MicrosoftAppId.trim(), serviceUrlHosts: config.TEAMS_SERVICE_URL_HOSTS })
      .refuseServiceUrl(config.SALES_TEAMS_SERVICE_URL);
    if (refused !== undefined) throw new ConfigError([`SALES_TEAMS_SERVICE_URL: ${refused}`]);
  }
  const teamsSales = salesSpace === 'teams'
    ? createTeamsSalesChannel({
      channelId: config.SALES_TEAMS_CHANNEL_ID, serviceUrl: config.SALES_TEAMS_SERVICE_URL, tenantId: config.MicrosoftAppTenantId,
      agents: parseAgentList(config.SALES_AGENTS), marks: storedSalesChannelMarks(built.store.conversations, () => clock.now()),
    })
    : undefined;
  const webexSalesRoom = salesSpace === 'webex' && config.SALES_WEBEX_ROOM_ID && config.WEBEX_BOT_TOKEN
    ? { roomId: config.SALES_WEBEX_ROOM_ID, api: createWebexApi({ token: config.WEBEX_BOT_TOKEN, apiUrl: config.WEBEX_API_URL, logger }) }
    : undefined;
  const space = teamsSales ?? (webexSalesRoom ? createWebexSalesSpace(webexSalesRoom) : undefined);
  const desk = space && createSalesDesk({
    store: built.store, space, data: built.data, clock, ids, logger, allowList: parseAgentList(config.SALES_AGENTS),
    dispatch: (ev) => engine.dispatch(ev),
  });
  teamsSales?.setHandler((input) => desk?.handle(input) ?? Promise.resolve());
  const provisioner = createSimulatedProvisioner({ delayMs: config.PROVISIONING_DELAY_MS });
  const metrics = createMetrics({ handoffQueue: () => sales.queue(), now: () => clock.now(), footprint: () => footprint(), dependencies: () => health.snapshot() });
  const channelDesk = desk ?? sales;
  const core = createCore({ metrics: metrics.port,
    ...built, mailer, payments, provisioner, clock,
    sales: playgroundSales === sales ? channelDesk : routeSalesDesk((id) => id.startsWith('web.'), playgroundSales, channelDesk), logger, claimTimeoutMs: config.CLAIM_TIMEOUT_MS,
    draftTtlSeconds: config.DRAFT_TTL_DAYS * 86_400, defaultLocale: config.DEFAULT_LOCALE,
    outboxLeaseMs: config.OUTBOX_LEASE_MS, timerLeaseMs: config.TIMER_LEASE_MS, afterSave: crashAfterSave(config.UPGRADE_BOT_CRASH_AFTER_SAVE),
    codeLimits: {
      codesPerEmailPerHour: config.CODES_PER_EMAIL_PER_HOUR, codesPerConversationPerHour: config.CODES_PER_CONVERSATION_PER_HOUR,
      failuresPerEmailPerDay: config.CODE_FAILURES_PER_EMAIL_PER_DAY,
    },
    onCodeBlocked: (reason) => metrics.port.codeBlocked(reason),
  });
  const perMin = (n: number) => ({ capacity: n, perSecond: n / 60 });
  const guarded = guardTurns(core.engine, {
    maxMessageChars: config.MAX_MESSAGE_CHARS, perUser: perMin(config.RATE_LIMIT_USER_PER_MIN),
    perConversation: perMin(config.RATE_LIMIT_CONVERSATION_PER_MIN), defaultLocale: config.DEFAULT_LOCALE, logger, metrics: metrics.port,
  });
  // Each channel's sends tell whether it is up (Teams: its token endpoint and the Bot Connector).
  const engine = observeChannels(guarded, health);
  dispatch = (conversationId, id, event) => engine.dispatch({ id, conversationId, event });

  // Alive whatever is down; the detail says what is (states and error codes only).
  server.get('/healthz', (_req, res, next) => { res.send(200, { ok: true, dependencies: health.snapshot() }); next(); });
  // Ready means "send me traffic": without the store no channel can be served; a channel's own outage is not a reason.
  const checks: Record<string, HealthCheck> = { store: () => built.store.ping() };
  const ops = mountOpsRoutes(server, { metrics, checks, logger, ...(config.METRICS_TOKEN ? { metricsToken: config.METRICS_TOKEN } : {}) });
  payments.mount(server);
  // A single-tenant bot is its home tenant's unless TEAMS_TENANTS says otherwise.
  const tenants = config.TEAMS_TENANTS ?? (config.MicrosoftAppType === 'SingleTenant' && config.MicrosoftAppTenantId ? [config.MicrosoftAppTenantId] : undefined);
  const teams = createTeamsAdapter(
    { appId: config.MicrosoftAppId, appPassword: config.MicrosoftAppPassword, appType: config.MicrosoftAppType, tenantId: config.MicrosoftAppTenantId, maxBodyBytes: config.MAX_BODY_BYTES,
      ...(config.TEAMS_SERVICE_URL_HOSTS ? { serviceUrlHosts: config.TEAMS_SERVICE_URL_HOSTS } : {}), ...(tenants ? { tenants } : {}) },
    { engine, logger, records: built.store.records, ...(teamsSales ? { sales: teamsSales } : {}) },
  );
  engine.onForget((conversationId) => teams.forget(conversationId));
  if (config.exposure.teams) teams.mount(server);
  else logger.info({}, 'Teams endpoint off: set MicrosoftAppId (or TEAMS_EMULATOR=1 on a loopback HOST for the Bot Framework Emulator)');
  let webex: WebexAdapter | undefined;
  if (config.WEBEX_BOT_TOKEN && config.WEBEX_WEBHOOK_SECRET) {
    webex = createWebexAdapter({
      token: config.WEBEX_BOT_TOKEN, webhookSecret: config.WEBEX_WEBHOOK_SECRET, previousWebhookSecret: config.WEBEX_PREVIOUS_WEBHOOK_SECRET,
      apiUrl: config.WEBEX_API_URL, publicUrl: config.PUBLIC_URL,
      // A Webex call retries within its own budget, never waiting longer between tries than an outage's cap.
      retry: { maxDelayMs: Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, config.OUTAGE_RETRY_MAX_MS) },
      outageRetry: { minMs: config.OUTAGE_RETRY_MIN_MS, maxMs: config.OUTAGE_RETRY_MAX_MS }, startWaitMs: config.DEPENDENCY_START_WAIT_MS,
      spoolFile: join(config.DATA_DIR, 'webex-spool.json'), spoolMax: config.WEBEX_SPOOL_MAX,
    }, {
      engine, logger, links: storedPersonalLinks(built.store.records), now: () => clock.now(), late: lateDeliveries(core.engine, config.DEFAULT_LOCALE),
      onHealth: (up, err) => (up ? health.ok('webex') : health.failed('webex', err)),
      ...(desk && webexSalesRoom ? { sales: { roomId: webexSalesRoom.roomId, handle: desk.handle } } : {}),
    });
    health.report('webex', 'starting');
    webex.mount(server);
  }

  // The playground goes through the turn guard like every channel.
  const web = playground === 'off' ? undefined : await mountPlayground(server, {
    engine, payments, sales: playgroundSales, orders: built.store.orders, data: built.data, clock, logger,
    outboxDir: outboxDirOf(config), defaultLocale: config.DEFAULT_LOCALE, mode: playground,
    maxSessions: config.PLAYGROUND_MAX_SESSIONS, sessionIdleMs: config.PLAYGROUND_SESSION_IDLE_MS, ...(deps.wallClock ? { now: deps.wallClock } : {}),
  });

  /** Every in-memory structure that could grow with traffic, and its size (upgrade_bot_memory_entries, tests). */
  function footprint(): Footprint {
    return {
      ...engine.footprint(), ...(webex?.footprint() ?? {}), ...teams.footprint(),
      'sales.localCases': sales.size() + (playgroundSales === sales ? 0 : playgroundSales.size()), ...(web ? { 'playground.sessions': web.sessions() } : {}), 'payments.links': payments.size(), 'provisioning.started': provisioner.started.length,
    };
  }

  let sweeper: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;
  const sweep = (flush = false): Promise<void> => {
    sweeping ??= engine.sweep({ flush }).then(async () => { if (desk) { await desk.retryPosts(); await desk.reconcile(); } }).then(() => undefined, (err: unknown) => {
      // During a store outage every sweep fails: that was logged once as "dependency down".
      if (health.get('store')?.state === 'down') logger.debug({ err }, 'sweep failed: the store is down');
      else logger.error({ err }, 'sweep failed');
    })
      .finally(() => { sweeping = undefined; });
    return sweeping;
  };

  return {
    server, engine, core, sales, desk, payments, store: built.store, logger, metrics, footprint, health, webex,
    async start(): Promise<string> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', (err: NodeJS.ErrnoException) => reject(new Error(
          err.code === 'EADDRINUSE' ? `port ${config.PORT} is already in use: set PORT to a free port` : `cannot listen on ${config.HOST}:${config.PORT}: ${err.message}`,
          { cause: err })));
        server.listen(config.PORT, config.HOST, () => resolve());
      });
      const addr = server.address();
      const url = `http://localhost:${typeof addr === 'object' && addr ? addr.port : config.PORT}`;
      const { exposure } = config;
      logger.info({
        url, host: config.HOST, store: config.STORE, mail: config.SMTP_URL ? 'smtp' : 'outbox folder',
        mode: exposure.deployedBecause.length > 0 ? `deployment (${exposure.deployedBecause.join(', ')})` : 'local use',
        playground: exposure.playground, teams: exposure.teamsEmulator ? 'emulator (unauthenticated, loopback only)' : exposure.teams ? 'Bot Connector auth' : 'off',
        metrics: config.METRICS_TOKEN ? 'bearer token' : 'open',
        salesAgents: !desk ? 'the local desk' : config.SALES_AGENTS ? 'SALES_AGENTS' : 'every member of the Webex space',
      }, 'upgrade-bot listening');
      if (exposure.playground === 'on' && !isLoopbackHost(config.HOST)) {
        logger.warn({ host: config.HOST }, 'the playground (every tester panel, codes included) is reachable from other machines: HOST is not loopback');
      }
      if (exposure.deployedBecause.length > 0) {
        if (!desk) logger.warn({}, 'no sales space (SALES_WEBEX_ROOM_ID or SALES_SPACE=teams): handoff cases wait in the local desk, which nobody sees in a deployment');
        if (!config.METRICS_TOKEN) logger.warn({}, 'GET /metrics is open to anyone who reaches the server: set METRICS_TOKEN');
      }
      if (webex) await webex.start();
      else logger.info({}, 'Webex adapter off: set WEBEX_BOT_TOKEN and WEBEX_WEBHOOK_SECRET to turn it on');
      if (config.SWEEP_INTERVAL_MS > 0) sweeper = setInterval(() => void sweep(), config.SWEEP_INTERVAL_MS);
      return url;
    },
    /** Graceful: stop accepting, finish turns in flight (HTTP and queued webhooks), flush the outbox, close the store. */
    async stop(): Promise<void> {
      ops.drain();
      if (sweeper) clearInterval(sweeper);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      await engine.drain();
      if (webex) await webex.stop();
      await engine.drain();
      await sweeping;
      await sweep(true); // also writes the deferred "sent" marks, so the next process finds nothing to re-send
      server.server.closeIdleConnections(); // keep-alive sockets of the requests that just finished
      await closed;
      metrics.close();
      await built.store.close();
    },
  };
}
export type App = Awaited<ReturnType<typeof createApp>>;

import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Request, Response, Server } from 'restify';

/**
 * What the bot counts, as a small port: the turn guard (src/services/rate-limit.ts) reports turns, latency and
 * refusals; the engine may report conflict retries, failed deliveries and its outbox backlog through the optional
 * `metrics` of its config. Everything is optional to call; a no-op implementation is `noMetrics`.
 */
export interface TurnMetrics {
  turn(kind: 'user' | 'outside', outcome: 'ok' | 'duplicate' | 'error', seconds: number): void;
  /** An error by kind (an AppError code, an error name, "delivery", ...). */
  error(kind: string): void;
  /** A verification code refused by the code limits (services/code-limits.ts), or an address paused for wrong codes. */
  codeBlocked(reason: 'conversation' | 'email' | 'failures'): void;
  /** A retried operation: "conflict" (optimistic concurrency), "delivery" (outbox re-send), "channel" (HTTP retry). */
  retry(kind: string): void;
  /** Conversations with replies waiting in the outbox. */
  outboxBacklog(conversations: number): void;
  /** Input refused by a limit before it reached the engine, or by the engine (`not_owner`: see TurnOutcome.refused). */
  refused(reason: 'too_long' | 'rate_user' | 'rate_conversation' | 'not_owner'): void;
}

export const noMetrics: TurnMetrics = {
  turn: () => undefined, error: () => undefined, retry: () => undefined, outboxBacklog: () => undefined, refused: () => undefined,
  codeBlocked: () => undefined,
};

/** Entries a long-running structure holds in memory, by structure ("engine.locks": 0, ...): none may grow with traffic. */
export type Footprint = Record<string, number>;

export interface MetricsSources {
  /** Open handoff cases waiting for or talking to sales, and when each was opened (epoch ms). */
  handoffQueue?: () => { openedAt: number }[];
  /** The bot's clock, for the wait time of queued cases. */
  now?: () => number;
  /** In-memory structures and their sizes (upgrade_bot_memory_entries): caches and per-conversation state. */
  footprint?: () => Footprint;
  /** Each dependency's state (services/dependency-health.ts): upgrade_bot_dependency_up is 1 when it is up. */
  dependencies?: () => Record<string, { state: string }>;
}

/** Distinct values one free-form label (error and retry kinds) may take; later ones are counted as "other". */
export const MAX_KIND_LABELS = 32;

export interface Metrics {
  readonly registry: Registry;
  readonly port: TurnMetrics;
  /** Prometheus text exposition. */
  render(): Promise<{ contentType: string; body: string }>;
  /**
   * Empties the registry. prom-client's default metrics observe GC process-wide for ever, and through them the
   * registry and every source it was given (the app) would stay reachable after the app stops.
   */
  close(): void;
}

/** A registry of its own per app (tests start many apps in one process), with the process's default metrics. */
export function createMetrics(sources: MetricsSources = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'upgrade_bot_' });
  const registers = [registry];
  const turns = new Counter({ name: 'upgrade_bot_turns_total', help: 'Turns run, by kind and outcome', labelNames: ['kind', 'outcome'] as const, registers });
  const latency = new Histogram({
    name: 'upgrade_bot_turn_duration_seconds', help: 'Turn latency from input to replies handed to the channel',
    labelNames: ['kind'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers,
  });
  const errors = new Counter({ name: 'upgrade_bot_errors_total', help: 'Errors by kind', labelNames: ['kind'] as const, registers });
  const retries = new Counter({ name: 'upgrade_bot_retries_total', help: 'Retried operations by kind', labelNames: ['kind'] as const, registers });
  const refused = new Counter({ name: 'upgrade_bot_refused_total', help: 'Input refused by a limit', labelNames: ['reason'] as const, registers });
  const codesBlocked = new Counter({
    name: 'upgrade_bot_codes_blocked_total', help: 'Verification codes refused by the per-email and per-conversation limits, by reason',
    labelNames: ['reason'] as const, registers,
  });
  const backlog = new Gauge({ name: 'upgrade_bot_outbox_backlog', help: 'Conversations with undelivered replies in the outbox', registers });
  const now = sources.now ?? Date.now;
  const queue = sources.handoffQueue;
  new Gauge({
    name: 'upgrade_bot_handoff_queue_length', help: 'Open handoff cases at the sales desk', registers,
    collect() { if (queue) this.set(queue().length); },
  });
  new Gauge({
    name: 'upgrade_bot_handoff_oldest_wait_seconds', help: 'How long the oldest open handoff case has been open', registers,
    collect() {
      if (!queue) return;
      const oldest = Math.min(...queue().map((c) => c.openedAt));
      this.set(Number.isFinite(oldest) ? Math.max(0, (now() - oldest) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'upgrade_bot_memory_entries', help: 'Entries held in memory by each cache and per-conversation structure', labelNames: ['structure'] as const, registers,
    collect() { for (const [structure, n] of Object.entries(sources.footprint?.() ?? {})) this.set({ structure }, n); },
  });
  new Gauge({
    name: 'upgrade_bot_dependency_up', help: 'Whether each dependency (store, webex, teams, mail) answered last time (1) or not (0)',
    labelNames: ['dependency'] as const, registers,
    collect() { for (const [dependency, s] of Object.entries(sources.dependencies?.() ?? {})) this.set({ dependency }, s.state === 'up' ? 1 : 0); },
  });
  // Error kinds come from error names and codes: keep the label set bounded whatever is thrown (a label value is a
  // time series kept for the life of the process), both in shape and in number.
  const kinds = new Set<string>();
  const kind = (k: string): string => {
    if (!/^[A-Za-z_]{1,40}$/.test(k)) return 'other';
    if (!kinds.has(k)) {
      if (kinds.size >= MAX_KIND_LABELS) return 'other';
      kinds.add(k);
    }
    return k;
  };
  const port: TurnMetrics = {
    turn(k, outcome, seconds) { turns.inc({ kind: k, outcome }); latency.observe({ kind: k }, seconds); },
    error(k) { errors.inc({ kind: kind(k) }); },
    retry(k) { retries.inc({ kind: kind(k) }); },
    outboxBacklog(n) { backlog.set(n); },
    refused(reason) { refused.inc({ reason }); },
    codeBlocked(reason) { codesBlocked.inc({ reason }); },
  };
  return {
    registry, port,
    async render() { return { contentType: registry.contentType, body: await registry.metrics() }; },
    close() { registry.clear(); },
  };
}

export type HealthCheck = () => Promise<void>;

export interface OpsRoutes {
  /** From now on /readyz answers 503 (shutting down), so load balancers move traffic away. */
  drain(): void;
}

/**
 * GET /metrics (Prometheus text) and GET /readyz: 200 when every check passes, 503 naming the failing ones, and
 * 503 while draining. The checks are what every channel needs (the store): one channel's outage is not among them. Checks run with a timeout so a hung dependency cannot hang the probe.
 */
export function mountOpsRoutes(
  server: Server, o: {
    metrics: Metrics; checks: Record<string, HealthCheck>; timeoutMs?: number; logger: { warn(obj: object, msg: string): void };
    /** METRICS_TOKEN: when set, /metrics answers only `Authorization: Bearer <token>` (401 otherwise). */
    metricsToken?: string;
  },
): OpsRoutes {
  let draining = false;
  const timeoutMs = o.timeoutMs ?? 2_000;
  const within = (check: HealthCheck): Promise<void> => new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    check().then(() => { clearTimeout(t); resolve(); }, (err: unknown) => { clearTimeout(t); reject(err instanceof Error ? err : new Error(String(err))); });
  });
  const wanted = o.metricsToken === undefined ? undefined : digest(o.metricsToken);
  server.get('/metrics', async (req: Request, res: Response) => {
    if (wanted && !timingSafeEqual(digest(/^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '')?.[1]?.trim() ?? ''), wanted)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      res.send(401, { error: 'Unauthorized', message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' });
      return;
    }
    const { contentType, body } = await o.metrics.render();
    res.setHeader('content-type', contentType);
    res.sendRaw(200, body);
  });
  server.get('/readyz', async (_req: Request, res: Response) => {
    const names = Object.keys(o.checks);
    const results = await Promise.allSettled(names.map((n) => within(o.checks[n] ?? (async () => undefined))));
    const status: Record<string, string> = {};
    results.forEach((r, i) => { status[names[i] ?? String(i)] = r.status === 'fulfilled' ? 'ok' : 'down'; });
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ check: names[i], reason: String(r.reason) }] : []));
    if (failed.length > 0) o.logger.warn({ failed }, 'not ready');
    const ok = failed.length === 0 && !draining;
    res.send(ok ? 200 : 503, { ok, draining, checks: status });
  });
  return { drain() { draining = true; } };
}

/** Equal-length digests, so comparing them takes the same time whatever the token given. */
const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

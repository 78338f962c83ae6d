import type { ProductData } from '../domain/catalog.js';
import type { Locale } from '../domain/types.js';
import type { UpgradeMachine } from '../machines/upgrade.machine.js';
import type { UpgradeEvent } from '../machines/upgrade.types.js';
import type { TurnMetrics } from '../services/metrics.js';
import type { EffectServices } from './effects.js';
import type { Renderer } from './prompts/render.js';
import type { Snapshot } from './snapshot.js';
import type { Understand } from './understanding.types.js';

export interface TurnEngineLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface TurnEngineConfig {
  machine: UpgradeMachine;
  data: ProductData;
  understand: Understand;
  renderer: Renderer;
  services: EffectServices;
  logger: TurnEngineLogger;
  /** Redacts card numbers, codes and secrets from what is stored in transcripts. */
  redact: (text: string) => string;
  defaultLocale: Locale;
  /** Drafts expire this long after their last write (placed orders live in the order store). */
  draftTtlSeconds: number;
  /** Optimistic-concurrency retries of one turn. */
  maxConflictRetries?: number;
  /** Sees every event before the machine takes it (coverage in the transcript runner). */
  observe?: (before: Snapshot, event: UpgradeEvent) => void;
  /** Counts retries, failed deliveries and the outbox backlog (src/services/metrics.ts). */
  metrics?: TurnMetrics;
  /**
   * How long the writer of an outbox reply owns its sending (default 30 s). Other instances, the sweep and later
   * turns leave a reply alone while its lease lasts, so concurrent instances never send it twice; once it lapses
   * (the owner crashed or could not deliver) anyone may claim it with a conditional write and send it.
   */
  outboxLeaseMs?: number;
  /**
   * How long a sweep owns the timers it claims (default 60 s): no other sweep or instance fires them meanwhile.
   * A timer whose turn failed fires again once its lease lapses, so this is also the retry delay of a failed timer
   * turn; it must outlast the turns of one sweep's claimed batch, or a slow batch's last timers are fired twice
   * (harmless: the repeat has the same turn id and is dropped as a duplicate, but it costs a read).
   */
  timerLeaseMs?: number;
  /** Test hook: called after a turn's state write, before its replies are sent (crash tests kill the process here). */
  afterSave?: (conversationId: string) => void;
}

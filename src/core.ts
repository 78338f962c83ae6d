import type { Locale } from './domain/types.js';
import type { ProductData } from './domain/catalog.js';
import type { EffectServices } from './dialogs/effects.js';
import { createTurnEngine, type TurnEngineConfig, type TurnEngineLogger } from './dialogs/engine.js';
import { createRenderer } from './dialogs/prompts/render.js';
import { understand } from './dialogs/understanding/understand.js';
import { createUpgradeMachine } from './machines/upgrade.machine.js';
import type { DirectoryData } from './services/directory/index.js';
import { createSimulatedAccounts, createSimulatedSites } from './services/directory/index.js';
import { redactText } from './services/redact-text.js';
import { createCodeLimits, DEFAULT_CODE_LIMITS, type CodeBlockReason, type CodeLimitsConfig } from './services/code-limits.js';
import { createCodeDeriver, createCodeHasher } from './services/verification.js';

/** The services the effects use are given as they are; accounts and sites default to the simulated directory. */
export interface CoreOptions extends Pick<EffectServices, 'store' | 'mailer' | 'payments' | 'provisioner' | 'sales' | 'clock'>,
  Partial<Pick<EffectServices, 'accounts' | 'sites'>> {
  data: ProductData;
  directory: DirectoryData;
  logger: TurnEngineLogger;
  codeSecret: string;
  claimTimeoutMs: number;
  draftTtlSeconds: number;
  defaultLocale: Locale;
  observe?: TurnEngineConfig['observe'];
  metrics?: TurnEngineConfig['metrics'];
  outboxLeaseMs?: number;
  timerLeaseMs?: number;
  afterSave?: TurnEngineConfig['afterSave'];
  /** Codes per email and conversation, wrong codes per email (default DEFAULT_CODE_LIMITS). */
  codeLimits?: CodeLimitsConfig;
  /** Told of every code refused by those limits (counted in /metrics). */
  onCodeBlocked?: (reason: CodeBlockReason) => void;
}

/** The channel-free bot: machine, understanding, prompts and engine wired to the given services. */
export function createCore(o: CoreOptions) {
  const machine = createUpgradeMachine({ ...o.data, claimTimeoutMs: o.claimTimeoutMs });
  const hasher = createCodeHasher(o.codeSecret);
  const deriveCode = createCodeDeriver(o.codeSecret);
  const sites = o.sites ?? createSimulatedSites(o.directory, { records: o.store.records, holdSeconds: o.draftTtlSeconds });
  const codeLimits = createCodeLimits({
    limits: o.store.limits, clock: o.clock, secret: o.codeSecret, config: o.codeLimits ?? DEFAULT_CODE_LIMITS,
    ...(o.onCodeBlocked ? { onBlocked: o.onCodeBlocked } : {}),
  });
  const engine = createTurnEngine({
    machine, data: o.data, understand, renderer: createRenderer(o.data), logger: o.logger, redact: redactText,
    defaultLocale: o.defaultLocale, draftTtlSeconds: o.draftTtlSeconds, observe: o.observe,
    outboxLeaseMs: o.outboxLeaseMs, timerLeaseMs: o.timerLeaseMs, afterSave: o.afterSave, metrics: o.metrics,
    services: {
      store: o.store, accounts: o.accounts ?? createSimulatedAccounts(o.directory), sites, mailer: o.mailer, payments: o.payments,
      provisioner: o.provisioner, sales: o.sales, clock: o.clock, hashCode: (conv, code) => hasher(conv)(code), deriveCode, codeLimits,
    },
  });
  // "Forget me" reaches the mail and payment links the services hold for the conversation, wherever the core runs.
  const { mailer, payments } = o;
  if (mailer.forget) engine.onForget((conv) => mailer.forget?.(conv));
  if (payments.forget) engine.onForget((conv) => payments.forget?.(conv));
  return { machine, engine, sites };
}
export type Core = ReturnType<typeof createCore>;

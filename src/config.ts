import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const ms = z.coerce.number().int().nonnegative();
const optional = z.string().trim().optional().transform((v) => (v === '' ? undefined : v));
const list = optional.transform((v) => (v === undefined ? undefined : v.split(',').map((x) => x.trim()).filter(Boolean)));

/** The playground's setting: on, off, or on where it is refused by default (a deployment), knowingly. */
export const PLAYGROUND_INSECURE = 'insecure-on';


/** Every setting the bot reads, validated once at start; nothing else reads process.env. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3978),
  /** Default: 0.0.0.0 with channel credentials (a deployment), else 127.0.0.1 (local use reachable from this machine only). */
  HOST: optional,
  /** `production` makes the process a deployment (see exposureOf) whatever else is set. */
  NODE_ENV: optional,
  PUBLIC_URL: optional.pipe(z.string().url().optional()),
  DATA_DIR: z.string().default('.data'),
  PRODUCT_DATA_DIR: optional,
  STORE: z.enum(['file', 'memory', 'cosmos']).default('file'),
  COSMOS_ENDPOINT: optional.pipe(z.string().url().optional()),
  COSMOS_KEY: optional,
  COSMOS_DATABASE: z.string().default('upgrade-bot'),
  DRAFT_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  SMTP_URL: optional.pipe(z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional()),
  MAIL_FROM: z.string().default('Webex Upgrade <upgrade@localhost>'),
  CODE_SECRET: optional,
  PROVISIONING_DELAY_MS: ms.default(30_000),
  CLAIM_TIMEOUT_MS: ms.default(600_000),
  PAYMENT_LINK_TTL_MS: ms.default(3_600_000),
  SWEEP_INTERVAL_MS: ms.default(1_000),
  /** How long an instance owns the sending of a reply it wrote; after that any instance re-sends it. */
  OUTBOX_LEASE_MS: z.coerce.number().int().min(100).default(30_000),
  /** How long a sweep owns a due timer it claimed; a timer whose turn failed fires again after this. */
  TIMER_LEASE_MS: z.coerce.number().int().min(100).default(60_000),
  /** Debug only (crash tests): the process kills itself with SIGKILL after its n-th turn write, before the reply is sent. */
  UPGRADE_BOT_CRASH_AFTER_SAVE: z.coerce.number().int().positive().optional(),
  SHUTDOWN_TIMEOUT_MS: ms.default(10_000),
  /** A dependency that is down (Webex, Cosmos DB, the store behind queued Webex deliveries) is retried from this wait... */
  OUTAGE_RETRY_MIN_MS: z.coerce.number().int().min(1).default(1_000),
  /** ...doubling up to this one, for as long as it takes. */
  OUTAGE_RETRY_MAX_MS: z.coerce.number().int().min(1).default(60_000),
  /** How long start-up waits for Cosmos DB's or Webex's first answer before serving without it (retrying in the background). */
  DEPENDENCY_START_WAIT_MS: ms.default(5_000),
  /** Webex deliveries acknowledged but not yet answered (the store was down) kept in DATA_DIR/webex-spool.json at most. */
  WEBEX_SPOOL_MAX: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  MAX_MESSAGE_CHARS: z.coerce.number().int().min(100).max(100_000).default(4_000),
  MAX_BODY_BYTES: z.coerce.number().int().min(4_096).max(10_485_760).default(262_144),
  RATE_LIMIT_USER_PER_MIN: z.coerce.number().int().min(0).max(100_000).default(30),
  RATE_LIMIT_CONVERSATION_PER_MIN: z.coerce.number().int().min(0).max(100_000).default(60),
  /** Verification codes mailed to one address per hour, from all conversations and instances together. */
  CODES_PER_EMAIL_PER_HOUR: z.coerce.number().int().min(1).max(1_000).default(5),
  /** Verification codes mailed from one conversation per hour ("send a new code" included). */
  CODES_PER_CONVERSATION_PER_HOUR: z.coerce.number().int().min(1).max(1_000).default(3),
  /** Wrong codes typed for one address per day, from all conversations; then its codes pause until the oldest is a day old. */
  CODE_FAILURES_PER_EMAIL_PER_DAY: z.coerce.number().int().min(1).max(10_000).default(10),
  DEFAULT_LOCALE: z.enum(['en', 'ru']).default('en'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool.default(false),
  /**
   * The web playground at `/` (chat, tester panel, sales view). Default: on for local use, off in a deployment, where
   * `true` is refused and only `insecure-on` turns it on (see exposureOf).
   */
  PLAYGROUND: z.enum(['true', 'false', '1', '0', 'yes', 'no', PLAYGROUND_INSECURE]).optional(),
  /** Playground conversations held in memory at most; a new one beyond that is refused (503) unless an idle one can go. */
  PLAYGROUND_MAX_SESSIONS: z.coerce.number().int().min(1).max(100_000).default(100),
  /** A playground conversation nobody has used (and no page watches) this long is dropped from memory. */
  PLAYGROUND_SESSION_IDLE_MS: z.coerce.number().int().min(1_000).default(1_800_000),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: optional,
  /** Without MicrosoftAppId, mount the unauthenticated /api/messages (Bot Framework Emulator, tests): loopback HOST only. */
  TEAMS_EMULATOR: bool.default(false),
  /**
   * Hosts (`*.suffix` for subdomains) a Teams activity's serviceUrl may name with an app id; replies go nowhere else.
   * Default: DEFAULT_SERVICE_URL_HOSTS in src/adapters/teams/teams.access.ts (Bot Connector, public and government clouds).
   */
  TEAMS_SERVICE_URL_HOSTS: list,
  /** Tenant ids whose activities are accepted (`*`: any). Default: MicrosoftAppTenantId for a SingleTenant bot, else any. */
  TEAMS_TENANTS: list,
  /** Where sales works: a Webex space, a Teams channel, or the built-in local desk (default: webex when SALES_WEBEX_ROOM_ID is set). */
  SALES_SPACE: z.enum(['local', 'webex', 'teams']).optional(),
  SALES_WEBEX_ROOM_ID: optional,
  /** The Teams channel (19:...@thread.tacv2); without it, "@bot use this channel for sales" in a channel marks it. */
  SALES_TEAMS_CHANNEL_ID: optional,
  SALES_TEAMS_SERVICE_URL: z.string().url().default('https://smba.trafficmanager.net/teams/'),
  /** Who may claim and act on cases (emails, ids or `Name <email>`, comma-separated); default: members of the sales space. */
  SALES_AGENTS: optional,
  WEBEX_BOT_TOKEN: optional,
  WEBEX_WEBHOOK_SECRET: optional,
  WEBEX_PREVIOUS_WEBHOOK_SECRET: optional,
  WEBEX_API_URL: z.string().url().default('https://webexapis.com/v1'),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: optional,
  MicrosoftAppType: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
  MicrosoftAppTenantId: optional,
}).superRefine((c, ctx) => {
  if (c.STORE === 'cosmos' && !c.COSMOS_ENDPOINT) ctx.addIssue({ code: 'custom', path: ['COSMOS_ENDPOINT'], message: 'required when STORE=cosmos' });
  // Generated per data folder otherwise: instances sharing Cosmos would each hash codes with their own key, and a
  // code mailed by one would be refused by the next. Not kept in the store: it must not sit beside the hashes.
  if (c.STORE === 'cosmos' && !c.CODE_SECRET) ctx.addIssue({ code: 'custom', path: ['CODE_SECRET'], message: 'required when STORE=cosmos (the same on every instance)' });
  if (c.SALES_SPACE === 'webex' && !c.SALES_WEBEX_ROOM_ID) ctx.addIssue({ code: 'custom', path: ['SALES_WEBEX_ROOM_ID'], message: 'required when SALES_SPACE=webex' });
  if ((c.SALES_SPACE === 'webex' || (c.SALES_SPACE === undefined && c.SALES_WEBEX_ROOM_ID)) && !c.WEBEX_BOT_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['WEBEX_BOT_TOKEN'], message: 'required for a Webex sales space' });
  }
  if (c.OUTAGE_RETRY_MAX_MS < c.OUTAGE_RETRY_MIN_MS) ctx.addIssue({ code: 'custom', path: ['OUTAGE_RETRY_MAX_MS'], message: 'must not be less than OUTAGE_RETRY_MIN_MS' });
  if (c.WEBEX_BOT_TOKEN && !c.WEBEX_WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['WEBEX_WEBHOOK_SECRET'], message: 'required when WEBEX_BOT_TOKEN is set' });
  if (c.MicrosoftAppId && c.MicrosoftAppType === 'SingleTenant' && !c.MicrosoftAppTenantId) {
    ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'required for a SingleTenant bot' });
  }
  if (c.MicrosoftAppId && c.MicrosoftAppType !== 'UserAssignedMSI' && !c.MicrosoftAppPassword) {
    ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'required when MicrosoftAppId is set' });
  }
  const deployed = deploymentReasons(c);
  if (deployed.length > 0 && c.PLAYGROUND !== undefined && c.PLAYGROUND !== PLAYGROUND_INSECURE && isOn(c.PLAYGROUND)) {
    ctx.addIssue({ code: 'custom', path: ['PLAYGROUND'], message: `the playground has no sign-in and is off in a deployment (${deployed.join(', ')}); `
      + `set PLAYGROUND=${PLAYGROUND_INSECURE} to expose it anyway, or leave PLAYGROUND unset` });
  }
  if (c.TEAMS_EMULATOR && c.MicrosoftAppId) ctx.addIssue({ code: 'custom', path: ['TEAMS_EMULATOR'], message: 'emulator mode is for running without MicrosoftAppId' });
  if (c.TEAMS_EMULATOR && !isLoopbackHost(hostOf(c))) {
    ctx.addIssue({ code: 'custom', path: ['TEAMS_EMULATOR'], message: `emulator mode is unauthenticated: the server must listen on loopback (HOST=127.0.0.1), not ${hostOf(c)}` });
  }
  const teamsSales = c.SALES_SPACE === 'teams';
  if (teamsSales && !c.SALES_AGENTS) {
    ctx.addIssue({ code: 'custom', path: ['SALES_AGENTS'], message: 'required for a Teams sales space (everyone in a team can write in its channels)' });
  }
});
type Parsed = z.infer<typeof ConfigSchema>;
export type Config = Omit<Parsed, 'HOST'> & {
  HOST: string;
  /** What the settings expose, decided once here (see exposureOf). */
  exposure: Exposure;
};

/** What this process exposes: decided from the settings, logged at start and documented in the README. */
export interface Exposure {
  /** Why this is a deployment (a channel credential, STORE=cosmos, a public PUBLIC_URL, NODE_ENV=production); empty: local use. */
  deployedBecause: string[];
  /** off; on (local use: everything the tester panel offers); insecure (a deployment, PLAYGROUND=insecure-on: see the README). */
  playground: 'off' | 'on' | 'insecure';
  /** /api/messages without authentication (no MicrosoftAppId, TEAMS_EMULATOR, loopback HOST). */
  teamsEmulator: boolean;
  /** Whether /api/messages is mounted at all. */
  teams: boolean;
}

const isOn = (v: string): boolean => v === 'true' || v === '1' || v === 'yes' || v === PLAYGROUND_INSECURE;

/** 127.0.0.0/8, ::1 and localhost: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

type Settings = Pick<Parsed, 'WEBEX_BOT_TOKEN' | 'WEBEX_WEBHOOK_SECRET' | 'WEBEX_PREVIOUS_WEBHOOK_SECRET' | 'MicrosoftAppId' | 'MicrosoftAppPassword' | 'STORE' | 'PUBLIC_URL' | 'NODE_ENV'>;

function channelCredentials(c: Settings): string[] {
  return [
    c.WEBEX_BOT_TOKEN && 'WEBEX_BOT_TOKEN', c.WEBEX_WEBHOOK_SECRET && 'WEBEX_WEBHOOK_SECRET', c.WEBEX_PREVIOUS_WEBHOOK_SECRET && 'WEBEX_PREVIOUS_WEBHOOK_SECRET',
    c.MicrosoftAppId.trim() && 'MicrosoftAppId', c.MicrosoftAppPassword && 'MicrosoftAppPassword',
  ].filter((x): x is string => typeof x === 'string' && x !== '');
}

/** Why the settings describe a deployment rather than local use (empty: local use). */
export function deploymentReasons(c: Settings): string[] {
  const reasons = channelCredentials(c);
  if (c.STORE === 'cosmos') reasons.push('STORE=cosmos');
  // (Refinements also run on a PUBLIC_URL that failed its own check: that one is reported there.)
  if (c.PUBLIC_URL && URL.canParse(c.PUBLIC_URL) && !isLoopbackHost(new URL(c.PUBLIC_URL).hostname)) reasons.push('PUBLIC_URL is not loopback');
  if (c.NODE_ENV === 'production') reasons.push('NODE_ENV=production');
  return reasons;
}

/** HOST as given, else 0.0.0.0 with channel credentials (Webex and Teams must reach the bot) and loopback without. */
function hostOf(c: Settings & { HOST?: string | undefined }): string {
  return c.HOST ?? (channelCredentials(c).length > 0 ? '0.0.0.0' : '127.0.0.1');
}

/** What the settings expose; see the README's table of routes by mode. */
export function exposureOf(c: Parsed): Exposure {
  const deployedBecause = deploymentReasons(c);
  const playground = c.PLAYGROUND === PLAYGROUND_INSECURE ? (deployedBecause.length > 0 ? 'insecure' : 'on')
    : c.PLAYGROUND === undefined ? (deployedBecause.length > 0 ? 'off' : 'on')
      : isOn(c.PLAYGROUND) ? 'on' : 'off';
  const teamsEmulator = !c.MicrosoftAppId.trim() && c.TEAMS_EMULATOR && isLoopbackHost(hostOf(c));
  return { deployedBecause, playground, teamsEmulator, teams: Boolean(c.MicrosoftAppId.trim()) || teamsEmulator };
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; a bad value names the variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const r = ConfigSchema.safeParse(env);
  if (!r.success) throw new ConfigError(r.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`));
  return { ...r.data, HOST: hostOf(r.data), exposure: exposureOf(r.data) };
}

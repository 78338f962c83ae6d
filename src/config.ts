import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const ms = z.coerce.number().int().nonnegative();
const optional = z.string().trim().optional().transform((v) => (v === '' ? undefined : v));

/** Every setting the bot reads, validated once at start; nothing else reads process.env. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3978),
  HOST: z.string().default('0.0.0.0'),
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
  /** The web playground at `/` (chat, tester panel, sales view): on for local use, turn it off in production. */
  PLAYGROUND: bool.default(true),
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
  if (c.SALES_SPACE === 'webex' && !c.SALES_WEBEX_ROOM_ID) ctx.addIssue({ code: 'custom', path: ['SALES_WEBEX_ROOM_ID'], message: 'required when SALES_SPACE=webex' });
  if ((c.SALES_SPACE === 'webex' || (c.SALES_SPACE === undefined && c.SALES_WEBEX_ROOM_ID)) && !c.WEBEX_BOT_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['WEBEX_BOT_TOKEN'], message: 'required for a Webex sales space' });
  }
  if (c.WEBEX_BOT_TOKEN && !c.WEBEX_WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['WEBEX_WEBHOOK_SECRET'], message: 'required when WEBEX_BOT_TOKEN is set' });
  if (c.MicrosoftAppId && c.MicrosoftAppType === 'SingleTenant' && !c.MicrosoftAppTenantId) {
    ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'required for a SingleTenant bot' });
  }
  if (c.MicrosoftAppId && c.MicrosoftAppType !== 'UserAssignedMSI' && !c.MicrosoftAppPassword) {
    ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'required when MicrosoftAppId is set' });
  }
});
export type Config = z.infer<typeof ConfigSchema>;

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
  return r.data;
}

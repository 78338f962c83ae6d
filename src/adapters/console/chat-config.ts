import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { z } from 'zod';
import { loadConfig, type Config } from '../../config.js';
import type { Locale } from '../../domain/types.js';

/** What `npm run chat` runs with: the bot's config plus the console's own options. */
export interface ChatOptions {
  config: Config;
  locale: Locale;
  conversation: string;
  /**
   * The name was made up for this run (piped, no --conversation): it must start a new conversation, and the
   * session picks another name should one ever be taken.
   */
  fresh: boolean;
  /** Write the session as a `.chat` transcript here. */
  record?: string;
  /** Port of the local payment page; 0 picks a free one. */
  chatPort: number;
  /** LOG_LEVEL when set, else warn: info lines would drown the conversation. */
  logLevel: Config['LOG_LEVEL'];
  help: boolean;
}

export const CHAT_USAGE = `usage: npm run chat -- [--locale en|ru] [--data DIR] [--conversation NAME] [--record FILE.chat] [--help]
  --locale        the language to start in (default: from LC_ALL/LANG, else DEFAULT_LOCALE)
  --data          the data folder (DATA_DIR, default .data); conversations are kept there between runs
  --conversation  continue the conversation NAME, or start it if there is none
                  (default: in a terminal, your user name, continued from run to run;
                   with piped input, a new conversation every run)
  --record        also write the session as a .chat transcript (see TRANSCRIPTS.md)
  --help, -h      this text
commands while chatting: /pay, /decline, /help, /quit
environment: every setting of the bot (README), plus CHAT_PORT for the payment page (default: a free port)`;

export class ChatUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChatUsageError';
  }
}

const ChatEnvSchema = z.object({
  CHAT_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  LC_ALL: z.string().optional(),
  LANG: z.string().optional(),
  LOG_LEVEL: z.string().optional(),
});

const LOCALES: readonly Locale[] = ['en', 'ru'];
const isLocale = (v: string): v is Locale => (LOCALES as readonly string[]).includes(v);

function osUserName(): string {
  try {
    return userInfo().username || 'me';
  } catch (err) {
    // No passwd entry (some containers): any stable name will do.
    if (err instanceof Error) return 'me';
    throw err;
  }
}

/**
 * A conversation name no earlier run has used: the time to the millisecond (names sort by run) and 48 random
 * bits (two runs in the same millisecond). The session still checks the store and draws again if it is taken.
 */
export function freshConversationName(now = Date.now()): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-').replace('Z', '');
  return `piped-${stamp}-${randomBytes(6).toString('hex')}`;
}

/**
 * Reads argv and the environment once; the only place the console looks at process.env. `interactive` (a TTY)
 * decides the default conversation: a person at a terminal continues theirs, piped input starts a new one.
 */
export function loadChatOptions(argv: readonly string[], env: Record<string, string | undefined>, mode: { interactive: boolean }): ChatOptions {
  const flags = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--help' || a === '-h') { help = true; continue; }
    const m = /^--(locale|data|conversation|record)(?:=(.*))?$/.exec(a);
    if (!m) throw new ChatUsageError(`unknown option ${a}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '') throw new ChatUsageError(`--${m[1]} needs a value`);
    flags.set(m[1] ?? '', value);
  }
  const dataDir = flags.get('data');
  const config = loadConfig(dataDir ? { ...env, DATA_DIR: dataDir } : env);
  const chatEnv = ChatEnvSchema.safeParse(env);
  if (!chatEnv.success) throw new ChatUsageError(chatEnv.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const e = chatEnv.data;

  const asked = flags.get('locale');
  if (asked !== undefined && !isLocale(asked)) throw new ChatUsageError(`--locale must be en or ru, got ${asked}`);
  const envLang = e.LC_ALL || e.LANG || '';
  const locale: Locale = asked ?? (envLang.toLowerCase().startsWith('ru') ? 'ru' : config.DEFAULT_LOCALE);

  const record = flags.get('record');
  const given = flags.get('conversation');
  const fresh = given === undefined && !mode.interactive;
  return {
    config, locale, help, fresh,
    conversation: given ?? (mode.interactive ? osUserName() : freshConversationName()),
    ...(record ? { record } : {}),
    chatPort: e.CHAT_PORT,
    logLevel: e.LOG_LEVEL ? config.LOG_LEVEL : 'warn',
  };
}

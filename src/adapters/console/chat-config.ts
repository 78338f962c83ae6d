import { userInfo } from 'node:os';
import { z } from 'zod';
import { loadConfig, type Config } from '../../config.js';
import type { Locale } from '../../domain/types.js';

/** What `npm run chat` runs with: the bot's config plus the console's own options. */
export interface ChatOptions {
  config: Config;
  locale: Locale;
  conversation: string;
  /** Write the session as a `.chat` transcript here. */
  record?: string;
  /** Port of the local payment page; 0 picks a free one. */
  chatPort: number;
  /** LOG_LEVEL when set, else warn: info lines would drown the conversation. */
  logLevel: Config['LOG_LEVEL'];
  help: boolean;
}

export const CHAT_USAGE = `usage: npm run chat -- [--locale en|ru] [--data DIR] [--conversation NAME] [--record FILE.chat]
  --locale        the language to start in (default: from LC_ALL/LANG, else DEFAULT_LOCALE)
  --data          the data folder (DATA_DIR); the conversation survives a restart with the same folder
  --conversation  which conversation to continue or start (default: your user name)
  --record        also write the session as a .chat transcript (see TRANSCRIPTS.md)
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

/** Reads argv and the environment once; the only place the console looks at process.env. */
export function loadChatOptions(argv: readonly string[], env: Record<string, string | undefined>): ChatOptions {
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
  return {
    config, locale, help,
    conversation: flags.get('conversation') ?? osUserName(),
    ...(record ? { record } : {}),
    chatPort: e.CHAT_PORT,
    logLevel: e.LOG_LEVEL ? config.LOG_LEVEL : 'warn',
  };
}

/**
 * npm run webex:webhooks [-- list | repair]
 * Lists the bot's Webex webhooks (secrets masked) and, with `repair` (the default when PUBLIC_URL is set), makes
 * them the two the bot needs at PUBLIC_URL/api/webex: creates, re-targets, re-keys, re-activates, de-duplicates.
 * A command-line entry point, so it reads its own environment (the server reads it in src/config.ts).
 */
import { z } from 'zod';
import { createWebexApi } from '../src/adapters/webex/webex-api.js';
import { DEFAULT_WEBHOOK_NAME, ensureWebhooks } from '../src/adapters/webex/webex-webhooks.js';
import { WEBEX_DEFAULT_API_URL, WEBEX_WEBHOOK_PATH, type WebexLogger } from '../src/adapters/webex/webex.types.js';

const env = z.object({
  WEBEX_BOT_TOKEN: z.string().min(1, 'WEBEX_BOT_TOKEN is not set'),
  WEBEX_WEBHOOK_SECRET: z.string().optional(),
  WEBEX_API_URL: z.string().url().default(WEBEX_DEFAULT_API_URL),
  PUBLIC_URL: z.string().url().optional(),
}).safeParse(process.env);

const print: WebexLogger = {
  debug: () => undefined,
  info: (obj, msg) => console.log(msg ?? '', JSON.stringify(obj)),
  warn: (obj, msg) => console.warn(msg ?? '', JSON.stringify(obj)),
  error: (obj, msg) => console.error(msg ?? '', JSON.stringify(obj)),
};

async function main(): Promise<number> {
  if (!env.success) {
    console.error(env.error.issues.map((i) => i.message).join('\n'));
    return 2;
  }
  const cfg = env.data;
  const command = process.argv[2] ?? (cfg.PUBLIC_URL === undefined ? 'list' : 'repair');
  const api = createWebexApi({ token: cfg.WEBEX_BOT_TOKEN, apiUrl: cfg.WEBEX_API_URL, logger: print });
  const me = await api.me();
  console.log(`bot: ${me.displayName ?? '?'} <${(me.emails ?? []).join(', ')}>`);
  if (command === 'repair') {
    if (cfg.PUBLIC_URL === undefined || cfg.WEBEX_WEBHOOK_SECRET === undefined) {
      console.error('repair needs PUBLIC_URL and WEBEX_WEBHOOK_SECRET');
      return 2;
    }
    const targetUrl = `${cfg.PUBLIC_URL.replace(/\/+$/, '')}${WEBEX_WEBHOOK_PATH}`;
    const actions = await ensureWebhooks(api, { targetUrl, secret: cfg.WEBEX_WEBHOOK_SECRET, name: DEFAULT_WEBHOOK_NAME }, print);
    for (const a of actions) console.log(`${a.kind.padEnd(8)} ${a.resource} ${a.id}${'reason' in a ? ` (${a.reason})` : ''}`);
  } else if (command !== 'list') {
    console.error(`unknown command "${command}": use list or repair`);
    return 2;
  }
  const hooks = await api.listWebhooks();
  if (hooks.length === 0) console.log('no webhooks');
  for (const w of hooks) {
    const secret = w.secret === undefined ? 'no secret' : `secret …${w.secret.slice(-4)}`;
    console.log(`${(w.status ?? '?').padEnd(8)} ${w.resource}/${w.event} -> ${w.targetUrl} [${w.name}, ${secret}] ${w.id}`);
  }
  return 0;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});

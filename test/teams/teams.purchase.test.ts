import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { tokenFromUrl } from '../../src/services/payments/local-payments.js';
import { startTeamsCapture, type CapturedActivity, type TeamsCapture } from '../support/teams-capture.js';
import { fixture } from './harness.js';

/**
 * The whole purchase of transcript 01 in a Teams personal chat, through the real composition root: restify,
 * CloudAdapter in emulator mode, the real engine on the memory store, replies read back from the capture.
 */
type Json = Record<string, unknown>;

const CHAT = 'a:1e2e-purchase-chat';
let app: App | undefined;
let capture: TeamsCapture;
let endpoint: string;
let dataDir: string;
let seq = 0;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'teams-purchase-'));
  capture = await startTeamsCapture();
  capture.addMember({ id: 'jane-member', name: 'Jane Doe', aadObjectId: 'jane-aad', email: 'jane@acme.com' });
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', STORE: 'memory', DATA_DIR: dataDir, LOG_LEVEL: 'silent', TEAMS_EMULATOR: 'true',
    PROVISIONING_DELAY_MS: '0', SWEEP_INTERVAL_MS: '50', CODE_SECRET: 'teams-purchase-test-secret-0123456789abcdef',
  });
  const started = await createApp(config);
  app = started;
  endpoint = `${await started.start()}/api/messages`;
});

afterAll(async () => {
  await app?.stop();
  await capture.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function base(): Json {
  return fixture('personal-message', {
    id: `e2e-${++seq}`,
    serviceUrl: capture.url,
    from: { id: 'jane-member', name: 'Jane Doe', aadObjectId: 'jane-aad' },
    conversation: { conversationType: 'personal', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', id: CHAT },
  });
}

async function post(activity: Json): Promise<{ status: number; body: string }> {
  const before = capture.messages(CHAT).length;
  const res = await fetch(endpoint, { method: 'POST', body: JSON.stringify(activity), headers: { 'content-type': 'application/json' } });
  const body = await res.text();
  expect(res.status, body).toBe(200);
  expect(capture.messages(CHAT).length, `no reply to ${JSON.stringify(activity['text'] ?? activity['value'])}`).toBeGreaterThan(before);
  return { status: res.status, body };
}

const say = (text: string): Promise<unknown> => post({ ...base(), text });

function lastMessage(): CapturedActivity {
  const last = capture.messages(CHAT).at(-1);
  if (!last) throw new Error('no bot message yet');
  return last;
}

/** Everything the bot showed as text: message text, card text blocks and buttons. */
function shown(m: CapturedActivity | undefined): string {
  return m ? JSON.stringify(m.activity) : '';
}

/** Presses a button the way Teams sends it: a card button as Action.Submit, a suggested action as its text. */
async function press(label: string): Promise<void> {
  const recent = capture.messages(CHAT).slice(-3).reverse();
  for (const m of recent) {
    const suggested = (m.activity['suggestedActions'] as { actions?: { title: string; value: string }[] } | undefined)?.actions;
    const action = suggested?.find((a) => a.title.includes(label));
    if (action) {
      await say(action.value);
      return;
    }
    const match = new RegExp(`"title":"[^"]*${label}[^"]*","data":(\\{[^}]*\\})`).exec(JSON.stringify(m.activity));
    if (match?.[1]) {
      await post({ ...base(), text: undefined, replyToId: m.id, value: JSON.parse(match[1]) as Json });
      return;
    }
  }
  throw new Error(`no button "${label}" in ${recent.map(shown).join('\n')}`);
}

/** Fills a form card and presses its button as Teams does with Universal Actions: an adaptiveCard/action invoke. */
async function submitForm(form: string, fields: Record<string, string>): Promise<void> {
  const card = capture.messages(CHAT).reverse().find((m) => JSON.stringify(m.activity).includes(`"form":"${form}"`));
  if (!card) throw new Error(`no ${form} card`);
  const invoke = fixture('adaptive-card-action', {
    ...base(),
    type: 'invoke',
    name: 'adaptiveCard/action',
    text: undefined,
    replyToId: card.id,
    value: { action: { type: 'Action.Execute', title: 'Submit', verb: 'form', data: { form, ...fields } }, trigger: 'manual' },
  });
  const { body } = await post(invoke);
  const refreshed = JSON.parse(body) as { statusCode: number; value: Json };
  expect(refreshed.statusCode).toBe(200);
  const used = JSON.stringify(refreshed.value);
  expect(used).toContain('"isEnabled":false');
  expect(used).not.toContain('Input.Text');
  for (const value of Object.values(fields)) expect(used).toContain(value);
}

function mailedCode(): string {
  const dir = join(dataDir, 'outbox');
  const files = readdirSync(dir).sort();
  const text = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  if (!code) throw new Error('no code mailed');
  return code;
}

describe('a whole purchase in a Teams personal chat, through the real engine', () => {
  it('buys Suite annual for 25 people by text and buttons, pays, and is told when the site is ready', async () => {
    await say('I want to upgrade');
    await press('Suite');
    await say('annual');
    await say('25');
    await say('yes');
    expect(shown(lastMessage())).toMatch(/7,?800\.00/);
    await say('checkout');
    await say('jane@acme.com');
    await say(mailedCode());
    await say('100 Congress Ave, Austin, TX 78701, USA');
    expect(shown(lastMessage())).toMatch(/78701/);
    await say('yes');
    await say('same as billing');
    await submitForm('callingPlan', { newNumbers: '2', area: '512' });
    await say('yes');
    const payment = capture.messages(CHAT).map(shown).reverse().find((t) => /\/pay\/[A-Za-z0-9_-]+/.test(t)) ?? '';
    expect(payment).toMatch(/8,?287\.50/);
    const url = /(https?:\/\/[^\s")\]]*\/pay\/[A-Za-z0-9_-]+)/.exec(payment)?.[1] ?? '';
    const before = capture.messages(CHAT).length;
    if (!app) throw new Error('app not started');
    await app.payments.complete(tokenFromUrl(url), 'succeeded');
    await capture.waitFor(() => capture.messages(CHAT).length > before);
    await say('I accept');
    await capture.waitFor(() => capture.messages(CHAT).some((m) => shown(m).includes('acme.webex.com') && /ready|готов/i.test(shown(m))), 10_000);
  }, 30_000);
});

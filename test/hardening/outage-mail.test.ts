/**
 * SMTP down is the mail's outage only, through the real app over HTTP (Teams emulator, a local Bot Connector, a
 * real SMTP server in-process): with nothing listening at SMTP_URL the bot starts and stays ready, the buyer at the
 * email step is told to try again in a moment (nothing lost: still at that step), /healthz shows mail down; once an
 * SMTP server answers on that port, asking again mails the code, and mail is up.
 */
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamsCapture, type TeamsCapture } from '../support/teams-capture.js';
import { post, startApp, type RunningApp } from '../fuzz/app-support.js';

type Json = Record<string, unknown>;
const base = JSON.parse(readFileSync(new URL('../fixtures/teams/personal-message.json', import.meta.url), 'utf8')) as Json;

let teams: TeamsCapture;
let bot: RunningApp;
let port: number;
let smtp: SMTPServer | undefined;
const mailed: string[] = [];

beforeAll(async () => {
  // A free port nobody listens on until the SMTP server comes up on it.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  teams = await startTeamsCapture();
  bot = await startApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'bot@example.com', OUTBOX_LEASE_MS: '100' });
});
afterAll(async () => {
  await bot.close();
  await teams.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

let n = 0;
const CHAT = 'chat-smtp-down';
async function say(text: string): Promise<string> {
  const before = teams.messages(CHAT).length;
  const res = await post(`${bot.url}/api/messages`, JSON.stringify({
    ...base, id: `m-${++n}`, serviceUrl: teams.url, text, conversation: { ...(base.conversation as Json), id: CHAT },
  }), { 'content-type': 'application/json' });
  expect(res.status).toBe(200);
  await teams.waitFor(() => teams.messages(CHAT).length > before);
  return JSON.stringify(teams.messages(CHAT).slice(before));
}
const health = async (): Promise<Json> => (await (await fetch(`${bot.url}/healthz`)).json() as { dependencies: Json }).dependencies;

describe('SMTP down', () => {
  it('keeps the buyer at the email step and mails the code once SMTP answers', async () => {
    await say('meet monthly 10 no callback');
    await say('checkout');
    const failed = await say('jane@acme.com');
    expect(failed).toMatch(/try again/i);
    expect(failed).not.toMatch(/\b\d{6}\b/);
    expect(await health()).toMatchObject({ mail: { state: 'down' }, store: { state: 'up' } });
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);

    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'], authOptional: true, logger: false,
      onData(stream, _session, done) {
        let body = '';
        stream.on('data', (c: Buffer) => { body += c.toString(); });
        stream.on('end', () => { mailed.push(body); done(); });
      },
    });
    await new Promise<void>((resolve) => smtp!.listen(port, '127.0.0.1', () => resolve()));
    const sent = await say('jane@acme.com');
    expect(sent).toMatch(/code/i);
    expect(mailed).toHaveLength(1);
    expect(mailed[0]).toMatch(/\b\d{6}\b/);
    expect(await health()).toMatchObject({ mail: { state: 'up' } });
    // The second address was taken as the answer to the step still asked: the email step, not a new one.
    expect(sent).not.toMatch(/which plan/i);
  }, 30_000);
});

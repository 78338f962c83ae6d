/**
 * POST /api/messages over HTTP against createApp in emulator mode, replies read back from a local Bot Connector:
 * arbitrary JSON, mutated real activities, hostile text and card values. Never a 5xx for bad input (the one
 * exception is Bot Framework's 501 for an invoke the bot does not implement), never a crash.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamsCapture, type TeamsCapture } from '../support/teams-capture.js';
import { post, startApp, type RunningApp } from './app-support.js';
import { fuzzRuns, fuzzTimeout, hostileSubmit, hostileText, report, watchUnhandled } from './support.js';

type Json = Record<string, unknown>;
const fixture = (name: string): Json => JSON.parse(readFileSync(new URL(`../fixtures/teams/${name}.json`, import.meta.url), 'utf8')) as Json;
const FIXTURES = ['personal-message', 'personal-submit', 'adaptive-card-action', 'channel-mention', 'conversation-update-bot-added'].map(fixture);

let capture: TeamsCapture;
let bot: RunningApp;
let endpoint: string;
let seq = 0;

beforeAll(async () => {
  capture = await startTeamsCapture();
  bot = await startApp();
  endpoint = `${bot.url}/api/messages`;
});
afterAll(async () => { await bot.close(); await capture.close(); });

const FIELDS = ['type', 'id', 'text', 'value', 'from', 'conversation', 'recipient', 'channelId', 'serviceUrl', 'locale', 'name', 'entities', 'channelData', 'replyToId', 'attachments', 'membersAdded'];

/** A real activity (pointed at the capture, own ids) with fields replaced by anything, or dropped. */
const mutated = fc.tuple(
  fc.constantFrom(...FIXTURES),
  fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(fc.anything({ maxDepth: 2 }), hostileText(200), hostileSubmit, fc.constant(undefined)), { maxKeys: 3 }),
).map(([base, patch]) => {
  const id = `fz-${++seq}`;
  const a: Json = { ...base, id, serviceUrl: capture.url, conversation: { ...(base.conversation as Json), id: `a:fuzz-${seq % 50}` }, ...patch };
  return JSON.stringify(a);
});

const bodies = fc.oneof(
  mutated, mutated,
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 300 }),
  hostileText(300).map((text) => JSON.stringify({ ...FIXTURES[0], id: `fz-${++seq}`, serviceUrl: capture.url, text })),
  hostileSubmit.map((value) => JSON.stringify({ ...FIXTURES[1], id: `fz-${++seq}`, serviceUrl: capture.url, value })),
);

describe('fuzz: Teams activities over HTTP (emulator mode)', () => {
  it('arbitrary and mutated activities: never a 5xx for bad input, never a crash', async () => {
    const unhandled = watchUnhandled();
    const runs = fuzzRuns(250);
    const statuses = new Map<number, number>();
    await fc.assert(fc.asyncProperty(bodies, fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain'), async (body, ct) => {
      const res = await post(endpoint, body, { 'content-type': ct });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      let invoke = false;
      try { invoke = (JSON.parse(body) as Json | null)?.type === 'invoke'; } catch { invoke = false; }
      // 403: a serviceUrl the bot may not answer (not loopback in emulator mode).
      const allowed = invoke ? [200, 400, 403, 415, 501] : [200, 201, 202, 400, 403, 415];
      expect(allowed, `${res.status} ${res.text} for ${body.slice(0, 300)}`).toContain(res.status);
    }), { numRuns: runs });
    await bot.app.engine.drain();
    expect(unhandled()).toEqual([]);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    report(`teams activities HTTP (statuses ${JSON.stringify(Object.fromEntries(statuses))})`, runs);
  }, fuzzTimeout(250, 60));

  it('a body over the limit is refused with 413', async () => {
    const big = JSON.stringify({ ...FIXTURES[0], id: 'big', serviceUrl: capture.url, text: 'x'.repeat(400_000) });
    expect((await post(endpoint, big, { 'content-type': 'application/json' })).status).toBe(413);
  });
});

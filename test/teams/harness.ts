import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { createTeamsAdapter, type TeamsAdapter, type TeamsAdapterConfig } from '../../src/adapters/teams/teams.adapter.js';
import type { TeamsLogger } from '../../src/adapters/teams/teams.sender.js';
import type { TurnEngine } from '../../src/dialogs/engine.types.js';
import { startTeamsCapture, type TeamsCapture } from '../support/teams-capture.js';

type Json = Record<string, unknown>;

const FIXTURES = new URL('../fixtures/teams/', import.meta.url);

/** A recorded-shape Teams activity with fields replaced (serviceUrl is set to the capture when posted). */
export function fixture(name: string, patch: Json = {}): Json {
  const raw: unknown = JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8'));
  if (typeof raw !== 'object' || raw === null) throw new Error(`fixture ${name} is not an object`);
  return { ...(raw as Json), ...patch };
}

/** Recorded payloads point at Teams' own service; tests point them at the capture unless a test set its own. */
function serviceUrlFor(activity: Json, captureUrl: string): unknown {
  const given = activity['serviceUrl'];
  return given === undefined || (typeof given === 'string' && given.includes('smba.trafficmanager.net')) ? captureUrl : given;
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  msg: string;
  obj: object;
}

export interface Harness {
  capture: TeamsCapture;
  adapter: TeamsAdapter;
  logs: LogLine[];
  /** POSTs an activity to /api/messages (serviceUrl pointed at the capture unless given). */
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  postRaw(body: string, contentType: string): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startHarness(engine: TurnEngine, config: Partial<TeamsAdapterConfig> = {}): Promise<Harness> {
  const capture = await startTeamsCapture();
  const logs: LogLine[] = [];
  const logger: TeamsLogger = {
    info: (obj, msg = '') => logs.push({ level: 'info', msg, obj }),
    warn: (obj, msg = '') => logs.push({ level: 'warn', msg, obj }),
    error: (obj, msg = '') => logs.push({ level: 'error', msg, obj }),
  };
  const adapter = createTeamsAdapter({ appId: '', typingDelayMs: 150, typingIntervalMs: 200, ...config }, { engine, logger });
  const server = restify.createServer();
  adapter.mount(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}/api/messages`;

  async function send(body: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
    const res = await fetch(endpoint, { method: 'POST', body, headers });
    const text = await res.text();
    let parsed: unknown = text;
    if (text && (res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
    return { status: res.status, body: parsed };
  }

  return {
    capture,
    adapter,
    logs,
    post: (activity, headers = {}) => {
      const isObject = typeof activity === 'object' && activity !== null && !Array.isArray(activity);
      const body = isObject ? { ...(activity as Json), serviceUrl: serviceUrlFor(activity as Json, capture.url) } : activity;
      return send(JSON.stringify(body), { 'content-type': 'application/json', ...headers });
    },
    postRaw: (body, contentType) => send(body, { 'content-type': contentType }),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await capture.close();
    },
  };
}

/**
 * The real app (createApp on loadConfig, as `npm start` builds it) started with a given environment and probed from
 * outside over HTTP, for the tests of what each mode exposes. Only the settings given are set (plus a temp DATA_DIR,
 * a memory store unless given, a fixed code secret and a silent log), so the defaults under test are the real ones.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';

export interface ExposedApp {
  app: App;
  config: Config;
  /** http://127.0.0.1:<port> (or the host it listens on). */
  url: string;
  port: number;
  /** The address the server bound to. */
  address: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startExposed(
  env: Record<string, string>, opts: { dataDir?: string; keepDataDir?: boolean; wallClock?: () => number } = {},
): Promise<ExposedApp> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'exposure-'));
  const config = loadConfig({
    PORT: '0', STORE: 'memory', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SWEEP_INTERVAL_MS: '0',
    CODE_SECRET: 'exposure-test-secret-0123456789abcdef', ...env,
  });
  const app = await createApp(config, opts.wallClock ? { wallClock: opts.wallClock } : {});
  await app.start();
  const addr = app.server.address();
  if (typeof addr !== 'object' || addr === null) throw new Error('server has no address');
  const host = addr.family === 'IPv6' ? `[${addr.address === '::' ? '::1' : addr.address}]` : addr.address === '0.0.0.0' ? '127.0.0.1' : addr.address;
  return {
    app, config, url: `http://${host}:${addr.port}`, port: addr.port, address: addr.address, dataDir,
    async close() {
      await app.stop();
      if (!opts.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Answer { status: number; text: string; json: unknown }

/** One HTTP exchange; a refused connection is status 0. */
export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  try {
    const res = await fetch(url, init);
    const text = await res.text();
    let json: unknown;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, text, json };
  } catch (err) {
    return { status: 0, text: String(err), json: undefined };
  }
}

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
  call(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

/** The playground's API as its page uses it. */
export function playgroundClient(base: string) {
  const c = (key: string) => `${base}/playground/api/c/${key}`;
  return {
    say: (key: string, text: string) => postJson(`${c(key)}/message`, { text }),
    panel: (key: string) => call(`${c(key)}/panel`),
    transcript: (key: string) => call(`${c(key)}/transcript.chat`),
    /** The sales view as the page of `asKey` asks for it (the page sends its key; exposed, it sees only its cases). */
    sales: (asKey?: string) => call(`${base}/playground/api/sales`, { headers: asKey ? { 'x-playground-key': asKey } : {} }),
    claim: (caseId: string, asKey?: string) => postJson(`${base}/playground/api/sales/${caseId}/claim`, {}, asKey ? { 'x-playground-key': asKey } : {}),
    sayAsSales: (caseId: string, text: string, asKey?: string) =>
      postJson(`${base}/playground/api/sales/${caseId}/say`, { text }, asKey ? { 'x-playground-key': asKey } : {}),
  };
}

/** Polls `probe` until it gives a value (not undefined or false), or fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

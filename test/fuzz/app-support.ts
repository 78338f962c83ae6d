/** The real app (createApp) on a memory store in a temp folder, for the HTTP fuzzers and hardening tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Logger } from '../../src/services/logger.js';

export interface RunningApp {
  app: App;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startApp(env: Record<string, string> = {}, deps: { logger?: Logger } = {}): Promise<RunningApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hardening-'));
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', STORE: 'memory', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SWEEP_INTERVAL_MS: '0',
    CODE_SECRET: 'hardening-test-secret-0123456789abcdef', RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_CONVERSATION_PER_MIN: '0', PLAYGROUND: 'false', TEAMS_EMULATOR: 'true', ...env,
  });
  const app = await createApp(config, deps);
  const url = await app.start();
  return {
    app, url, dataDir,
    async close() { await app.stop(); rmSync(dataDir, { recursive: true, force: true }); },
  };
}

/** POST and read the whole answer; network errors are a status of 0. */
export async function post(url: string, body: string | Uint8Array, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    return { status: 0, text: String(err) };
  }
}

/**
 * Graceful shutdown of the real process: `node --import tsx src/main.ts`, a Teams turn in flight whose reply is
 * slow to deliver, SIGTERM in the middle. The turn finishes, its reply is delivered, new connections are refused,
 * and the process exits 0 within the deadline.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

type Json = Record<string, unknown>;
const ROOT = new URL('../../', import.meta.url).pathname;
const base = JSON.parse(readFileSync(new URL('../fixtures/teams/personal-message.json', import.meta.url), 'utf8')) as Json;
const sleep = (ms: number): Promise<void> => new Promise((r) => { setTimeout(r, ms); });

/** A Bot Connector that takes `delayMs` to accept each message the bot sends. */
async function slowConnector(delayMs: number): Promise<{ url: string; server: Server; received: Json[]; firstArrived: Promise<void> }> {
  const received: Json[] = [];
  let arrived: () => void = () => undefined;
  const firstArrived = new Promise<void>((r) => { arrived = r; });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST') { res.writeHead(404).end('{}'); return; }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Json;
      if (body.type !== 'message') { res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"t"}'); return; }
      arrived();
      setTimeout(() => {
        received.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `r${received.length}` }));
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server, received, firstArrived };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('graceful shutdown on SIGTERM', () => {
  it('finishes the turn in flight, delivers its reply, refuses new connections and exits 0 in time', async () => {
    const connector = await slowConnector(1_500);
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'shutdown-'));
    dirs.push(dataDir);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', STORE: 'file', DATA_DIR: dataDir, PLAYGROUND: 'false', TEAMS_EMULATOR: 'true',
        LOG_LEVEL: 'info', SWEEP_INTERVAL_MS: '200', SHUTDOWN_TIMEOUT_MS: '8000', CODE_SECRET: 'shutdown-test-secret-0123456789' },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      for (let i = 0; i < 1200 && !out.includes('upgrade-bot listening'); i++) await sleep(50);
      expect(out).toContain('upgrade-bot listening');

      const turn = fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...base, id: 'sigterm-1', serviceUrl: connector.url, text: 'I want to upgrade' }),
      });
      await connector.firstArrived; // the turn is saved and its reply is on its way: mid-turn
      const signalledAt = Date.now();
      child.kill('SIGTERM');
      await sleep(300);
      const late = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 'refused');
      expect(late).toBe('refused');

      const res = await turn;
      expect(res.status).toBe(200);
      const code = await exited;
      const tookMs = Date.now() - signalledAt;
      expect(code, out).toBe(0);
      expect(tookMs).toBeLessThan(8_000);
      expect(connector.received.some((a) => /plan/i.test(JSON.stringify(a)))).toBe(true);
      expect(out).toContain('shutting down');
      expect(out).toContain('stopped');
      console.info(`[shutdown] SIGTERM mid-turn: exit ${code} after ${tookMs} ms, reply delivered`);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      connector.server.closeAllConnections();
      connector.server.close();
    }
  }, 120_000);
});

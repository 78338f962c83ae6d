/**
 * 6. Start-up, as `npm start` runs the bot (node + tsx, file store, default settings): node start -> the
 * "listening" log line, and -> the first answered Teams message (reply received by the capture server).
 * Baseline: the restify floor server started the same way (node + tsx + restify, no bot).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTeamsCapture } from '../test/support/teams-capture.js';
import { freePort, ROOT, spawnTs } from './lib/proc.js';
import { median, type BenchResult } from './lib/report.js';

export async function benchStartup(o: { runs: number }): Promise<BenchResult> {
  const bench = '6 start-up';
  const capture = await startTeamsCapture();
  const listen: number[] = [];
  const first: number[] = [];
  const floor: number[] = [];
  const base = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/teams/personal-message.json'), 'utf8')) as Record<string, unknown>;
  try {
    for (let r = 0; r < o.runs; r++) {
      const t0 = performance.now();
      const f = spawnTs('bench/servers/floor-server.ts', { PORT: String(await freePort()) });
      await f.ready;
      floor.push(performance.now() - t0);
      await f.stop();

      const port = await freePort();
      const dataDir = mkdtempSync(join(tmpdir(), 'bench-start-'));
      const start = performance.now();
      const bot = spawnTs('src/main.ts', { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', TEAMS_EMULATOR: 'true' }, 'upgrade-bot listening');
      try {
        await bot.ready;
        listen.push(performance.now() - start);
        const before = capture.messages().length;
        const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...base, id: `start-${r}`, serviceUrl: capture.url, conversation: { conversationType: 'personal', id: `a:start-${r}` } }),
        });
        await res.text();
        await capture.waitFor(() => capture.messages().length > before, 10_000);
        first.push(performance.now() - start);
      } finally {
        await bot.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await capture.close();
  }
  const l = median(listen);
  const fl = median(floor);
  return {
    rows: [
      { bench, metric: 'node start -> listening', value: l, unit: 'ms', baseline: fl, ratio: l / fl, note: `median of ${o.runs}; baseline: restify floor under node + tsx` },
      { bench, metric: 'node start -> first answered message', value: median(first), unit: 'ms', note: 'Teams message, reply received by the capture server' },
    ],
  };
}

/** Only that each benchmark runs, at tiny sizes; the figures are `npm run bench`'s business. */
import { describe, expect, it } from 'vitest';
import { benchTeams, benchWebex } from '../../bench/http.js';
import { benchScale } from '../../bench/scale.js';
import { benchStartup } from '../../bench/startup.js';
import { benchStorage } from '../../bench/storage.js';
import { benchTurns } from '../../bench/turns.js';
import type { BenchResult } from '../../bench/lib/report.js';

const figures = (r: BenchResult) => {
  expect(r.rows.length).toBeGreaterThan(0);
  for (const row of r.rows) expect(Number.isFinite(row.value), `${row.bench}: ${row.metric}`).toBe(true);
};
const tiny = { connections: 2, seconds: 1, webexAmount: 16 };

describe('benchmarks run', () => {
  it('1 turn engine vs peer', async () => { figures(await benchTurns({ warmup: 1, perRound: 1, rounds: 1 })); }, 60_000);
  it('2 webex webhook path', async () => { figures(await benchWebex(tiny)); }, 120_000);
  it('3 teams path', async () => { figures(await benchTeams(tiny)); }, 120_000);
  it('4 storage', async () => { figures(await benchStorage({ buyers: 1, cosmos: true })); }, 60_000);
  it('5 scale', async () => { figures(await benchScale({ memory: [20, 40], file: [20], turns: 4 })); }, 120_000);
  it('6 start-up', async () => { figures(await benchStartup({ runs: 1 })); }, 120_000);
});

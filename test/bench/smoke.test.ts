/** Only that each benchmark runs, at tiny sizes; the figures are `npm run bench`'s business. */
import { describe, expect, it } from 'vitest';
import { benchTeams, benchWebex } from '../../bench/http.js';
import { benchHostileText } from '../../bench/hostile-text.js';
import { benchScale } from '../../bench/scale.js';
import { benchStartup } from '../../bench/startup.js';
import { benchStorage } from '../../bench/storage.js';
import { benchTurns } from '../../bench/turns.js';
import type { BenchResult } from '../../bench/lib/report.js';

const figures = (r: BenchResult) => {
  expect(r.rows.length).toBeGreaterThan(0);
  for (const row of r.rows) expect(Number.isFinite(row.value), `${row.bench}: ${row.metric}`).toBe(true);
};
const tiny = { connections: 2, seconds: 1, webexAmount: 16, webexWarmup: 16 };
/** The row of `metric` (exact name), which must be there with a positive value. */
const positive = (r: BenchResult, metric: string): number => {
  const row = r.rows.find((x) => x.metric === metric);
  expect(row, metric).toBeDefined();
  expect(row?.value, metric).toBeGreaterThan(0);
  return row?.value ?? 0;
};

describe('benchmarks run', () => {
  it('7 hostile text: a ratio for every input, redaction and understanding', async () => {
    const r = await benchHostileText({ n: 200, runs: 1 });
    figures(r);
    expect(r.rows.map((x) => x.metric.split(',')[0])).toEqual(expect.arrayContaining(['redaction', 'understanding']));
    for (const row of r.rows) expect(row.ratio, row.metric).toBeGreaterThan(0);
  }, 60_000);
  it('1 turn engine vs peer', async () => { figures(await benchTurns({ warmup: 1, perRound: 1, rounds: 1 })); }, 60_000);
  it('2 webex webhook path, with the echo bot as the protocol ceiling', async () => {
    const r = await benchWebex(tiny);
    figures(r);
    const echo = positive(r, 'echo bot end-to-end messages/s (Webex protocol ceiling)');
    positive(r, 'echo bot CPU per message (all threads)');
    const vsEcho = r.rows.find((x) => x.metric === 'bot end-to-end vs the echo bot ceiling');
    expect(vsEcho?.baseline).toBe(echo);
    expect(vsEcho?.ratio).toBeGreaterThan(0);
    positive(r, 'bot CPU per turn vs echo bot CPU per message');
    positive(r, 'load side (this process) CPU per message, echo bot run');
  }, 120_000);
  it('3 teams path, with the botbuilder and plain echoes as protocol ceilings', async () => {
    const r = await benchTeams(tiny);
    figures(r);
    const echo = positive(r, 'botbuilder echo requests/s (Teams protocol ceiling)');
    positive(r, 'botbuilder echo CPU per request (all threads)');
    const raw = positive(r, 'echo without botbuilder (restify + undici) requests/s');
    positive(r, 'echo without botbuilder CPU per request (all threads)');
    expect(r.rows.find((x) => x.metric === 'bot end-to-end vs the botbuilder echo ceiling')?.baseline).toBe(echo);
    expect(r.rows.find((x) => x.metric === 'bot end-to-end vs the echo without botbuilder ceiling')?.baseline).toBe(raw);
    positive(r, 'botbuilder echo vs echo without botbuilder');
    positive(r, 'bot CPU per turn vs botbuilder echo CPU per request');
  }, 120_000);
  it('4 storage', async () => { figures(await benchStorage({ buyers: 1, cosmos: true })); }, 60_000);
  it('5 scale', async () => { figures(await benchScale({ memory: [20, 40], file: [20], turns: 4 })); }, 120_000);
  it('6 start-up', async () => { figures(await benchStartup({ runs: 1 })); }, 120_000);
});

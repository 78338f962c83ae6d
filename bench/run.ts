/**
 * `npm run bench`: every benchmark in one run, one table, and the same as JSON in bench/results/latest.json.
 * `--quick` runs tiny sizes (what test/bench/smoke.test.ts checks); `--only=1,4` picks benchmarks.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { benchTeams, benchWebex } from './http.js';
import { ROOT } from './lib/proc.js';
import { machine, table, type BenchResult, type Row } from './lib/report.js';
import { benchScale } from './scale.js';
import { benchStartup } from './startup.js';
import { benchHostileText } from './hostile-text.js';
import { benchStorage } from './storage.js';
import { benchTurns } from './turns.js';

export interface RunOptions { quick: boolean; only?: Set<string>; out?: string }

export async function runAll(o: RunOptions): Promise<{ rows: Row[]; json: Record<string, unknown> }> {
  const q = o.quick;
  const http = q ? { connections: 4, seconds: 1, webexAmount: 40, webexWarmup: 40 } : { connections: 32, seconds: 8, webexAmount: 1200, webexWarmup: 1200 };
  const benches: [string, () => Promise<BenchResult>][] = [
    ['1', () => benchTurns(q ? { warmup: 2, perRound: 2, rounds: 1 } : { warmup: 60, perRound: 60, rounds: 5 })],
    ['2', () => benchWebex(http)],
    ['3', () => benchTeams(http)],
    ['4', () => benchStorage(q ? { buyers: 1, cosmos: true } : { buyers: 50, cosmos: true })],
    ['5', () => benchScale(q ? { memory: [50, 100], file: [50], turns: 10 } : { memory: [1_000, 10_000, 100_000], file: [1_000, 2_000], turns: 300 })],
    ['6', () => benchStartup({ runs: q ? 1 : 3 })],
    ['7', () => benchHostileText(q ? { n: 1_000, runs: 1 } : { n: 10_000, runs: 5 })],
  ];
  const rows: Row[] = [];
  const timings: Record<string, number> = {};
  const loadBefore = loadavg();
  const started = Date.now();
  for (const [id, run] of benches) {
    if (o.only && !o.only.has(id)) continue;
    const t = Date.now();
    const r = await run();
    timings[id] = (Date.now() - t) / 1000;
    rows.push(...r.rows);
    process.stderr.write(`bench ${id} done in ${timings[id]?.toFixed(1)}s\n`);
  }
  const json = {
    machine: machine(), loadAverage: { before: loadBefore, after: loadavg() }, quick: q, startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000, secondsPerBench: timings, rows,
  };
  return { rows, json };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const onlyArg = args.find((a) => a.startsWith('--only='));
  const only = onlyArg ? new Set(onlyArg.slice(7).split(',')) : undefined;
  const quick = args.includes('--quick');
  const { rows, json } = await runAll({ quick, ...(only ? { only } : {}) });
  const m = json.machine as ReturnType<typeof machine>;
  const la = json.loadAverage as { before: number[]; after: number[] };
  process.stdout.write(`\nupgrade-bot benchmarks: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; `
    + `load average ${la.before[0]?.toFixed(1)} before, ${la.after[0]?.toFixed(1)} after; ${(json.seconds as number).toFixed(0)}s${quick ? ' (quick sizes)' : ''}\n\n`);
  process.stdout.write(`${table(rows)}\n`);
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, quick ? 'quick.json' : 'latest.json');
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\nwritten to ${file}\n`);
}

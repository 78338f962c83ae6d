/**
 * Profiles the turn: runs purchases on the in-process engine in a child `node --cpu-prof`, then prints the
 * functions with the most self time and the most inclusive time. `npx tsx bench/profile-turn.ts [purchases]`;
 * the .cpuprofile stays in <tmpdir>/upgrade-bot-prof/ (open it in Chrome DevTools or speedscope).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/proc.js';
import { createBenchWorld, runPurchase } from './lib/world.js';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
export interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** `skipMs`: leave out the samples of the first milliseconds of the profile (start-up of a server, say). */
export function summariseProfile(p: Profile, top = 20, skipMs = 0): { self: [string, number][]; inclusive: [string, number][] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let total = 0;
  let at = 0;
  p.samples.forEach((id, i) => {
    const d = p.timeDeltas[i] ?? 0;
    at += d;
    if (at < skipMs * 1000) return;
    total += d;
    const node = byId.get(id);
    if (node === undefined) return;
    self.set(key(node), (self.get(key(node)) ?? 0) + d);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (n === undefined) break;
      const k = key(n);
      if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + d); }
    }
  });
  const rank = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => [k, (100 * v) / total]);
  return { self: rank(self), inclusive: rank(incl) };
}

const purchases = Number(process.argv[2] ?? 400);
if (process.env.BENCH_PROFILE_CHILD === '1') {
  const world = await createBenchWorld();
  for (let n = 1; n <= purchases; n++) await runPurchase(world, n);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = join(tmpdir(), 'upgrade-bot-prof');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', 'bench/profile-turn.ts', String(purchases)], {
    cwd: ROOT, env: { ...process.env, BENCH_PROFILE_CHILD: '1' }, stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`profiled run failed (${r.status})`);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error('no .cpuprofile written');
  const s = summariseProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile, 25);
  process.stdout.write(`${purchases} purchases (${purchases * 16} turns), ${join(dir, file)}\n\nself time\n`);
  for (const [k, v] of s.self) process.stdout.write(`${v.toFixed(1).padStart(5)}%  ${k}\n`);
  process.stdout.write('\ninclusive time\n');
  for (const [k, v] of s.inclusive) process.stdout.write(`${v.toFixed(1).padStart(5)}%  ${k}\n`);
}

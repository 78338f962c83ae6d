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

/** Where a frame's code lives: a package under node_modules, a folder of src/, a Node internal area, or native. */
function ownerOf(url: string): string {
  if (url === '') return '(native)';
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] ?? url;
  const own = /\/(src\/[^/]+(\/[^/.]+)?)/.exec(url);
  if (own) return own[1] ?? url;
  return url.startsWith('node:') ? 'node (internals)' : url;
}

/**
 * Busy time (idle left out) by owner: each sample goes to the innermost frame that is project or package code, so
 * Node internals and native calls count for whoever called them (a socket write for the HTTP client that asked).
 */
export function summariseByOwner(p: Profile, skipMs = 0, top = 20): [string, number][] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owners = new Map<string, number>();
  let total = 0;
  let at = 0;
  p.samples.forEach((id, i) => {
    const d = p.timeDeltas[i] ?? 0;
    at += d;
    const leaf = byId.get(id);
    if (at < skipMs * 1000 || leaf === undefined || leaf.callFrame.functionName === '(idle)') return;
    total += d;
    let owner = ['(garbage collector)', '(program)'].includes(leaf.callFrame.functionName) ? leaf.callFrame.functionName : ownerOf(leaf.callFrame.url);
    for (let cur: number | undefined = id; cur !== undefined && (owner === '(native)' || owner === 'node (internals)'); cur = parent.get(cur)) {
      const o = ownerOf(byId.get(cur)?.callFrame.url ?? '');
      if (o !== '(native)' && o !== 'node (internals)') owner = o;
    }
    owners.set(owner, (owners.get(owner) ?? 0) + d);
  });
  return [...owners].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => [k, (100 * v) / total]);
}

const purchases = Number(process.argv[2] ?? 400);
if (process.env.BENCH_PROFILE_CHILD === '1') {
  const world = await createBenchWorld();
  await runPurchase(world, 0); // warm-up, left out of the summary (see LOOP_MS)
  const t = performance.now();
  for (let n = 1; n <= purchases; n++) await runPurchase(world, n);
  process.stdout.write(`LOOP_MS ${performance.now() - t}\n`);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = join(tmpdir(), 'upgrade-bot-prof');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', 'bench/profile-turn.ts', String(purchases)], {
    cwd: ROOT, env: { ...process.env, BENCH_PROFILE_CHILD: '1' }, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`profiled run failed (${r.status})`);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error('no .cpuprofile written');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
  // Start-up and the warm-up purchase are left out: the measured loop is the end of the profile.
  const loopMs = Number(/LOOP_MS ([\d.]+)/.exec(r.stdout)?.[1] ?? 0);
  const profileMs = profile.timeDeltas.reduce((a, b) => a + b, 0) / 1000;
  const skipMs = Math.max(0, profileMs - loopMs);
  const s = summariseProfile(profile, 25, skipMs);
  process.stdout.write(`${purchases} purchases (${purchases * 16} turns), ${join(dir, file)}\n\nself time\n`);
  for (const [k, v] of s.self) process.stdout.write(`${v.toFixed(1).padStart(5)}%  ${k}\n`);
  process.stdout.write('\ninclusive time\n');
  for (const [k, v] of s.inclusive) process.stdout.write(`${v.toFixed(1).padStart(5)}%  ${k}\n`);
  process.stdout.write('\nbusy time by owner (package or src folder; Node internals count for their caller)\n');
  for (const [k, v] of summariseByOwner(profile, skipMs)) process.stdout.write(`${v.toFixed(1).padStart(5)}%  ${k}\n`);
}

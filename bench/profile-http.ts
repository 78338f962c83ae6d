/**
 * Profiles the HTTP path: the bot (bench/servers/bot-server.ts, memory store) in a child `node --cpu-prof`, Teams
 * activities to /api/messages (replies to the local capture server) from this process, one conversation per
 * connection at a time, then prints per-request latency and the functions with the most self and inclusive time.
 * `npx tsx bench/profile-http.ts [connections] [seconds]`; the .cpuprofile stays in <tmpdir>/upgrade-bot-prof-http/.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTeamsCapture } from '../test/support/teams-capture.js';
import { HTTP_SCRIPT } from './lib/purchase.js';
import { freePort, ROOT, spawnTs } from './lib/proc.js';
import { summariseByOwner, summariseProfile, type Profile } from './profile-turn.js';
import { summary } from './lib/report.js';

const connections = Number(process.argv[2] ?? 1);
const seconds = Number(process.argv[3] ?? 8);
/** `--no-prof`: the same load without the profiler (its overhead is large on the main thread). */
const profile = !process.argv.includes('--no-prof');
const dir = join(tmpdir(), 'upgrade-bot-prof-http');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const capture = await startTeamsCapture();
const port = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'bench-bot-'));
const spawnedAt = performance.now();
const bot = spawnTs('bench/servers/bot-server.ts', {
  PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, STORE: 'memory', DATA_DIR: dataDir, TEAMS_EMULATOR: 'true',
  LOG_LEVEL: 'silent', CODE_SECRET: 'bench-code-secret-0123456789abcdef',
}, 'READY ', profile ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []);
const url = await bot.ready;
const pid = bot.child.pid ?? 0;
/** CPU time of the bot process so far, ms (utime + stime from /proc, clock ticks of 10 ms). */
const cpuOf = (stat: string): number => {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
const cpuMs = (): number => cpuOf(readFileSync(`/proc/${pid}/stat`, 'utf8'));
/** CPU ms per thread name (main thread, libuv pool, V8 workers, GC helpers). */
const threads = (): Map<string, number> => {
  const m = new Map<string, number>();
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
    const name = `${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}#${t}`;
    m.set(name, cpuOf(stat));
  }
  return m;
};
const base = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/teams/personal-message.json'), 'utf8')) as Record<string, unknown>;
let made = 0;
let seq = 0;
const latencies: number[] = [];
async function conversation(end: number): Promise<void> {
  while (performance.now() < end) {
    const k = ++made;
    capture.addMember({ id: `29:prof-user-${k}`, name: `Buyer ${k}`, aadObjectId: `aad-${k}`, email: `buyer${k}@example.com` });
    for (const text of HTTP_SCRIPT) {
      const body = JSON.stringify({
        ...base, id: `prof-${++seq}`, text, serviceUrl: capture.url, timestamp: new Date().toISOString(),
        attachments: [{ contentType: 'text/html', content: `<p>${text}</p>` }],
        from: { id: `29:prof-user-${k}`, name: `Buyer ${k}`, aadObjectId: `aad-${k}` },
        conversation: { conversationType: 'personal', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', id: `a:prof-chat-${k}` },
      });
      const t = performance.now();
      const res = await fetch(`${url}/api/messages`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
    }
  }
}
await conversation(performance.now() + 1000); // warm-up, left out of the figures and the profile
latencies.length = 0;
const warmedMs = performance.now() - spawnedAt;
const cpu0 = cpuMs();
const th0 = threads();
const end = performance.now() + seconds * 1000;
await Promise.all(Array.from({ length: connections }, () => conversation(end)));
const cpu = cpuMs() - cpu0;
const byThread = [...threads()].map(([k, v]) => [k, v - (th0.get(k) ?? 0)] as const).filter(([, v]) => v > 0);
await bot.stop();
await capture.close();
rmSync(dataDir, { recursive: true, force: true });
const s = summary(latencies);
process.stdout.write(`${connections} connections, ${s.n} turns in ${seconds}s (${(s.n / seconds).toFixed(0)}/s): p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms; bot CPU ${(cpu / s.n).toFixed(2)} ms per turn\n`);
process.stdout.write(`bot CPU by thread (ms): ${byThread.map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
if (!profile) process.exit(0);
const file = readdirSync(dir).find((f) => f.endsWith('.001.cpuprofile'));
if (file === undefined) throw new Error('no .cpuprofile written');
const p = summariseProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile, 30, warmedMs - 200);
process.stdout.write(`${join(dir, file)}\n\nself time\n`);
for (const [k, v] of p.self) process.stdout.write(`${v.toFixed(1).padStart(5)}%  ${k}\n`);
process.stdout.write('\ninclusive time\n');
for (const [k, v] of p.inclusive) process.stdout.write(`${v.toFixed(1).padStart(5)}%  ${k}\n`);
process.stdout.write('\nbusy time by owner (package or src folder; Node internals count for their caller)\n');
for (const [k, v] of summariseByOwner(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile, warmedMs - 200)) process.stdout.write(`${v.toFixed(1).padStart(5)}%  ${k}\n`);

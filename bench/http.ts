/**
 * 2 and 3. The bot over HTTP vs the HTTP floor, load from this process (autocannon) while the bot runs in a
 * child process started like `npm start` (createApp, memory store). The local Webex API and the Teams capture
 * server run in this process too, so the bot's process only does the bot's work.
 *
 * Webex: signed webhook -> signature check -> GET /messages/{id} (local API) -> turn -> store write ->
 * POST /messages (local API). The adapter answers 200 before the turn, so completion is measured apart: a turn
 * is complete when the local API has received all of its replies (the reply count per turn is calibrated on
 * one conversation first). Teams: /api/messages answers after the turn, with replies already posted.
 */
import autocannon, { type AutocannonRequest, type AutocannonResult } from 'autocannon';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signWebexBody } from '../src/adapters/webex/webex-signature.js';
import { FakeWebexApi, webexId, type Person, type Room, type StoredMessage } from '../test/support/fake-webex-api.js';
import { startTeamsCapture, type TeamsCapture } from '../test/support/teams-capture.js';
import { HTTP_SCRIPT } from './lib/purchase.js';
import { cpuMsOf, freePort, rssOf, ROOT, spawnTs, type Child } from './lib/proc.js';
import { summary, type BenchResult, type Row } from './lib/report.js';

export interface HttpOptions {
  /** Concurrent connections (each drives its own conversations, one request at a time). */
  connections: number;
  /** Seconds of the floor, Teams peak and half-peak runs. */
  seconds: number;
  /** Webhooks sent in the Webex peak run (the backlog is then drained and timed). */
  webexAmount: number;
}

const SECRET = 'bench-webhook-secret-0123456789abcdef';
type Json = Record<string, unknown>;
const fixture = (path: string): Json => JSON.parse(readFileSync(join(ROOT, 'test/fixtures', path), 'utf8')) as Json;

async function startBot(env: Record<string, string>): Promise<{ bot: Child; url: string; dataDir: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-bot-'));
  const bot = spawnTs('bench/servers/bot-server.ts', {
    PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, STORE: 'memory', DATA_DIR: dataDir,
    LOG_LEVEL: 'silent', CODE_SECRET: 'bench-code-secret-0123456789abcdef', ...env,
  }, 'READY ', profileArgs());
  return { bot, url: await bot.ready, dataDir };
}

/** BENCH_CPU_PROF_DIR=<dir>: the bot runs under `node --cpu-prof` and leaves its profile there (see README). */
function profileArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  return dir === undefined || dir === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

async function startFloor(): Promise<{ floor: Child; url: string }> {
  const floor = spawnTs('bench/servers/floor-server.ts', { PORT: String(await freePort()) });
  return { floor, url: await floor.ready };
}

function load(url: string, connections: number, next: () => AutocannonRequest, o: { seconds?: number; amount?: number; rate?: number }): Promise<AutocannonResult> {
  return autocannon({
    url, connections, timeout: 30,
    ...(o.amount !== undefined ? { amount: o.amount } : { duration: o.seconds ?? 5 }),
    ...(o.rate !== undefined ? { overallRate: o.rate } : {}),
    requests: [{ method: 'POST', setupRequest: () => next() }],
  });
}

function loadRows(bench: string, label: string, r: AutocannonResult, floor?: AutocannonResult): Row[] {
  const rps = r['2xx'] / r.duration;
  const rows: Row[] = [
    { bench, metric: `${label} requests/s (2xx)`, value: rps, unit: 'req/s', ...(floor ? { baseline: floor['2xx'] / floor.duration, ratio: rps / (floor['2xx'] / floor.duration) } : {}) },
    { bench, metric: `${label} latency p50`, value: r.latency.p50, unit: 'ms', ...(floor ? { baseline: floor.latency.p50 } : {}) },
    { bench, metric: `${label} latency p99`, value: r.latency.p99, unit: 'ms', ...(floor ? { baseline: floor.latency.p99 } : {}) },
  ];
  if (r.non2xx + r.errors + r.timeouts > 0) rows.push({ bench, metric: `${label} non-2xx / errors / timeouts`, value: r.non2xx + r.errors + r.timeouts, unit: 'count' });
  return rows;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU ms the process uses while `run` runs (all its threads: main, GC helpers, libuv pool). */
async function cpuDuring<T>(child: Child, run: () => Promise<T>): Promise<{ result: T; cpuMs: number }> {
  const pid = child.child.pid ?? 0;
  const before = cpuMsOf(pid);
  const result = await run();
  return { result, cpuMs: cpuMsOf(pid) - before };
}

/**
 * CPU per unit of work, bot vs floor: independent of what else the machine does (the load generator, the local
 * APIs), so it says what one core of the bot can carry where the throughput rows say what this machine carried.
 */
function cpuRows(bench: string, unit: string, botCpuMs: number, turns: number, floorCpuMs: number, floorRequests: number): Row[] {
  const bot = botCpuMs / Math.max(1, turns);
  const floor = floorCpuMs / Math.max(1, floorRequests);
  return [
    { bench, metric: `bot CPU per ${unit} (all threads)`, value: bot, unit: 'ms', baseline: floor, ratio: floor / bot,
      note: `floor: ${floor.toFixed(3)} ms CPU per request; ${turns} ${unit}s, 10 ms /proc ticks` },
    { bench, metric: `bot capacity per core (1000 / CPU per ${unit})`, value: 1000 / bot, unit: `${unit}s/s`, baseline: 1000 / floor, ratio: floor / bot },
  ];
}

interface PacedResult { latency: { p50: number; p99: number; n: number }; ok: number; failed: number; duration: number }

/**
 * Open-loop load at an even rate: request i leaves at start + i/rate whatever became of the earlier ones, and its
 * latency counts from that planned time (no coordinated omission). Used for the half-peak runs because
 * autocannon's overallRate gives each connection its quota per second and sends it back to back at the top of
 * every second: all connections at once, which measures the queue of a burst, not latency at that rate.
 */
async function paced(base: string, rate: number, seconds: number, next: () => AutocannonRequest): Promise<PacedResult> {
  const total = Math.max(1, Math.round(rate * seconds));
  const start = performance.now();
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const at = start + (i * 1000) / rate;
    const ahead = at - performance.now();
    if (ahead > 0) await wait(ahead);
    const req = next();
    inflight.push(fetch(`${base}${req.path ?? '/'}`, { method: req.method ?? 'POST', body: req.body, headers: req.headers })
      .then(async (res) => {
        await res.arrayBuffer();
        latencies.push(performance.now() - at);
        if (res.ok) ok++; else failed++;
      }, () => { failed++; }));
  }
  await Promise.all(inflight);
  return { latency: summary(latencies), ok, failed, duration: (performance.now() - start) / 1000 };
}

// ---------------------------------------------------------------------------------------------- Webex

interface WebexConv { room: Room; person: Person; turn: number; replies: number; expected: number; pending: { t: number; cum: number }[] }

export async function benchWebex(o: HttpOptions): Promise<BenchResult> {
  const bench = '2 webex webhook';
  const api = await new FakeWebexApi().start();
  const { bot, url, dataDir } = await startBot({ WEBEX_BOT_TOKEN: api.token, WEBEX_WEBHOOK_SECRET: SECRET, WEBEX_API_URL: api.url });
  const { floor, url: floorUrl } = await startFloor();
  try {
    const hook = [...api.webhooks.values()].find((w) => w.resource === 'messages');
    if (hook === undefined) throw new Error('the bot registered no messages webhook with the local Webex API');
    const template = fixture('webex/webhook-messages-created.json');
    const convs = new Map<string, WebexConv>();
    let made = 0;
    let done = 0;
    let sentTurns = 0;
    let lastDoneAt = 0;
    let latencies: number[] = [];
    const perTurn: number[] = HTTP_SCRIPT.map(() => 1);
    const sent = api.sent;
    const push = sent.push.bind(sent);
    sent.push = (...items: StoredMessage[]): number => {
      const now = performance.now();
      for (const m of items) {
        const c = convs.get(m.roomId);
        if (c === undefined) continue;
        c.replies++;
        while (c.pending[0] !== undefined && c.replies >= c.pending[0].cum) {
          latencies.push(now - c.pending[0].t);
          c.pending.shift();
          done++;
          lastDoneAt = now;
        }
      }
      // Keep the local API's memory flat over a long run: only the count matters here.
      return items.length > 0 && sent.length > 1000 ? (sent.splice(0, sent.length), push(...items)) : push(...items);
    };
    const newConv = (): WebexConv => {
      const k = ++made;
      const person: Person = { id: webexId('PEOPLE'), emails: [`buyer${k}@example.com`], displayName: `Buyer ${k}` };
      api.people.set(person.id, person);
      const room: Room = { id: webexId('ROOM'), type: 'direct', members: new Set([api.bot.id, person.id]) };
      api.rooms.set(room.id, room);
      const c: WebexConv = { room, person, turn: 0, replies: 0, expected: 0, pending: [] };
      convs.set(room.id, c);
      return c;
    };
    const webhook = (c: WebexConv): AutocannonRequest => {
      const msg: StoredMessage = {
        id: webexId('MESSAGE'), roomId: c.room.id, roomType: 'direct', personId: c.person.id, personEmail: c.person.emails[0] ?? '',
        text: HTTP_SCRIPT[c.turn] ?? 'help', created: new Date().toISOString(),
      };
      api.messages.set(msg.id, msg);
      const body = JSON.stringify({
        ...template, id: hook.id, name: hook.name, targetUrl: hook.targetUrl, actorId: msg.personId,
        data: { id: msg.id, roomId: msg.roomId, roomType: 'direct', personId: msg.personId, personEmail: msg.personEmail, created: msg.created },
      });
      c.expected += perTurn[c.turn] ?? 1;
      c.pending.push({ t: performance.now(), cum: c.expected });
      c.turn++;
      sentTurns++;
      return { method: 'POST', path: '/api/webex', body, headers: { 'content-type': 'application/json; charset=utf-8', 'x-spark-signature': signWebexBody(body, SECRET) } };
    };
    // Connections each drive a conversation through HTTP_SCRIPT, then start another.
    let current: WebexConv[] = [];
    let rr = 0;
    const next = (): AutocannonRequest => {
      const slot = rr++ % o.connections;
      let c = current[slot];
      if (c === undefined || c.turn >= HTTP_SCRIPT.length) { c = newConv(); current[slot] = c; }
      return webhook(c);
    };
    const drain = async (limitMs: number): Promise<boolean> => {
      const end = Date.now() + limitMs;
      while (done < sentTurns && Date.now() < end) await wait(20);
      return done >= sentTurns;
    };

    // Calibrate: replies per step of HTTP_SCRIPT, on one conversation, one turn at a time.
    const cal = newConv();
    for (let i = 0; i < HTTP_SCRIPT.length; i++) {
      const before = cal.replies;
      const req = webhook(cal);
      await fetch(`${url}/api/webex`, { method: 'POST', body: req.body, headers: req.headers });
      let quietSince = Date.now();
      let seen = cal.replies;
      for (let spin = 0; spin < 500 && (cal.replies === before || Date.now() - quietSince < 150); spin++) {
        await wait(5);
        if (cal.replies !== seen) { seen = cal.replies; quietSince = Date.now(); }
      }
      perTurn[i] = Math.max(1, cal.replies - before);
    }
    cal.pending = [];
    done = 0; sentTurns = 0; latencies = [];

    const { result: floorRun, cpuMs: floorCpu } = await cpuDuring(floor, () => load(`${floorUrl}/api/webex`, o.connections, next, { seconds: o.seconds }));
    current = []; done = 0; sentTurns = 0; latencies = []; convs.clear();

    // Peak: a fixed number of webhooks as fast as the bot acknowledges them, then the backlog drains.
    const start = performance.now();
    let acked = 0;
    let drained = false;
    const { result: peak, cpuMs: botCpu } = await cpuDuring(bot, async () => {
      const r = await load(`${url}/api/webex`, o.connections, next, { amount: o.webexAmount });
      acked = performance.now();
      drained = await drain(180_000);
      return r;
    });
    const cpuTurns = done;
    const peakSpan = lastDoneAt - start;
    const peakTurns = done / (peakSpan / 1000);
    const peakLat = summary(latencies);
    const rssPeak = bot.child.pid === undefined ? 0 : rssOf(bot.child.pid);

    // Half of the peak completion rate: the latency a user sees when the bot is busy but keeping up.
    current = []; done = 0; sentTurns = 0; latencies = []; convs.clear();
    const rate = Math.max(1, Math.floor(peakTurns / 2));
    const half = await paced(url, rate, o.seconds, next);
    await drain(60_000);
    const halfLat = summary(latencies);

    const floorRps = floorRun['2xx'] / floorRun.duration;
    return {
      rows: [
        { bench, metric: 'floor: restify 200, requests/s', value: floorRps, unit: 'req/s', note: `${o.connections} connections, ${o.seconds}s` },
        { bench, metric: 'floor latency p50 / p99', value: floorRun.latency.p50, unit: 'ms', baseline: floorRun.latency.p99, note: 'baseline column = p99' },
        ...loadRows(bench, 'bot ack (200 before the turn)', peak, floorRun),
        { bench, metric: 'bot end-to-end turns/s (peak, replies received)', value: peakTurns, unit: 'turns/s', baseline: floorRps, ratio: peakTurns / floorRps, target: '>= 25% of floor', ok: peakTurns / floorRps >= 0.25,
          note: `${o.webexAmount} webhooks acked in ${((acked - start) / 1000).toFixed(1)}s, all replies by ${(peakSpan / 1000).toFixed(1)}s${drained ? '' : ' (NOT all drained)'}` },
        ...cpuRows(bench, 'turn', botCpu, cpuTurns, floorCpu, floorRun['2xx']),
        { bench, metric: 'end-to-end latency p50 at peak (queueing)', value: peakLat.p50, unit: 'ms', note: 'backlog of acked webhooks; not a user-facing figure' },
        { bench, metric: `half peak: offered webhooks/s`, value: half.ok / half.duration, unit: 'req/s', note: `evenly paced at ${rate}/s${half.failed > 0 ? `, ${half.failed} failed` : ''}` },
        { bench, metric: 'half peak: ack latency p99', value: half.latency.p99, unit: 'ms', target: '< 25 ms', ok: half.latency.p99 < 25 },
        { bench, metric: 'half peak: end-to-end latency p50', value: halfLat.p50, unit: 'ms', note: 'webhook sent -> last reply at the local API' },
        { bench, metric: 'half peak: end-to-end latency p99', value: halfLat.p99, unit: 'ms', target: '< 25 ms', ok: halfLat.p99 < 25, note: `${halfLat.n} turns` },
        { bench, metric: 'replies per turn (calibrated)', value: perTurn.reduce((a, b) => a + b, 0) / perTurn.length, unit: 'POST /messages', note: perTurn.join(',') },
        { bench, metric: 'bot RSS after the peak run', value: rssPeak / 2 ** 20, unit: 'MiB', note: `${made} conversations` },
      ],
    };
  } finally {
    await bot.stop();
    await floor.stop();
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------- Teams

export async function benchTeams(o: HttpOptions): Promise<BenchResult> {
  const bench = '3 teams /api/messages';
  const capture: TeamsCapture = await startTeamsCapture();
  const { bot, url, dataDir } = await startBot({});
  const { floor, url: floorUrl } = await startFloor();
  try {
    const base = fixture('teams/personal-message.json');
    let made = 0;
    let seq = 0;
    let sentTurns = 0;
    const current: { k: number; turn: number }[] = [];
    let rr = 0;
    const next = (): AutocannonRequest => {
      const slot = rr++ % o.connections;
      let c = current[slot];
      if (c === undefined || c.turn >= HTTP_SCRIPT.length) {
        c = { k: ++made, turn: 0 };
        current[slot] = c;
        capture.addMember({ id: `29:bench-user-${c.k}`, name: `Buyer ${c.k}`, aadObjectId: `aad-${c.k}`, email: `buyer${c.k}@example.com` });
      }
      const text = HTTP_SCRIPT[c.turn] ?? 'help';
      c.turn++;
      sentTurns++;
      const body = JSON.stringify({
        ...base, id: `bench-${++seq}`, text, serviceUrl: capture.url, timestamp: new Date().toISOString(),
        attachments: [{ contentType: 'text/html', content: `<p>${text}</p>` }],
        from: { id: `29:bench-user-${c.k}`, name: `Buyer ${c.k}`, aadObjectId: `aad-${c.k}` },
        conversation: { conversationType: 'personal', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', id: `a:bench-chat-${c.k}` },
      });
      return { method: 'POST', path: '/api/messages', body, headers: { 'content-type': 'application/json' } };
    };
    // Warm the route (first turn compiles the code paths), then the floor, then the bot.
    for (let i = 0; i < HTTP_SCRIPT.length; i++) {
      const r = next();
      await fetch(`${url}/api/messages`, { method: 'POST', body: r.body, headers: r.headers });
    }
    const { result: floorRun, cpuMs: floorCpu } = await cpuDuring(floor, () => load(`${floorUrl}/api/messages`, o.connections, next, { seconds: o.seconds }));
    current.length = 0;
    const before = capture.messages().length;
    sentTurns = 0;
    const { result: peak, cpuMs: botCpu } = await cpuDuring(bot, () => load(`${url}/api/messages`, o.connections, next, { seconds: o.seconds }));
    const replies = capture.messages().length - before;
    const answeredTurns = peak['2xx'];
    const rssPeak = bot.child.pid === undefined ? 0 : rssOf(bot.child.pid);
    const peakRps = peak['2xx'] / peak.duration;
    current.length = 0;
    const rate = Math.max(1, Math.floor(peakRps / 2));
    const half = await paced(url, rate, o.seconds, next);
    const floorRps = floorRun['2xx'] / floorRun.duration;
    return {
      rows: [
        { bench, metric: 'floor: restify 200, requests/s', value: floorRps, unit: 'req/s', note: `${o.connections} connections, ${o.seconds}s` },
        { bench, metric: 'floor latency p50 / p99', value: floorRun.latency.p50, unit: 'ms', baseline: floorRun.latency.p99, note: 'baseline column = p99' },
        { ...(loadRows(bench, 'bot end-to-end (200 after the turn)', peak, floorRun)[0] as Row), target: '>= 25% of floor', ok: peakRps / floorRps >= 0.25 },
        ...loadRows(bench, 'bot end-to-end (200 after the turn)', peak, floorRun).slice(1),
        ...cpuRows(bench, 'turn', botCpu, peak['2xx'], floorCpu, floorRun['2xx']),
        { bench, metric: 'replies captured per answered turn', value: replies / Math.max(1, answeredTurns), unit: 'activities', note: `${replies} replies for ${answeredTurns} turns (${sentTurns} sent)` },
        { bench, metric: 'half peak: requests/s', value: half.ok / half.duration, unit: 'req/s', note: `evenly paced at ${rate}/s${half.failed > 0 ? `, ${half.failed} failed` : ''}` },
        { bench, metric: 'half peak: latency p50', value: half.latency.p50, unit: 'ms' },
        { bench, metric: 'half peak: latency p99', value: half.latency.p99, unit: 'ms', target: '< 25 ms', ok: half.latency.p99 < 25 },
        { bench, metric: 'bot RSS after the peak run', value: rssPeak / 2 ** 20, unit: 'MiB', note: `${made} conversations` },
      ],
    };
  } finally {
    await bot.stop();
    await floor.stop();
    await capture.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * 2 and 3. The bot over HTTP vs the HTTP floor, load from this process (autocannon) while the bot runs in a
 * child process started like `npm start` (createApp, memory store). The local Webex API and the Teams capture
 * server run in this process too, so the bot's process only does the bot's work.
 *
 * Webex: signed webhook -> signature check -> GET /messages/{id} (local API) -> turn -> store write ->
 * POST /messages (local API). The adapter answers 200 before the turn, so completion is measured apart: a turn
 * is complete when the local API has received all of its replies (the reply count per turn is calibrated on
 * one conversation first). Teams: /api/messages answers after the turn, with replies already posted.
 *
 * Protocol ceilings, under the same load in the same run: echo servers that do only what the channel's protocol
 * needs per message (bench/servers/echo-*.ts): the Webex echo bot (signature, 200, GET, POST), the canonical
 * botbuilder EchoBot, and a Teams echo without botbuilder (restify + undici). The bot's throughput and CPU per turn
 * are reported as fractions of theirs, and the load side's CPU (this process) per request of every run.
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
  /** Webhooks each server of the Webex peak runs (echo, bot) takes first, unmeasured, in runs of `webexAmount` (0 if unset). */
  webexWarmup?: number;
}

const SECRET = 'bench-webhook-secret-0123456789abcdef';
type Json = Record<string, unknown>;
const fixture = (path: string): Json => JSON.parse(readFileSync(join(ROOT, 'test/fixtures', path), 'utf8')) as Json;

async function startBot(env: Record<string, string>): Promise<{ bot: Child; url: string; dataDir: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-bot-'));
  const bot = spawnTs('bench/servers/bot-server.ts', {
    PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, STORE: 'memory', DATA_DIR: dataDir, TEAMS_EMULATOR: 'true',
    LOG_LEVEL: 'silent', CODE_SECRET: 'bench-code-secret-0123456789abcdef', ...env,
  }, 'READY ', profileArgs());
  return { bot, url: await bot.ready, dataDir };
}

/** BENCH_CPU_PROF_DIR=<dir>: the bot and the echo servers run under `node --cpu-prof` and leave their profiles there (see README). */
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

/** A note suffix when a run had failed requests. */
const failures = (r: AutocannonResult): string => (r.non2xx + r.errors + r.timeouts > 0 ? `; ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts` : '');

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU ms the process uses while `run` runs (all its threads: main, GC helpers, libuv pool). */
async function cpuDuring<T>(child: Child, run: () => Promise<T>): Promise<{ result: T; cpuMs: number; loadCpuMs: number; wallMs: number }> {
  const pid = child.child.pid ?? 0;
  const before = cpuMsOf(pid);
  const self = process.cpuUsage();
  const t0 = performance.now();
  const result = await run();
  const used = process.cpuUsage(self);
  return { result, cpuMs: cpuMsOf(pid) - before, loadCpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - t0 };
}

/**
 * The load side of a run: this process (autocannon and the local Webex API or Teams capture server) shares the two
 * cores with the server under test, and its main thread is one core at most. Near 1 core busy, the harness is what
 * limits the throughput, for the echo and the bot alike.
 */
function loadSideRow(bench: string, run: string, loadCpuMs: number, serverCpuMs: number, wallMs: number, units: number, unit: string): Row {
  return { bench, metric: `load side (this process) CPU per ${unit}, ${run} run`, value: loadCpuMs / Math.max(1, units), unit: 'ms',
    note: `cores busy: load side ${(loadCpuMs / wallMs).toFixed(2)}, server ${(serverCpuMs / wallMs).toFixed(2)} (of 2)` };
}

/**
 * CPU per unit of work, bot vs floor: independent of what else the machine does (the load generator, the local
 * APIs), so it says what one core of the bot can carry where the throughput rows say what this machine carried.
 */
function cpuRows(bench: string, unit: string, botCpuMs: number, turns: number, floorCpuMs: number, floorRequests: number, who = 'bot'): Row[] {
  const bot = botCpuMs / Math.max(1, turns);
  const floor = floorCpuMs / Math.max(1, floorRequests);
  return [
    { bench, metric: `${who} CPU per ${unit} (all threads)`, value: bot, unit: 'ms', baseline: floor, ratio: floor / bot,
      note: `floor: ${floor.toFixed(3)} ms CPU per request; ${turns} ${unit}s, 10 ms /proc ticks` },
    { bench, metric: `${who} capacity per core (1000 / CPU per ${unit})`, value: 1000 / bot, unit: `${unit}s/s`, baseline: 1000 / floor, ratio: floor / bot },
  ];
}

/**
 * The bot against a protocol ceiling (an echo server doing only what the channel's protocol requires per message,
 * measured in the same run under the same load): its throughput and its CPU per turn as fractions of the echo's.
 */
function ceilingRows(bench: string, echo: string, botRate: number, echoRate: number, botCpuPerTurn: number, echoCpuPerMessage: number, unit: string, per = 'message'): Row[] {
  return [
    { bench, metric: `bot end-to-end vs the ${echo} ceiling`, value: botRate, unit, baseline: echoRate, ratio: botRate / echoRate,
      note: 'ratio = bot / echo; 1x would be a bot as cheap as the protocol itself' },
    { bench, metric: `bot CPU per turn vs ${echo} CPU per ${per}`, value: botCpuPerTurn, unit: 'ms', baseline: echoCpuPerMessage, ratio: echoCpuPerMessage / botCpuPerTurn,
      note: 'ratio = echo / bot: the share of the bot\'s CPU a turn the protocol alone needs' },
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
  // Its records (calls, deliveries, messages...) bounded: a run stores over 100k messages otherwise.
  const api = await new FakeWebexApi(undefined, { keepRecords: 5_000 }).start();
  const { bot, url, dataDir } = await startBot({ WEBEX_BOT_TOKEN: api.token, WEBEX_WEBHOOK_SECRET: SECRET, WEBEX_API_URL: api.url });
  const { floor, url: floorUrl } = await startFloor();
  // The echo bot (protocol ceiling) registers its own messages webhook; only one of the two is active at a time, so
  // each server gets the webhooks of its own run only (including the deliveries of its own replies).
  const echo = spawnTs('bench/servers/echo-webex-server.ts', {
    PORT: String(await freePort()), WEBEX_BOT_TOKEN: api.token, WEBEX_WEBHOOK_SECRET: SECRET, WEBEX_API_URL: api.url,
  }, 'READY ', profileArgs());
  try {
    const echoUrl = await echo.ready;
    const hooks = [...api.webhooks.values()].filter((w) => w.resource === 'messages');
    const echoHook = hooks.find((w) => String(w.targetUrl).startsWith(echoUrl));
    const hook = hooks.find((w) => w !== echoHook);
    if (hook === undefined) throw new Error('the bot registered no messages webhook with the local Webex API');
    if (echoHook === undefined) throw new Error('the echo bot registered no messages webhook with the local Webex API');
    const deliverTo = (to: 'bot' | 'echo'): void => {
      hook.status = to === 'bot' ? 'active' : 'inactive';
      echoHook.status = to === 'echo' ? 'active' : 'inactive';
    };
    deliverTo('bot');
    const template = fixture('webex/webhook-messages-created.json');
    const convs = new Map<string, WebexConv>();
    let made = 0;
    let done = 0;
    let sentTurns = 0;
    let lastDoneAt = 0;
    let latencies: number[] = [];
    const perTurn: number[] = HTTP_SCRIPT.map(() => 1);
    /** Replies expected per step of HTTP_SCRIPT from the server under load: the bot's, or the echo's. */
    let expectPerTurn: number[] = perTurn;
    // Every POST /messages the local API accepted (from the bot or the echo), right after its answer.
    api.onBotMessage = (m) => {
      const c = convs.get(m.roomId);
      if (c === undefined) return;
      const now = performance.now();
      c.replies++;
      while (c.pending[0] !== undefined && c.replies >= c.pending[0].cum) {
        latencies.push(now - c.pending[0].t);
        c.pending.shift();
        done++;
        lastDoneAt = now;
      }
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
      api.storeMessage(msg);
      const body = JSON.stringify({
        ...template, id: hook.id, name: hook.name, targetUrl: hook.targetUrl, actorId: msg.personId,
        data: { id: msg.id, roomId: msg.roomId, roomType: 'direct', personId: msg.personId, personEmail: msg.personEmail, created: msg.created },
      });
      c.expected += expectPerTurn[c.turn] ?? 1;
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

    // Calibrate: replies per step of HTTP_SCRIPT, on one conversation, one turn at a time (also a warm-up).
    const calibrate = async (target: string, into: number[]): Promise<void> => {
      const cal = newConv();
      for (let i = 0; i < HTTP_SCRIPT.length; i++) {
        const before = cal.replies;
        const req = webhook(cal);
        await fetch(`${target}/api/webex`, { method: 'POST', body: req.body, headers: req.headers });
        let quietSince = Date.now();
        let seen = cal.replies;
        for (let spin = 0; spin < 500 && (cal.replies === before || Date.now() - quietSince < 150); spin++) {
          await wait(5);
          if (cal.replies !== seen) { seen = cal.replies; quietSince = Date.now(); }
        }
        into[i] = Math.max(1, cal.replies - before);
      }
      cal.pending = [];
      done = 0; sentTurns = 0; latencies = [];
    };
    await calibrate(url, perTurn);
    deliverTo('echo');
    const echoPerTurn = HTTP_SCRIPT.map(() => 1);
    await calibrate(echoUrl, echoPerTurn);
    if (echoPerTurn.some((n) => n !== 1)) throw new Error(`the echo bot should reply once per message, replied ${echoPerTurn.join(',')}`);
    deliverTo('bot');

    const { result: floorRun, cpuMs: floorCpu, loadCpuMs: floorLoadCpu, wallMs: floorWall } = await cpuDuring(floor, () => load(`${floorUrl}/api/webex`, o.connections, next, { seconds: o.seconds }));
    current = []; done = 0; sentTurns = 0; latencies = []; convs.clear();

    // Peak: a fixed number of webhooks as fast as the server acknowledges them, then the backlog drains. Each
    // server first takes the same load unmeasured (`webexWarmup`): otherwise the measured run is its first few
    // hundred messages, paid for with JIT compilation and a burst of new connections both ways (over half the
    // echo's CPU per message then; it settles after about a thousand).
    const peakRun = async (server: Child, target: string) => {
      for (let left = o.webexWarmup ?? 0; left > 0; left -= o.webexAmount) {
        await load(`${target}/api/webex`, o.connections, next, { amount: Math.min(left, o.webexAmount) });
        await drain(180_000);
        current = []; done = 0; sentTurns = 0; latencies = []; convs.clear();
      }
      const start = performance.now();
      let acked = 0;
      let drained = false;
      const { result: r, cpuMs, loadCpuMs, wallMs } = await cpuDuring(server, async () => {
        const res = await load(`${target}/api/webex`, o.connections, next, { amount: o.webexAmount });
        acked = performance.now();
        drained = await drain(180_000);
        return res;
      });
      const turns = done;
      const span = lastDoneAt - start;
      const out = { r, cpuMs, loadCpuMs, wallMs, turns, span, rate: turns / (span / 1000), lat: summary(latencies), drained, ackedIn: acked - start };
      current = []; done = 0; sentTurns = 0; latencies = []; convs.clear();
      return out;
    };
    // The protocol ceiling first, under the same load, replies counted the same way (one per message).
    deliverTo('echo');
    expectPerTurn = echoPerTurn;
    const echoPeak = await peakRun(echo, echoUrl);
    deliverTo('bot');
    expectPerTurn = perTurn;

    const botPeak = await peakRun(bot, url);
    const { r: peak, cpuMs: botCpu, turns: cpuTurns, span: peakSpan, rate: peakTurns, lat: peakLat, drained } = botPeak;
    const rssPeak = bot.child.pid === undefined ? 0 : rssOf(bot.child.pid);

    // Half of the peak completion rate: the latency a user sees when the bot is busy but keeping up.
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
          note: `${o.webexAmount} webhooks acked in ${(botPeak.ackedIn / 1000).toFixed(1)}s, all replies by ${(peakSpan / 1000).toFixed(1)}s${drained ? '' : ' (NOT all drained)'}` },
        ...cpuRows(bench, 'turn', botCpu, cpuTurns, floorCpu, floorRun['2xx']),
        { bench, metric: 'echo bot end-to-end messages/s (Webex protocol ceiling)', value: echoPeak.rate, unit: 'msgs/s', baseline: floorRps, ratio: echoPeak.rate / floorRps,
          note: `signature, 200, GET /messages, POST /messages; no store, no engine. ${o.webexAmount} webhooks acked in ${(echoPeak.ackedIn / 1000).toFixed(2)}s, all replies by ${(echoPeak.span / 1000).toFixed(2)}s${echoPeak.drained ? '' : ' (NOT all drained)'}` },
        ...cpuRows(bench, 'message', echoPeak.cpuMs, echoPeak.turns, floorCpu, floorRun['2xx'], 'echo bot'),
        ...ceilingRows(bench, 'echo bot', peakTurns, echoPeak.rate, botCpu / Math.max(1, cpuTurns), echoPeak.cpuMs / Math.max(1, echoPeak.turns), 'turns/s'),
        loadSideRow(bench, 'floor', floorLoadCpu, floorCpu, floorWall, floorRun['2xx'], 'request'),
        // Cores busy over the span to the last reply: autocannon's amount runs end on its 1 s ticks, after the work.
        loadSideRow(bench, 'echo bot', echoPeak.loadCpuMs, echoPeak.cpuMs, echoPeak.span, echoPeak.turns, 'message'),
        loadSideRow(bench, 'bot', botPeak.loadCpuMs, botCpu, botPeak.span, cpuTurns, 'turn'),
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
    await echo.stop();
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------- Teams

export async function benchTeams(o: HttpOptions): Promise<BenchResult> {
  const bench = '3 teams /api/messages';
  const capture: TeamsCapture = await startTeamsCapture();
  // Emulator mode counts every sender as one user (ids are unauthenticated there), so the per-user limit, which
  // would refuse all but 30 turns a minute of the whole load, is off for this run; the per-conversation one stays.
  const { bot, url, dataDir } = await startBot({ RATE_LIMIT_USER_PER_MIN: '0' });
  const { floor, url: floorUrl } = await startFloor();
  // Protocol ceilings: the canonical botbuilder EchoBot, and the same echo in plain restify + undici.
  const echo = spawnTs('bench/peers/echo-teams-server.ts', { PORT: String(await freePort()) }, 'READY ', profileArgs());
  const raw = spawnTs('bench/servers/echo-teams-raw-server.ts', { PORT: String(await freePort()) }, 'READY ', profileArgs());
  try {
    const [echoUrl, rawUrl] = await Promise.all([echo.ready, raw.ready]);
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
    // Warm the routes (the first turns compile the code paths), then the floor, the two echoes, then the bot.
    for (const target of [url, echoUrl, rawUrl]) {
      for (let i = 0; i < HTTP_SCRIPT.length; i++) {
        const r = next();
        await fetch(`${target}/api/messages`, { method: 'POST', body: r.body, headers: r.headers });
      }
    }
    const { result: floorRun, cpuMs: floorCpu, loadCpuMs: floorLoadCpu, wallMs: floorWall } = await cpuDuring(floor, () => load(`${floorUrl}/api/messages`, o.connections, next, { seconds: o.seconds }));
    const echoRun = async (server: Child, target: string) => {
      current.length = 0;
      const before = capture.messages().length;
      const { result: r, cpuMs, loadCpuMs, wallMs } = await cpuDuring(server, () => load(`${target}/api/messages`, o.connections, next, { seconds: o.seconds }));
      return { r, cpuMs, loadCpuMs, wallMs, rate: r['2xx'] / r.duration, cpuPer: cpuMs / Math.max(1, r['2xx']), replies: capture.messages().length - before };
    };
    const echoPeak = await echoRun(echo, echoUrl);
    const rawPeak = await echoRun(raw, rawUrl);
    current.length = 0;
    const before = capture.messages().length;
    sentTurns = 0;
    const { result: peak, cpuMs: botCpu, loadCpuMs: botLoadCpu, wallMs: botWall } = await cpuDuring(bot, () => load(`${url}/api/messages`, o.connections, next, { seconds: o.seconds }));
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
        { bench, metric: 'botbuilder echo requests/s (Teams protocol ceiling)', value: echoPeak.rate, unit: 'req/s', baseline: floorRps, ratio: echoPeak.rate / floorRps,
          note: `canonical EchoBot sample; p50 ${echoPeak.r.latency.p50} / p99 ${echoPeak.r.latency.p99} ms; ${echoPeak.replies} replies for ${echoPeak.r['2xx']} requests${failures(echoPeak.r)}` },
        ...cpuRows(bench, 'request', echoPeak.cpuMs, echoPeak.r['2xx'], floorCpu, floorRun['2xx'], 'botbuilder echo'),
        ...ceilingRows(bench, 'botbuilder echo', peakRps, echoPeak.rate, botCpu / Math.max(1, peak['2xx']), echoPeak.cpuPer, 'req/s', 'request'),
        { bench, metric: 'echo without botbuilder (restify + undici) requests/s', value: rawPeak.rate, unit: 'req/s', baseline: floorRps, ratio: rawPeak.rate / floorRps,
          note: `reply POSTed to serviceUrl/v3/conversations/{id}/activities/{replyToId}; p50 ${rawPeak.r.latency.p50} / p99 ${rawPeak.r.latency.p99} ms; ${rawPeak.replies} replies for ${rawPeak.r['2xx']} requests${failures(rawPeak.r)}` },
        ...cpuRows(bench, 'request', rawPeak.cpuMs, rawPeak.r['2xx'], floorCpu, floorRun['2xx'], 'echo without botbuilder'),
        { bench, metric: 'botbuilder echo vs echo without botbuilder', value: echoPeak.rate, unit: 'req/s', baseline: rawPeak.rate, ratio: echoPeak.rate / rawPeak.rate,
          note: `CPU per request ${echoPeak.cpuPer.toFixed(3)} vs ${rawPeak.cpuPer.toFixed(3)} ms: what botbuilder itself costs` },
        ...ceilingRows(bench, 'echo without botbuilder', peakRps, rawPeak.rate, botCpu / Math.max(1, peak['2xx']), rawPeak.cpuPer, 'req/s', 'request'),
        loadSideRow(bench, 'floor', floorLoadCpu, floorCpu, floorWall, floorRun['2xx'], 'request'),
        loadSideRow(bench, 'botbuilder echo', echoPeak.loadCpuMs, echoPeak.cpuMs, echoPeak.wallMs, echoPeak.r['2xx'], 'request'),
        loadSideRow(bench, 'echo without botbuilder', rawPeak.loadCpuMs, rawPeak.cpuMs, rawPeak.wallMs, rawPeak.r['2xx'], 'request'),
        loadSideRow(bench, 'bot', botLoadCpu, botCpu, botWall, peak['2xx'], 'request'),
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
    await echo.stop();
    await raw.stop();
    await capture.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

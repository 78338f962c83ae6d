import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileStore, fileNameFor } from '../../src/services/store/file.store.js';
import { conversation, order, timer } from './fixtures.js';
import { ManualClock } from './manual-clock.js';
import { storeContract } from './store.contract.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'upgrade-bot-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

// "Another instance" is a second store over the same folder: its own in-process queue, so the lock files are
// what keeps conditional writes and timer claims exclusive, as between two processes.
storeContract('file', async ({ clock, defaultTtlSeconds }) => {
  const dir = await tempDir();
  const store = createFileStore({ dir, clock, defaultTtlSeconds });
  return { store, open: async () => createFileStore({ dir, clock, defaultTtlSeconds }), cleanup: () => store.close() };
});

describe('file store on disk', () => {
  it('removes limit keys whose window has passed, so a folder of one-off addresses does not grow for ever', async () => {
    const dir = await tempDir();
    const clock = new ManualClock();
    const store = createFileStore({ dir, clock });
    for (let i = 0; i < 20; i++) await store.limits.take(`once-${i}`, 'a', clock.now(), 60_000, 5);
    clock.advance(60_000);
    // Takes of one id already counted write nothing; enough of them make the store sweep the expired keys.
    for (let i = 0; i < 600; i++) await store.limits.take('live', 'a', clock.now(), 60_000, 5);
    expect((await readdir(join(dir, 'limits'))).filter((n) => n.endsWith('.json'))).toEqual([`${fileNameFor('live')}.json`]);
    await store.close();
  });

  it('survives a restart: a new instance over the same folder sees every collection, etags still valid', async () => {
    const dir = await tempDir();
    const clock = new ManualClock();
    const before = createFileStore({ dir, clock });
    const etag = await before.conversations.save(conversation('c1', clock.now()));
    await before.orders.create(order('o1', 'c1', clock.now()));
    await before.timers.schedule(timer('c1', 'codeExpiry', clock.now() + 5));
    await before.transcripts.append('c1', [{ at: clock.now(), from: 'user', text: 'upgrade' }]);
    await before.close();

    const after = createFileStore({ dir, clock });
    expect((await after.conversations.get('c1'))?.etag).toBe(etag);
    await after.conversations.save(conversation('c1', clock.now(), { machineVersion: 7 }), etag);
    expect(await after.orders.get('o1')).toEqual(order('o1', 'c1', clock.now()));
    expect((await after.timers.claimDue(clock.now() + 5, 10, 60_000)).map((t) => t.id)).toEqual(['c1:codeExpiry']);
    expect((await after.transcripts.list('c1')).map((e) => e.text)).toEqual(['upgrade']);
  });

  it('leaves only whole documents and no temp or lock files behind', async () => {
    const dir = await tempDir();
    const clock = new ManualClock();
    const store = createFileStore({ dir, clock });
    let etag = await store.conversations.save(conversation('c1', clock.now()));
    for (let i = 0; i < 5; i++) etag = await store.conversations.save(conversation('c1', clock.now(), { machineVersion: i }), etag);
    const files = await readdir(join(dir, 'conversations'));
    expect(files).toEqual([`${fileNameFor('c1')}.json`]);
  });

  it('maps unsafe and case-differing ids to distinct, portable file names', () => {
    const names = ['Room', 'room', '../../etc/passwd', `a:1${'x'.repeat(300)}`].map(fileNameFor);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(4);
    for (const n of names) expect(n).toMatch(/^[a-z0-9._-]{1,73}$/);
    expect(names[2]).not.toContain('/');
  });

  it('breaks a lock left by a crashed process', async () => {
    const dir = await tempDir();
    const clock = new ManualClock();
    const store = createFileStore({ dir, clock });
    await store.ping();
    // A pid that surely exited: a child process we ran to completion.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeFile(join(dir, 'conversations', `${fileNameFor('c1')}.lock`), `${dead} ${hostname()}`);
    const started = Date.now();
    await store.conversations.save(conversation('c1', clock.now()));
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('file store across processes', () => {
  it('applies every turn of three processes writing one conversation, and fires each timer once', async () => {
    const dir = await tempDir();
    const clock = new ManualClock();
    const store = createFileStore({ dir, clock });
    await store.conversations.save(conversation('shared', clock.now(), { seen: [] }));
    const timerIds = Array.from({ length: 30 }, (_, i) => `c${i}:check`);
    await Promise.all(timerIds.map((id, i) => store.timers.schedule(timer(`c${i}`, 'check', clock.now()))));
    const child = fileURLToPath(new URL('./file-turns.child.ts', import.meta.url));
    const run = (prefix: string): Promise<{ conflicts: number; fired: string[] }> => new Promise((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', child, dir, prefix, '15'], (err, stdout, stderr) => {
        if (err) reject(new Error(`${prefix} failed: ${stderr}`, { cause: err }));
        else resolve(JSON.parse(stdout) as { conflicts: number; fired: string[] });
      });
    });
    const results = await Promise.all(['p1', 'p2', 'p3'].map(run));
    const seen = (await store.conversations.get('shared'))?.value.seen ?? [];
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    expect(results.flatMap((r) => r.fired).sort()).toEqual([...timerIds].sort());
    expect(await readdir(join(dir, 'conversations'))).toEqual([`${fileNameFor('shared')}.json`]);
  }, 20_000);
});

describe('file store recovery', () => {
  it('removes temp files a crash left behind, but not fresh ones', async () => {
    const dir = await tempDir();
    const clock = new ManualClock();
    await createFileStore({ dir, clock }).ping();
    const old = join(dir, 'conversations', 'x.json.123.abc.tmp');
    const fresh = join(dir, 'conversations', 'y.json.123.def.tmp');
    await writeFile(old, '{"half');
    await writeFile(fresh, '{"half');
    const longAgo = new Date(Date.now() - 3_600_000);
    await utimes(old, longAgo, longAgo);
    const store = createFileStore({ dir, clock });
    expect(await store.conversations.get('x')).toBeUndefined();
    expect((await readdir(join(dir, 'conversations'))).sort()).toEqual(['y.json.123.def.tmp']);
  });
});

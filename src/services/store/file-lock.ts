import { hostname } from 'node:os';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../errors.js';

/** Critical sections are a read and an atomic write (milliseconds); a lock this old was left by a crash. */
export const LOCK_STALE_MS = 30_000;
/** Give up waiting for a lock after this long and report a timeout instead of hanging a turn. */
export const LOCK_TIMEOUT_MS = 10_000;
const RETRY_MIN_MS = 2;
const RETRY_MAX_MS = 20;

const HOST = hostname();

/**
 * Cross-process exclusion for one document with an O_EXCL lock file (`open(path, 'wx')`), which is atomic on
 * local file systems. The file holds `pid host`: a lock whose process is gone (same host) or that is older than
 * LOCK_STALE_MS is broken, so a SIGKILLed process does not block its successor. Known gap: two waiters breaking
 * the same stale lock at the same instant can both proceed once; acceptable for the embedded single-host store.
 * Wall time (not the injected clock) is used because this is about real processes, not domain time.
 */
export async function withLockFile<R>(lockPath: string, fn: () => Promise<R>): Promise<R> {
  await acquire(lockPath);
  try {
    return await fn();
  } finally {
    await unlink(lockPath).catch((e: unknown) => {
      // Someone broke our lock as stale; nothing left to release, but say so since it means a critical section overran.
      if (errno(e) !== 'ENOENT') throw e;
      process.emitWarning(`store lock ${lockPath} vanished before release`);
    });
  }
}

async function acquire(lockPath: string): Promise<void> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(`${process.pid} ${HOST}`);
      } finally {
        await handle.close();
      }
      return;
    } catch (e) {
      if (errno(e) !== 'EEXIST') throw new AppError('UNAVAILABLE', `cannot create lock ${lockPath}`, { cause: e });
    }
    if (await isStale(lockPath)) {
      await unlink(lockPath).catch((e: unknown) => { if (errno(e) !== 'ENOENT') throw e; });
      continue;
    }
    if (Date.now() > deadline) throw new AppError('TIMEOUT', `lock ${lockPath} held for over ${LOCK_TIMEOUT_MS} ms`);
    await sleep(RETRY_MIN_MS + Math.random() * (RETRY_MAX_MS - RETRY_MIN_MS));
  }
}

async function isStale(lockPath: string): Promise<boolean> {
  let content: string;
  let mtimeMs: number;
  try {
    [content, { mtimeMs }] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
  } catch (e) {
    // Released between our open and this look: not stale, just retry the open.
    if (errno(e) === 'ENOENT') return false;
    throw e;
  }
  if (Date.now() - mtimeMs > LOCK_STALE_MS) return true;
  const [pidText, host] = content.split(' ');
  const pid = Number(pidText);
  // An empty file is a lock being written right now (open and write are two steps): young, so not stale.
  if (host !== HOST || !Number.isInteger(pid) || pid <= 0) return false;
  return !isAlive(pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return errno(e) === 'EPERM';
  }
}

export function errno(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

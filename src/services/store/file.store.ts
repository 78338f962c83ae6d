import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import type { Store } from '../store.port.js';
import { KeyedMutex, type StoreCommonConfig } from './common.js';
import { errno, LOCK_STALE_MS, withLockFile } from './file-lock.js';
import { KV_COLLECTIONS, isKvEntry, type KvBackend, type KvCollection, type KvEntry } from './kv.backend.js';
import { createKvStore } from './kv.store.js';

export interface FileStoreConfig extends StoreCommonConfig {
  /** Data folder; one sub-folder per collection, one JSON file per document. */
  dir: string;
}

/**
 * The embedded store `npm start` uses: one JSON file per document, written atomically (temp file, fsync, rename,
 * fsync of the folder), so a crash leaves either the old or the new document, never half of one. Etags are
 * random UUIDs kept in the file. Exclusion: a per-document promise queue inside the process plus an O_EXCL lock
 * file across processes (see file-lock.ts), so conditional writes and timer claims hold for several processes
 * on one host too.
 */
export function createFileStore(config: FileStoreConfig): Store {
  return createKvStore(createFileBackend(config.dir), config);
}

/** A readable prefix for people browsing the folder, then a hash that alone decides identity (case-safe on macOS). */
export function fileNameFor(id: string): string {
  const hint = id.slice(0, 40).toLowerCase().replace(/[^a-z0-9._-]/g, '_');
  return `${hint}-${createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 32)}`;
}

/** Temp files left by a crash between write and rename; old ones belong to no writer that is still running. */
async function sweepTempFiles(folder: string): Promise<void> {
  for (const name of (await readdir(folder)).filter((n) => n.endsWith('.tmp'))) {
    const path = join(folder, name);
    try {
      if (Date.now() - (await stat(path)).mtimeMs > LOCK_STALE_MS) await unlink(path);
    } catch (e) {
      if (errno(e) !== 'ENOENT') throw e;
    }
  }
}

const SYNC_DIRS = process.platform !== 'win32'; // Windows cannot open a folder to fsync it.

function createFileBackend(dir: string): KvBackend {
  const mutex = new KeyedMutex();
  let closed = false;
  // Created on first use, not at construction, so a bad folder fails the first call instead of an unhandled rejection.
  let ready: Promise<unknown> | undefined;
  const pathOf = (c: KvCollection, id: string, ext: string): string => join(dir, c, `${fileNameFor(id)}${ext}`);

  async function prepared(): Promise<void> {
    if (closed) throw new AppError('UNAVAILABLE', 'file store is closed');
    ready ??= Promise.all(KV_COLLECTIONS.map(async (c) => {
      await mkdir(join(dir, c), { recursive: true });
      await sweepTempFiles(join(dir, c));
    }));
    try {
      await ready;
    } catch (e) {
      ready = undefined;
      throw new AppError('UNAVAILABLE', `cannot create data folder ${dir}`, { cause: e });
    }
  }

  async function readPath(path: string): Promise<KvEntry | undefined> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if (errno(e) === 'ENOENT') return undefined;
      throw new AppError('UNAVAILABLE', `cannot read ${path}`, { cause: e });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new AppError('INTERNAL', `corrupt store document ${path}`, { cause: e });
    }
    if (!isKvEntry(parsed)) throw new AppError('INTERNAL', `not a store document: ${path}`);
    return parsed;
  }

  async function syncDir(path: string): Promise<void> {
    if (!SYNC_DIRS) return;
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async function writeAtomic(path: string, text: string, folder: string): Promise<void> {
    const temp = `${path}.${process.pid}.${randomUUID()}.tmp`;
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
      await syncDir(folder);
    } catch (e) {
      await unlink(temp).catch((u: unknown) => { if (errno(u) !== 'ENOENT') throw u; });
      throw new AppError('UNAVAILABLE', `cannot write ${path}`, { cause: e });
    }
  }

  return {
    serialises: () => true,
    async exclusive(c, id, fn) {
      await prepared();
      return mutex.run(`${c}/${id}`, () => withLockFile(pathOf(c, id, '.lock'), fn));
    },
    async read(c, id) {
      await prepared();
      return readPath(pathOf(c, id, '.json'));
    },
    async write(c, entry) {
      await prepared();
      await writeAtomic(pathOf(c, entry.id, '.json'), JSON.stringify(entry), join(dir, c));
    },
    async remove(c, id) {
      await prepared();
      try {
        await unlink(pathOf(c, id, '.json'));
      } catch (e) {
        if (errno(e) === 'ENOENT') return;
        throw new AppError('UNAVAILABLE', `cannot delete ${id} from ${c}`, { cause: e });
      }
      await syncDir(join(dir, c));
    },
    async list(c) {
      await prepared();
      const names = (await readdir(join(dir, c))).filter((n) => n.endsWith('.json'));
      const entries = await Promise.all(names.map((n) => readPath(join(dir, c, n))));
      // A file deleted between readdir and read is simply no longer there.
      return entries.filter((e): e is KvEntry => e !== undefined);
    },
    newEtag: () => randomUUID(),
    async ping() {
      await prepared();
      await readdir(dir);
    },
    async close() {
      closed = true;
    },
  };
}

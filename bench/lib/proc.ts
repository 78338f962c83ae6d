/** Child processes for the HTTP and start-up benchmarks: a TypeScript entry run by node with tsx, read until READY. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Child {
  child: ChildProcess;
  /** Resolves with what follows `marker` on the first stdout line that contains it. */
  ready: Promise<string>;
  output(): string;
  stop(): Promise<void>;
}

/** Runs `node --import tsx <entry>` from the repository root with the given environment. */
export function spawnTs(entry: string, env: Record<string, string>, marker = 'READY ', nodeArgs: string[] = [], args: string[] = []): Child {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry, ...args], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      const s = d.toString('utf8');
      out += s.length < 4000 ? s : '';
      buf += s;
      const at = buf.indexOf(marker);
      if (at !== -1) {
        const rest = buf.slice(at + marker.length);
        const nl = rest.indexOf('\n');
        if (nl !== -1) { buf = ''; resolve(rest.slice(0, nl).trim()); }
      } else if (buf.length > 100_000) buf = buf.slice(-1000);
    });
    child.stderr?.on('data', (d: Buffer) => { out += d.toString('utf8').slice(0, 4000); });
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before ready:\n${out.slice(-2000)}`)));
  });
  ready.catch(() => undefined);
  return {
    child, ready, output: () => out,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}

/** CPU time (user + system, all threads) a process has used so far, in ms (Linux /proc, 10 ms clock ticks). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

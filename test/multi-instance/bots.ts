import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Bot server processes for the multi-instance and crash tests: `node --import tsx src/main.ts`, as `npm start`
 * runs it, with JSON logs at info level read back from stdout (conflict retries and duplicates are counted there).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface LogEntry { level: number; msg: string; [key: string]: unknown }

export interface BotProcess {
  readonly name: string;
  readonly url: string;
  readonly dataDir: string;
  readonly logs: LogEntry[];
  /** Resolves with the exit signal or code once the process is gone. */
  readonly exited: Promise<string>;
  count(msg: string): number;
  /** POSTs a Teams activity to /api/messages; network errors come back as status 0. */
  post(activity: Record<string, unknown>): Promise<number>;
  /** The six-digit codes this instance mailed (outbox folder), oldest first. */
  mailedCodes(): string[];
  kill(signal?: NodeJS.Signals): Promise<string>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Starts one bot process and waits until it listens. `env` adds to (and overrides) the test defaults. */
export async function startBot(name: string, env: Record<string, string>, opts: { port?: number; dataDir?: string } = {}): Promise<BotProcess> {
  const port = opts.port ?? await freePort();
  const dataDir = opts.dataDir ?? tempDir(`bot-${name}-`);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NODE_ENV: 'test',
      PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', MicrosoftAppId: '', TEAMS_EMULATOR: 'true',
      RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_CONVERSATION_PER_MIN: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogEntry[] = [];
  let stderr = '';
  let buffered = '';
  let onListening: (() => void) | undefined;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as LogEntry;
      logs.push(entry);
      if (entry.msg === 'upgrade-bot listening') onListening?.();
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  await new Promise<void>((resolve, reject) => {
    // A process that did not start in time is not left running.
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`bot ${name} did not start in 20 s: ${stderr}`)); }, 20_000);
    onListening = () => { clearTimeout(timer); resolve(); };
    void exited.then((how) => { clearTimeout(timer); reject(new Error(`bot ${name} exited (${how}) while starting: ${stderr}`)); });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    name, url, dataDir, logs, exited,
    count: (msg) => logs.filter((l) => l.msg === msg).length,
    async post(activity) {
      try {
        const res = await fetch(`${url}/api/messages`, {
          method: 'POST', body: JSON.stringify(activity), headers: { 'content-type': 'application/json' },
        });
        await res.text();
        return res.status;
      } catch (err) {
        if (err instanceof TypeError) return 0; // connection refused or reset (a killed instance)
        throw err;
      }
    },
    mailedCodes() {
      const dir = join(dataDir, 'outbox');
      let files: string[];
      try {
        files = readdirSync(dir).sort();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
      return files.flatMap((f) => /\b(\d{6})\b/.exec(readFileSync(join(dir, f), 'utf8'))?.[1] ?? []);
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

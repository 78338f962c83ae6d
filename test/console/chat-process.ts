import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = 'src/adapters/console/chat.ts';
export const STEP_TIMEOUT_MS = 15_000;

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'chat-test-'));
}

/** The environment a test chat runs with: its own data folder, fast provisioning, quiet logs. */
export function chatEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PROVISIONING_DELAY_MS: '200', LOG_LEVEL: 'silent', ...extra };
  delete env.LANG;
  delete env.LC_ALL;
  delete env.CHAT_PORT;
  return env;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The real `npm run chat` entry with piped stdin, driven line by line: each line is sent only after the bot's
 * expected answer to the previous one was printed, and a wait that times out fails with everything printed so far.
 */
export class ChatProcess {
  private out = '';
  private err = '';
  /** Expectations search the output from here on: after the echo of the latest line sent. */
  private mark = 0;
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => { this.out += chunk; });
    child.stderr.on('data', (chunk: string) => { this.err += chunk; });
    this.exited = new Promise((done) => child.on('exit', (code) => done(code)));
  }

  static start(args: string[], env: NodeJS.ProcessEnv): ChatProcess {
    return new ChatProcess(spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: ROOT, env, stdio: 'pipe' }));
  }

  get output(): string {
    return this.out;
  }

  /** Waits until the output after the latest line sent matches; returns the match. */
  async expect(what: RegExp | string, context: string, timeoutMs = STEP_TIMEOUT_MS): Promise<RegExpExecArray> {
    const re = typeof what === 'string' ? new RegExp(escape(what), 'i') : what;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.out.slice(this.mark));
      if (m) return m;
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(`${context}: expected ${String(re)} in the bot's answer, within ${timeoutMs} ms.\n`
          + `--- answer so far ---\n${this.out.slice(this.mark)}\n--- whole output ---\n${this.out}\n--- stderr ---\n${this.err}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Sends one line and waits for its echo, so what follows is the bot's answer to it. */
  async send(line: string): Promise<void> {
    const from = this.out.length;
    this.child.stdin.write(`${line}\n`);
    const echo = `> ${line}\n`;
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    for (;;) {
      const at = this.out.indexOf(echo, from);
      if (at >= 0) { this.mark = at + echo.length; return; }
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(`the chat did not take the line ${JSON.stringify(line)}.\n--- output ---\n${this.out}\n--- stderr ---\n${this.err}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Sends a line and waits for the expected answer. */
  async say(line: string, expected: RegExp | string, step = ''): Promise<RegExpExecArray> {
    await this.send(line);
    return this.expect(expected, `${step ? `${step}: ` : ''}after the user said ${JSON.stringify(line)}`);
  }

  /** Ends the input and waits for the process to leave; returns its exit code. */
  async end(timeoutMs = STEP_TIMEOUT_MS): Promise<number | null> {
    this.child.stdin.end();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); });
    const code = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (code === 'timeout') {
      this.child.kill();
      throw new Error(`the chat did not exit within ${timeoutMs} ms after its input ended.\n--- output ---\n${this.out}\n--- stderr ---\n${this.err}`);
    }
    return code;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

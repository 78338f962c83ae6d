import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { STEPS } from '../../domain/types.js';
import type { TranscriptBotFactory } from './harness.types.js';
import { formatReport, junitXml } from './report.js';
import { errorText } from './run.js';
import { DEFAULT_CONCURRENCY, collectChatFiles, coverage, runFiles } from './suite.js';

/** The real bot's harness; `--harness` points elsewhere (the runner's own tests use a scripted fake). */
export const DEFAULT_HARNESS = 'src/adapters/transcript/harness.ts';
export const HARNESS_EXPORT = 'createTranscriptBot';

const USAGE = `usage: npm run transcripts -- [files or folders...] [--junit FILE] [--concurrency N] [--timeout MS] [--harness MODULE]
  default folder: test/transcripts; exit 0 only when every file passes, 1 when one fails, 2 on a usage error`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

interface CliArgs {
  paths: string[];
  junit?: string;
  concurrency: number;
  timeoutMs?: number;
  harness: string;
}

export function parseArgs(argv: string[]): CliArgs | string {
  const args: CliArgs = { paths: [], concurrency: DEFAULT_CONCURRENCY, harness: DEFAULT_HARNESS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const value = (): string | undefined => argv[++i];
    if (a === '--junit') {
      const v = value();
      if (v === undefined || v.startsWith('--')) return '--junit needs a FILE';
      args.junit = v;
    } else if (a === '--concurrency' || a === '--timeout') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) return `${a} needs a positive whole number`;
      if (a === '--concurrency') args.concurrency = n;
      else args.timeoutMs = n;
    } else if (a === '--harness') {
      const v = value();
      if (v === undefined || v.startsWith('--')) return '--harness needs a MODULE';
      args.harness = v;
    } else if (a === '--update' || a === '--record') {
      return `${a} is not offered: transcripts are written by people, not rewritten by the runner`;
    } else if (a.startsWith('--')) {
      return `unknown option ${a}`;
    } else {
      args.paths.push(a);
    }
  }
  return args;
}

export async function loadFactory(module: string): Promise<TranscriptBotFactory> {
  const mod: unknown = await import(pathToFileURL(resolve(module)).href);
  const factory = typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>)[HARNESS_EXPORT] : undefined;
  if (typeof factory !== 'function') throw new Error(`${module} does not export a function ${HARNESS_EXPORT}`);
  return factory as TranscriptBotFactory;
}

/** The whole command; returns the exit status. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.err(`${args}\n${USAGE}`);
    return 2;
  }
  let files: string[];
  let factory: TranscriptBotFactory;
  try {
    files = collectChatFiles(args.paths);
    factory = await loadFactory(args.harness);
  } catch (err) {
    io.err(errorText(err));
    return 2;
  }
  if (files.length === 0) {
    io.err(`no .chat files in ${args.paths.join(' ') || 'test/transcripts'}`);
    return 2;
  }
  const started = performance.now();
  const results = await runFiles(files, factory, {
    concurrency: args.concurrency, ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
  });
  const elapsed = performance.now() - started;
  io.out(formatReport(results, coverage(results, STEPS), elapsed));
  if (args.junit !== undefined) writeFileSync(args.junit, junitXml(results, elapsed));
  return results.every((r) => r.passed) ? 0 : 1;
}


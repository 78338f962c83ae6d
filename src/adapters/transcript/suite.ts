import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TranscriptBotFactory } from './harness.types.js';
import { parseTranscriptFile } from './parse.js';
import { errorText, runTranscript, type FileResult, type RunOptions } from './run.js';

export const DEFAULT_FOLDER = 'test/transcripts';
export const DEFAULT_CONCURRENCY = 4;

/**
 * The `.chat` files named or found below the named folders, sorted, without repeats. Inside folders, names
 * starting with `_` are skipped: they hold fragments meant only for `@include` (a file named explicitly always
 * runs).
 */
export function collectChatFiles(args: string[]): string[] {
  const out = new Set<string>();
  const visit = (path: string, explicit: boolean): void => {
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (name.startsWith('_') || name.startsWith('.')) continue;
        visit(join(path, name), false);
      }
    } else if (explicit || path.endsWith('.chat')) {
      out.add(path);
    }
  };
  for (const a of args.length > 0 ? args : [DEFAULT_FOLDER]) visit(a, true);
  return [...out].sort();
}

/** Parses and runs each file in its own bot, a few at a time; results keep the files' order. */
export async function runFiles(
  files: string[], factory: TranscriptBotFactory, options: RunOptions & { concurrency?: number } = {},
): Promise<FileResult[]> {
  const results: FileResult[] = new Array<FileResult>(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      const file = files[i] ?? '';
      results[i] = await runOneFile(file, factory, options);
    }
  };
  const n = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, files.length));
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}

async function runOneFile(file: string, factory: TranscriptBotFactory, options: RunOptions): Promise<FileResult> {
  const started = performance.now();
  try {
    return await runTranscript(parseTranscriptFile(file), factory, options);
  } catch (err) {
    // Parse errors already read "file:line: what was expected".
    return {
      file, title: basename(file), passed: false, ms: performance.now() - started, error: errorText(err),
      stepsReached: [], transitionsTaken: [], allTransitions: [],
    };
  }
}

export interface Coverage {
  steps: { covered: string[]; missed: string[] };
  transitions: { covered: string[]; missed: string[]; total: number };
}

export function coverage(results: FileResult[], allSteps: readonly string[]): Coverage {
  const taken = new Set(results.flatMap((r) => r.transitionsTaken));
  // Steps are sampled after each turn; a step passed through within a turn (placing) shows in the transitions.
  const reached = new Set([...results.flatMap((r) => r.stepsReached), ...[...taken].flatMap(statesNamedIn)]);
  const all = [...new Set(results.flatMap((r) => r.allTransitions))].sort();
  // Transitions the harness did not list still count as covered: never hide what ran.
  const covered = [...new Set([...all.filter((t) => taken.has(t)), ...taken])].sort();
  return {
    steps: { covered: allSteps.filter((s) => reached.has(s)), missed: allSteps.filter((s) => !reached.has(s)) },
    transitions: { covered, missed: all.filter((t) => !taken.has(t)), total: new Set([...all, ...taken]).size },
  };
}

/** The top-level states a transition name ("placing -> ORDER_PLACED -> provisioning") leaves and enters. */
function statesNamedIn(transition: string): string[] {
  const parts = transition.split(' -> ');
  const ends = [parts[0] ?? '', ...(parts[2] ?? '').split(',')];
  return ends.map((p) => p.trim().split('.')[0] ?? '').filter((p) => p !== '' && !p.startsWith('('));
}

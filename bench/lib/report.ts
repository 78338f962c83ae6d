/** One table row per figure; every benchmark returns rows, run.ts prints them and writes them as JSON. */
import { cpus, totalmem } from 'node:os';

export interface Row {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  /** The figure this one is compared with (the peer, the HTTP floor, a target). */
  baseline?: number;
  /** value / baseline (or as the note says). */
  ratio?: number;
  target?: string;
  /** Met / missed, when the issue names a target. */
  ok?: boolean;
  note?: string;
}

export interface BenchResult { rows: Row[]; notes?: string[] }

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export function summary(values: readonly number[]): { p50: number; p99: number; mean: number; n: number } {
  const s = [...values].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), mean: s.reduce((a, b) => a + b, 0) / (s.length || 1), n: s.length };
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export function machine(): { cpu: string; cores: number; memoryGiB: number; node: string; platform: string } {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown', cores: list.length, memoryGiB: Math.round(totalmem() / 2 ** 30 * 10) / 10,
    node: process.version, platform: `${process.platform} ${process.arch}`,
  };
}

function fmt(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '';
  const a = Math.abs(v);
  if (a >= 100_000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

export function table(rows: readonly Row[]): string {
  const head = ['bench', 'metric', 'value', 'unit', 'baseline', 'ratio', 'target', 'ok', 'note'];
  const body = rows.map((r) => [r.bench, r.metric, fmt(r.value), r.unit, fmt(r.baseline), r.ratio === undefined ? '' : `${fmt(r.ratio)}x`,
    r.target ?? '', r.ok === undefined ? '' : r.ok ? 'yes' : 'NO', r.note ?? '']);
  const widths = head.map((h, i) => Math.min(i === 8 ? 70 : 60, Math.max(h.length, ...body.map((b) => (b[i] ?? '').length))));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 2 || i === 4 || i === 5 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

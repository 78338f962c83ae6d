/**
 * 7. Hostile text: redaction and the understanding (at several steps, both languages) on adversarial inputs of
 * n and 10n characters. Time for 10n over time for n: about 10 is linear, about 100 quadratic. The understanding
 * reads answers only in the first 2,000 characters, so past that its ratio is below 10.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFaqIndex } from '../src/dialogs/understanding/faq-search.js';
import { understand } from '../src/dialogs/understanding/understand.js';
import type { UnderstandingView } from '../src/dialogs/understanding.types.js';
import { CatalogSchema } from '../src/domain/catalog.js';
import { FaqSchema } from '../src/domain/faq.js';
import type { Step } from '../src/domain/types.js';
import { redactText } from '../src/services/redact-text.js';
import { ROOT } from './lib/proc.js';
import { median, type BenchResult, type Row } from './lib/report.js';

/** Repeated to the length, then the tail: "a.a.a.…@" is what made the email redaction quadratic (7 s at 100,000). */
const UNITS: Record<string, [unit: string, tail: string]> = {
  "'a@'": ['a@', ''], "'a.' then '@'": ['a.', '@'], "'a-' then ' x@y.com'": ['a-', ' x@y.com'], "'1 '": ['1 ', ''], spaces: [' ', ''],
  Cyrillic: ['ж', ''], "'a,'": ['a,', ''], "'ok, '": ['ok, ', ''], "'jane@ '": ['jane@ ', ''],
};
const STEPS: Step[] = ['cart', 'email', 'verify', 'billingAddress', 'callingPlan', 'siteUrl', 'handoff'];
/** Linear is 10x, quadratic 100x; the margin above 10 is the collector's (100,000-character strings and their copies). */
const TARGET_RATIO = 20;

function views(): UnderstandingView[] {
  const read = (f: string) => JSON.parse(readFileSync(join(ROOT, 'data', f), 'utf8')) as unknown;
  const catalog = CatalogSchema.parse(read('catalog.json'));
  const faq = createFaqIndex(FaqSchema.parse(read('faq.json')));
  return STEPS.flatMap((step) => (['en', 'ru'] as const).map((locale) => ({ step, state: step, locale, pending: false, catalog, faq })));
}

function timed(runs: number, fn: () => void): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

export async function benchHostileText(o: { n: number; runs: number }): Promise<BenchResult> {
  const bench = '7 hostile text';
  const all = views();
  const fill = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  const hash = (c: string) => c;
  const rows: Row[] = [];
  for (const [kind, run] of [
    ['redaction', (t: string) => { redactText(t); }],
    ['understanding', (t: string) => { for (const v of all) understand({ kind: 'text', text: t }, v, hash); }],
  ] as const) {
    for (const [name, [unit, tail]] of Object.entries(UNITS)) {
      const small = fill(unit, o.n) + tail;
      const large = fill(unit, 10 * o.n) + tail;
      // Warm-up at both sizes: V8 compiles a pattern natively only after it has run a while (first runs interpret it).
      run(small);
      run(large);
      const a = timed(o.runs, () => run(small));
      const b = timed(o.runs, () => run(large));
      const ratio = b / Math.max(a, 0.001);
      rows.push({
        bench, metric: `${kind}, ${name} x ${(10 * o.n).toLocaleString('en-US')} vs ${o.n.toLocaleString('en-US')}`, value: b, unit: 'ms',
        baseline: a, ratio, target: `<= ${TARGET_RATIO}x`, ok: ratio <= TARGET_RATIO,
        ...(kind === 'understanding' ? { note: `${all.length} step/language views per input` } : {}),
      });
    }
  }
  return { rows };
}

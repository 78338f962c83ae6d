/**
 * npm run eval:understanding [-- --show-holdout] [--step S] [--lang en|ru]: the understanding judged on the labelled
 * corpus (test/understanding/corpus): accuracy per step and language, the misread inputs of the tuning share,
 * and the silent wrong values (committed without confirmation, different from the label) of every share.
 */
import { DEFAULT_DATA_DIR, loadProductData } from '../src/domain/product-data.js';
import { loadCorpus } from '../test/understanding/corpus/corpus.js';
import { judge, stepOf, tally, type Tally, type Verdict } from '../test/understanding/corpus/evaluate.js';

const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const showHoldout = args.includes('--show-holdout');
const onlyStep = flag('--step');
const onlyLang = flag('--lang');

const data = loadProductData(DEFAULT_DATA_DIR);
const { items, problems } = loadCorpus();
for (const p of problems) console.log(`INVALID ${p.file}#${p.index}: ${p.message}`);
const verdicts = items.filter((i) => (!onlyLang || i.language === onlyLang) && (!onlyStep || stepOf(i.at) === onlyStep)).map((i) => judge(i, data));

const pct = (t: Tally) => (t.total === 0 ? '-' : `${((100 * t.right) / t.total).toFixed(1)}%`);
const row = (name: string, t: Tally) => `${name.padEnd(22)} ${String(t.total).padStart(5)} ${pct(t).padStart(7)} ${String(t.silentWrong).padStart(6)}`;

for (const share of ['tuning', 'holdout'] as const) {
  const vs = verdicts.filter((v) => v.item.holdout === (share === 'holdout'));
  console.log(`\n== ${share} share (${vs.length} items)\n${'step / language'.padEnd(22)} ${'items'.padStart(5)} ${'right'.padStart(7)} ${'silent'.padStart(6)}`);
  const byStep = tally(vs, (v) => `${stepOf(v.item.at)} ${v.item.language}`);
  for (const k of [...byStep.keys()].sort()) console.log(row(k, byStep.get(k)!));
  for (const [lang, t] of tally(vs, (v) => v.item.language)) console.log(row(`ALL ${lang}`, t));
}

const show = (v: Verdict) => `[${v.item.language} ${v.item.at}] ${JSON.stringify(v.item.say)}\n    want ${JSON.stringify(v.want)}\n    got  ${JSON.stringify(v.got)}   (${v.item.file})`;
const misread = verdicts.filter((v) => !v.right && (showHoldout || !v.item.holdout));
console.log(`\n== misread (${showHoldout ? 'all shares' : 'tuning share'}): ${misread.length}`);
for (const v of misread) console.log(`${v.silentWrong ? 'SILENT ' : ''}${show(v)}`);

const all = tally(verdicts, () => 'all').get('all') ?? { total: 0, right: 0, silentWrong: 0 };
for (const [lang, t] of tally(verdicts, (v) => v.item.language)) console.log(`\n${lang}: ${t.total} items, ${pct(t)} right, ${t.silentWrong} silent wrong values`);
console.log(`all: ${all.total} items, ${pct(all)} right, ${all.silentWrong} silent wrong values${problems.length ? `, ${problems.length} invalid items` : ''}`);

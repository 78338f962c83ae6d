import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** The corpus format of README.md beside this file, validated. */
const Values = z.object({
  plan: z.string().optional(),
  renewal: z.enum(['annual', 'monthly']).optional(),
  licenses: z.number().int().optional(),
  callback: z.boolean().optional(),
  email: z.string().optional(),
  code: z.union([z.string(), z.number()]).transform(String).optional(),
  siteUrl: z.string().optional(),
  address: z.object({
    lines: z.array(z.string()).optional(), city: z.string().optional(), region: z.string().optional(),
    postalCode: z.union([z.string(), z.number()]).transform(String).optional(), country: z.string().optional(),
  }).strict().optional(),
  sameAsBilling: z.literal(true).optional(),
  callingPlan: z.object({ newNumbers: z.number().int(), area: z.union([z.string(), z.number()]).transform(String).optional(), port: z.array(z.string()).optional() }).strict().optional(),
  question: z.string().optional(),
  ask: z.string().optional(),
  options: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  intent: z.string().optional(),
}).strict();

export const ItemSchema = z.object({
  at: z.string().min(1),
  say: z.union([z.string(), z.number()]).transform(String),
  expect: Values,
  locale: z.enum(['en', 'ru']).optional(),
  taxExemptApproved: z.boolean().optional(),
  note: z.string().optional(),
}).strict();

export type Item = z.infer<typeof ItemSchema>;
export type Expect = Item['expect'];

export interface CorpusItem extends Item {
  language: 'en' | 'ru';
  file: string;
  /** Kept aside: reported, never tuned against. */
  holdout: boolean;
}

export const CORPUS_DIR = new URL('./', import.meta.url).pathname;
/** The share held out, by a hash of where and what was said, so it is stable and independent of file order. */
export const HOLDOUT_SHARE = 0.25;

export function isHoldout(at: string, say: string): boolean {
  const h = createHash('sha256').update(`${at}\u0000${say}`).digest();
  return (h.readUInt16BE(0) / 0x10000) < HOLDOUT_SHARE;
}

export interface LoadProblem { file: string; index: number; message: string }

/** Every item of every YAML file under en/ and ru/; invalid items are reported, not dropped silently. */
export function loadCorpus(dir = CORPUS_DIR): { items: CorpusItem[]; problems: LoadProblem[] } {
  const items: CorpusItem[] = [];
  const problems: LoadProblem[] = [];
  for (const language of ['en', 'ru'] as const) {
    let files: string[] = [];
    try { files = readdirSync(join(dir, language)).filter((f) => f.endsWith('.yaml')).sort(); } catch { continue; }
    for (const f of files) {
      const file = `${language}/${f}`;
      let doc: unknown;
      try { doc = parse(readFileSync(join(dir, language, f), 'utf8')); } catch (err) {
        problems.push({ file, index: -1, message: (err as Error).message.split('\n')[0] ?? 'YAML error' });
        continue;
      }
      if (!Array.isArray(doc)) { problems.push({ file, index: -1, message: 'not a list of items' }); continue; }
      doc.forEach((raw, index) => {
        const r = ItemSchema.safeParse(raw);
        if (!r.success) { problems.push({ file, index, message: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }); return; }
        items.push({ ...r.data, language, file, holdout: isHoldout(r.data.at, r.data.say) });
      });
    }
  }
  return { items, problems };
}

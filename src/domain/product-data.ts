import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { CatalogSchema, PoliciesSchema, TaxTableSchema, type ProductData } from './catalog.js';
import { FaqSchema } from './faq.js';

function readJson<S extends z.ZodType>(path: string, schema: S): z.infer<S> {
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Catalog, tax table, policies and help-page answers from a data folder (the operator replaces these files), validated. */
export function loadProductData(dir: string): ProductData {
  return {
    catalog: readJson(join(dir, 'catalog.json'), CatalogSchema),
    tax: readJson(join(dir, 'tax.json'), TaxTableSchema),
    policies: readJson(join(dir, 'policies.json'), PoliciesSchema).policies,
    faq: readJson(join(dir, 'faq.json'), FaqSchema),
  };
}

/** The data folder shipped with the bot. */
export const DEFAULT_DATA_DIR = new URL('../../data/', import.meta.url).pathname;

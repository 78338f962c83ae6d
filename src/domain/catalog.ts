import { z } from 'zod';
import type { Faq } from './faq.js';

/** Prices are integer cents per license per month; null means "sold through sales only". */
const localized = z.object({ en: z.string().min(1), ru: z.string().min(1) });
export const PlanSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: localized,
  includesCalling: z.boolean(),
  monthlyCents: z.number().int().nonnegative().nullable(),
  annualCents: z.number().int().nonnegative().nullable(),
  maxOnline: z.number().int().nonnegative(),
});
export const AddonSchema = z.object({
  id: z.string(),
  name: localized,
  monthlyCents: z.number().int().nonnegative(),
  annualCents: z.number().int().nonnegative(),
});
export const CatalogSchema = z.object({
  currency: z.string().length(3),
  plans: z.array(PlanSchema).min(1),
  addons: z.array(AddonSchema),
  annualNotSoldIn: z.array(z.string().length(2)).default([]),
});
export const TaxTableSchema = z.object({
  note: z.string().optional(),
  /** Basis points (725 = 7.25%) keyed by "CC-REGION" or "CC". */
  rates: z.record(z.string(), z.number().int().min(0).max(10_000)),
});
export const PolicySchema = z.object({
  id: z.string(),
  version: z.string(),
  title: localized,
  url: z.string().url(),
  callingOnly: z.boolean(),
});
export const PoliciesSchema = z.object({ policies: z.array(PolicySchema).min(1) });

export type Plan = z.infer<typeof PlanSchema>;
export type Addon = z.infer<typeof AddonSchema>;
export type Catalog = z.infer<typeof CatalogSchema>;
export type TaxTable = z.infer<typeof TaxTableSchema>;
export type Policy = z.infer<typeof PolicySchema>;

/** A plan is sold online when it has both prices and a positive online licence limit. */
export function isSoldOnline(plan: Plan): boolean {
  return plan.monthlyCents !== null && plan.annualCents !== null && plan.maxOnline > 0;
}

export function findPlan(catalog: Catalog, id: string | undefined): Plan | undefined {
  return id === undefined ? undefined : catalog.plans.find((p) => p.id === id);
}

/** Everything the pure core needs to know about the product, loaded and validated once at start. */
export interface ProductData {
  catalog: Catalog;
  tax: TaxTable;
  policies: Policy[];
  /** Answers to the help-page questions and the phrasings their search is built from. */
  faq: Faq;
}

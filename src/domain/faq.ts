import { z } from 'zod';
import type { Locale } from './types.js';

/** Whitespace-only text would render as an empty reply, so it is rejected like an empty string. */
const text = z.string().regex(/\S/, 'must not be empty');
const phrasings = z.array(text).min(1);

export const FaqEntrySchema = z.object({
  /** Stable id the understanding reports and the prompts answer by (e.g. "licence-who"). */
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** What the bot says, 2-3 sentences per language. */
  answer: z.object({ en: text, ru: text }),
  /** Example phrasings that feed the search index: the way people ask, typos included. */
  questions: z.object({ en: phrasings, ru: phrasings }),
});

/** The help-page questions the bot answers at any step (data/faq.json, replaced by operators). */
export const FaqSchema = z.object({ entries: z.array(FaqEntrySchema).min(1) }).superRefine((faq, ctx) => {
  const seen = new Set<string>();
  faq.entries.forEach((e, i) => {
    if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: ['entries', i, 'id'], message: `duplicate id "${e.id}"` });
    seen.add(e.id);
  });
});

export type FaqEntry = z.infer<typeof FaqEntrySchema>;
export type Faq = z.infer<typeof FaqSchema>;

/** The answer to question `id` in `locale`; undefined for an id the data does not hold. */
export function faqAnswer(faq: Faq, id: string, locale: Locale): string | undefined {
  return faq.entries.find((e) => e.id === id)?.answer[locale];
}

import { z } from 'zod';
import { STEPS, type Locale } from './types.js';

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
  /**
   * The steps whose subject this entry is: there a question that names no subject ("what's the difference?",
   * "can it be changed later?") is taken to be about it, and the entry wins a close call.
   */
  steps: z.array(z.enum(STEPS)).optional(),
});

/** The id the search gives a question nothing here answers; no entry may take it. */
export const UNANSWERED_ID = 'none';

/** The help-page questions the bot answers at any step (data/faq.json, replaced by operators). */
export const FaqSchema = z.object({
  entries: z.array(FaqEntrySchema).min(1),
  /**
   * Questions the help page does not answer (discounts, trials, refunds, integrations), the way people ask: their
   * words draw such a question away from the entries that share a word with it ("can i get a discount code").
   */
  unanswered: z.object({ en: z.array(text), ru: z.array(text) }).optional(),
}).superRefine((faq, ctx) => {
  const seen = new Set<string>([UNANSWERED_ID]);
  faq.entries.forEach((e, i) => {
    if (e.id === UNANSWERED_ID) ctx.addIssue({ code: 'custom', path: ['entries', i, 'id'], message: `"${UNANSWERED_ID}" is the id of no answer` });
    else if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: ['entries', i, 'id'], message: `duplicate id "${e.id}"` });
    seen.add(e.id);
  });
});

export type FaqEntry = z.infer<typeof FaqEntrySchema>;
export type Faq = z.infer<typeof FaqSchema>;

/** The answer to question `id` in `locale`; undefined for an id the data does not hold. */
export function faqAnswer(faq: Faq, id: string, locale: Locale): string | undefined {
  return faq.entries.find((e) => e.id === id)?.answer[locale];
}

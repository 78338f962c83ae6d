import type { ProductData } from '../domain/catalog.js';
import { findPlan, isSoldOnline } from '../domain/catalog.js';
import { quote, type Quote } from '../domain/pricing.js';
import type { HandoffReason } from '../domain/types.js';
import type { Change, OrderDraft, PendingEvent, UpgradeContext } from './upgrade.types.js';

export type Pending = PendingEvent;

/** A change that cannot be sold online leads to sales instead. */
export function handoffReasonFor(catalog: ProductData['catalog'], change: Change, ctx?: UpgradeContext): HandoffReason | undefined {
  if (change.field === 'plan') {
    const plan = findPlan(catalog, change.value);
    return plan !== undefined && !isSoldOnline(plan) ? 'enterprise' : undefined;
  }
  if (change.field === 'licenses') {
    const max = findPlan(catalog, ctx?.answers.plan)?.maxOnline ?? Math.max(...catalog.plans.map((p) => p.maxOnline));
    return change.value > max ? 'largeOrder' : undefined;
  }
  return undefined;
}

/** What a change does to the draft: the new answer, and everything that depended on the old one invalidated. */
export function changeAssignments(ctx: UpgradeContext, change: Change, catalog: ProductData['catalog']): Partial<UpgradeContext> {
  const answers = { ...ctx.answers };
  const priceChanged = { cartConfirmed: false, payment: undefined, consent: undefined };
  switch (change.field) {
    case 'plan': {
      answers.plan = change.value;
      if (!findPlan(catalog, change.value)?.includesCalling) delete answers.callingPlan;
      return { answers, ...priceChanged };
    }
    case 'renewal': answers.renewal = change.value; return { answers, ...priceChanged };
    case 'licenses': {
      answers.licenses = change.value;
      if (answers.callingPlan && answers.callingPlan.newNumbers > change.value) delete answers.callingPlan;
      return { answers, ...priceChanged };
    }
    case 'callback': answers.callback = change.value; return { answers, ...priceChanged };
    case 'email':
      delete answers.email;
      return { answers, account: undefined, verifiedEmail: undefined, verification: undefined };
    case 'billingAddress':
      delete answers.billingAddress;
      return { answers, addressDraft: undefined, payment: undefined };
    case 'serviceAddress': delete answers.serviceAddress; return { answers, addressDraft: undefined };
    case 'callingPlan': delete answers.callingPlan; return { answers };
    case 'siteUrl': delete answers.siteUrl; return { answers, siteCandidate: undefined };
  }
}

export function orderQuote(data: ProductData, ctx: UpgradeContext): Quote | undefined {
  return quote(data.catalog, data.tax, ctx.answers, { taxExempt: ctx.taxExempt !== undefined });
}

/** The order as placed: its idempotency key is per conversation and purchase, so a retry never makes a second one. */
export function buildOrder(data: ProductData, ctx: UpgradeContext): OrderDraft {
  const q = orderQuote(data, ctx);
  return {
    idempotencyKey: `${ctx.conversationId}.${ctx.purchase}`,
    conversationId: ctx.conversationId,
    answers: ctx.answers,
    consent: ctx.consent ?? { policies: [], acceptedAt: 0, userId: ctx.userId },
    paymentId: ctx.payment?.paymentId ?? '',
    ...(ctx.taxExempt ? { taxExempt: ctx.taxExempt } : {}),
    currency: q?.currency ?? data.catalog.currency,
    subtotalCents: q?.subtotalCents ?? 0,
    taxCents: q?.taxCents ?? 0,
    totalCents: q?.totalCents ?? 0,
  };
}

/**
 * What any user event does to the context before the machine takes it: an answer ends a run of
 * misunderstandings, and moving on without a yes or no drops an unanswered proposal (so a later "yes" to another
 * question can never confirm it).
 */
export function settleBeforeUserEvent(ctx: UpgradeContext, type: string): UpgradeContext {
  const misses = type === 'NOT_UNDERSTOOD' ? ctx.misses : 0;
  const keepPending = type === 'CONFIRM_PENDING' || type === 'REJECT_PENDING' || type === 'PROPOSE' || ctx.step === 'handoff';
  // A question asked back is the last message's; an answer (or anything but a miss) replaces it.
  // A bare count answering "2 or 3 new numbers in 812?" takes the area and the porting from the question.
  const keepClarify = type === 'NOT_UNDERSTOOD' || (type === 'GIVE_CALLING_PLAN' && ctx.clarify?.field === 'callingPlan');
  const dropClarify = ctx.clarify !== undefined && !keepClarify;
  if (misses === ctx.misses && (keepPending || ctx.pending === undefined) && !dropClarify) return ctx;
  return { ...ctx, misses, ...(keepPending ? {} : { pending: undefined }), ...(dropClarify ? { clarify: undefined } : {}) };
}

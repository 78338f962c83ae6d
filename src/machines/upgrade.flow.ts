import type { Catalog } from '../domain/catalog.js';
import { findPlan, isSoldOnline } from '../domain/catalog.js';
import type { Step } from '../domain/types.js';
import type { UpgradeContext } from './upgrade.types.js';

/** The purchase steps in order; `provisioning` and `done` follow `placing`. */
export const FLOW: readonly Step[] = [
  'plan', 'renewal', 'licenses', 'callback', 'cart', 'email', 'verify', 'billingAddress', 'serviceAddress',
  'callingPlan', 'siteUrl', 'payment', 'consent', 'placing', 'provisioning', 'done',
];

export function includesCalling(catalog: Catalog, ctx: Pick<UpgradeContext, 'answers'>): boolean {
  return findPlan(catalog, ctx.answers.plan)?.includesCalling === true;
}

/** Whether the step has an answer (or does not apply to this draft). */
export function isStepDone(step: Step, ctx: UpgradeContext, catalog: Catalog): boolean {
  const a = ctx.answers;
  switch (step) {
    case 'plan': {
      const plan = findPlan(catalog, a.plan);
      return plan !== undefined && isSoldOnline(plan);
    }
    case 'renewal': return a.renewal !== undefined;
    case 'licenses': return a.licenses !== undefined;
    case 'callback': return a.callback !== undefined;
    case 'cart': return ctx.cartConfirmed;
    // An address without a free account is done until its code proves it (the same answer for every address), then asked again.
    case 'email': return a.email !== undefined && ctx.account?.email === a.email && !(ctx.account.missing === true && ctx.verifiedEmail === a.email);
    case 'verify': return a.email !== undefined && ctx.verifiedEmail === a.email;
    case 'billingAddress': return a.billingAddress !== undefined;
    case 'serviceAddress': return a.serviceAddress !== undefined;
    case 'callingPlan': return !includesCalling(catalog, ctx) || a.callingPlan !== undefined;
    case 'siteUrl': return a.siteUrl !== undefined;
    case 'payment': return ctx.payment?.status === 'succeeded';
    case 'consent': return ctx.consent !== undefined;
    case 'placing': return ctx.orderId !== undefined;
    case 'provisioning': return ctx.siteReady === true;
    default: return false;
  }
}

/** The first step of the flow still to answer: where "continue" leads. */
export function nextStep(ctx: UpgradeContext, catalog: Catalog): Step {
  for (const step of FLOW) if (!isStepDone(step, ctx, catalog)) return step;
  return 'done';
}

/** Where "back" leads from a step, or undefined when going back is not possible there. */
export function prevStep(step: Step, ctx: UpgradeContext, catalog: Catalog): Step | undefined {
  if (ctx.payment?.status === 'succeeded') return undefined;
  const special: Partial<Record<Step, Step>> = { email: 'cart', verify: 'email', billingAddress: 'cart' };
  if (special[step]) return special[step];
  const i = FLOW.indexOf(step);
  if (i <= 0 || FLOW.indexOf('payment') < i) return undefined;
  for (let j = i - 1; j >= 0; j--) {
    const s = FLOW[j] as Step;
    if (s === 'verify' || s === 'email') continue;
    if (s === 'callingPlan' && !includesCalling(catalog, ctx)) continue;
    return s;
  }
  return undefined;
}

const PUBLIC_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'yahoo.com', 'icloud.com', 'me.com',
  'aol.com', 'proton.me', 'protonmail.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.ru', 'yandex.ru', 'ya.ru',
  'bk.ru', 'list.ru', 'inbox.ru', 'rambler.ru',
]);

/** A DNS label: 3..63 of a-z, 0-9 and inner hyphens. */
export function isValidSiteName(name: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$/.test(name) && !name.includes('--');
}

/** The site name derived from the sign-up email: the company domain, or the mailbox for public mail. */
export function deriveSiteName(email: string): string {
  const [local = '', domain = ''] = email.toLowerCase().split('@');
  const base = PUBLIC_MAIL.has(domain) ? local : (domain.split('.')[0] ?? local);
  let name = base.replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 63);
  if (name.length < 3) name = `${name}-site`.replace(/^-/, '');
  return isValidSiteName(name) ? name : 'my-webex-site';
}

/** E.164: "+" and 8..15 digits. */
export function isE164(n: string): boolean {
  return /^\+[1-9]\d{7,14}$/.test(n);
}

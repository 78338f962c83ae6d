import { initialTransition, transition } from 'xstate';
import type { Address, Step } from '../../src/domain/types.js';
import type { ProductData } from '../../src/domain/catalog.js';
import { loadProductData, DEFAULT_DATA_DIR } from '../../src/domain/product-data.js';
import { settleBeforeUserEvent } from '../../src/machines/upgrade.logic.js';
import { createUpgradeMachine } from '../../src/machines/upgrade.machine.js';
import type { Effect, EffectType, SystemEvent, UpgradeEvent, UserEvent } from '../../src/machines/upgrade.types.js';

export const data = loadProductData(DEFAULT_DATA_DIR);
export const machine = createUpgradeMachine({ ...data, claimTimeoutMs: 600_000 });
export type Machine = typeof machine;
export type Snap = ReturnType<typeof initialTransition<typeof machine>>[0];
export const INPUT = { conversationId: 'c1', userId: 'u1', locale: 'en' as const };
export const T0 = Date.parse('2026-01-05T09:00:00Z');

export const SYSTEM_EVENTS = new Set(['ACCOUNT_FOUND', 'ACCOUNT_NOT_FOUND', 'CODE_SENT', 'CODE_LIMITED', 'SITE_URL_CHECKED', 'PAYMENT_LINK_CREATED', 'PAYMENT_SUCCEEDED',
  'PAYMENT_FAILED', 'ORDER_PLACED', 'PROVISIONING_COMPLETE', 'HANDOFF_QUEUED', 'AGENT_JOINED', 'AGENT_MESSAGE', 'AGENT_RESUMED', 'AGENT_RELEASED',
  'AGENT_CLOSED', 'TIMER_FIRED', 'EFFECT_FAILED', 'FORGOTTEN']);
const EFFECTS = new Set(['say', 'lookupAccount', 'sendCode', 'recordCodeFailure', 'checkSiteUrl', 'createPaymentLink', 'placeOrder', 'startProvisioning',
  'requestHandoff', 'relayToAgent', 'endHandoff', 'leaveCallbackContact', 'scheduleTimer', 'cancelTimer', 'forgetMe']);

export const CA_ADDRESS: Address = { lines: ['1 Infinite Loop'], city: 'Cupertino', region: 'CA', postalCode: '95014', country: 'US' };
export const TX_ADDRESS: Address = { lines: ['100 Congress Ave'], city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' };
export const DE_ADDRESS: Address = { lines: ['Unter den Linden 1'], city: 'Berlin', postalCode: '10117', country: 'DE' };

/** A reply the simulated world gives to an effect; `undefined` means "no answer (yet)". */
type Responder = (e: Effect, now: number) => SystemEvent | undefined;

/** A machine over a modified copy of the default product data (e.g. a smaller online licence limit). */
export function machineWith(change: (d: ProductData) => ProductData, claimTimeoutMs = 600_000) {
  return createUpgradeMachine({ ...change(structuredClone(data)), claimTimeoutMs });
}

/** A tiny effect runner for machine tests: answers effects the way the simulated world would. */
export function createDriver(opts: { accounts?: string[]; taken?: string[]; now?: number; machine?: Machine; snapshot?: Snap } = {}) {
  const m = opts.machine ?? machine;
  let now = opts.now ?? T0;
  const accounts = new Set(opts.accounts ?? ['jane@acme.com']);
  const taken = new Set(opts.taken ?? []);
  const effects: Effect[] = [];
  const overrides = new Map<EffectType, Responder>();
  let payments = 0;
  let codes = 0;
  let snap: Snap;
  let acts: readonly { type: string; params?: unknown }[];
  if (opts.snapshot) { snap = opts.snapshot; acts = []; } else { [snap, acts] = initialTransition(m, INPUT); }
  const collect = (a: readonly { type: string; params?: unknown }[]) => {
    const out = a.filter((x) => EFFECTS.has(x.type)).map((x) => ({ type: x.type, params: x.params }) as Effect);
    effects.push(...out);
    return out;
  };
  collect(acts);
  const result = (e: Effect): SystemEvent | undefined => {
    const o = overrides.get(e.type);
    if (o) return o(e, now);
    switch (e.type) {
      case 'lookupAccount': return accounts.has(e.params.email) ? { type: 'ACCOUNT_FOUND', email: e.params.email } : { type: 'ACCOUNT_NOT_FOUND', email: e.params.email };
      case 'sendCode': codes++; return { type: 'CODE_SENT', codeHash: `hash:${codes}`, expiresAt: now + 600_000 };
      case 'checkSiteUrl': return taken.has(e.params.name) ? { type: 'SITE_URL_CHECKED', name: e.params.name, available: false, suggestion: `${e.params.name}-2` } : { type: 'SITE_URL_CHECKED', name: e.params.name, available: true };
      case 'createPaymentLink': payments++; return { type: 'PAYMENT_LINK_CREATED', paymentId: `pay${payments}`, url: `http://localhost/pay/t${payments}`, expiresAt: now + 3_600_000 };
      case 'placeOrder': return { type: 'ORDER_PLACED', orderId: `order:${e.params.order.idempotencyKey}` };
      case 'requestHandoff': return { type: 'HANDOFF_QUEUED', caseId: 'case1', position: 1 };
      case 'forgetMe': return { type: 'FORGOTTEN', ok: true };
      default: return undefined;
    }
  };
  const send = (ev: UserEvent | SystemEvent): Effect[] => {
    const start = effects.length;
    // As the turn engine does: a user's event first settles misses and unanswered proposals.
    if (!SYSTEM_EVENTS.has(ev.type)) snap = { ...snap, context: settleBeforeUserEvent(snap.context, ev.type) } as typeof snap;
    const queue: (UserEvent | SystemEvent)[] = [ev];
    while (queue.length) {
      const next = queue.shift()!;
      [snap, acts] = transition(m, snap, { ...next, at: now } as UpgradeEvent);
      for (const e of collect(acts)) { const r = result(e); if (r) queue.push(r); }
    }
    return effects.slice(start);
  };
  return {
    send,
    machine: m,
    get snap() { return snap; },
    get ctx() { return snap.context; },
    get step() { return snap.context.step; },
    get value() { return JSON.stringify(snap.value); },
    get now() { return now; },
    /** The hash of the code most recently mailed (what the understanding would compute from the right code). */
    get code() { return `hash:${codes}`; },
    effects,
    advance(ms: number) { now += ms; },
    /** Answer an effect differently from now on (return undefined for "no answer"); `null` restores the default. */
    answer(type: EffectType, fn: Responder | null) { if (fn) overrides.set(type, fn); else overrides.delete(type); },
    says: (es: Effect[]) => es.filter((e) => e.type === 'say').map((e) => (e.params as { key: string }).key),
  };
}
export type Driver = ReturnType<typeof createDriver>;

export const says = (es: Effect[]) => es.filter((e) => e.type === 'say').map((e) => (e.params as { key: string }).key);
export const ofType = <T extends EffectType>(es: Effect[], type: T) => es.filter((e): e is Extract<Effect, { type: T }> => e.type === type);

export interface Route { plan?: string; renewal?: 'annual' | 'monthly'; licenses?: number; callback?: boolean; billing?: Address; email?: string }

/**
 * Walks the happy path until the conversation is at `target` (or fails loudly if it cannot get there).
 * Payment succeeds as soon as the link exists; the consent is given.
 */
export function goTo(d: Driver, target: Step, r: Route = {}): void {
  const route = { plan: 'suite', renewal: 'annual' as const, licenses: 25, callback: true, billing: CA_ADDRESS, email: 'jane@acme.com', ...r };
  for (let i = 0; i < 30 && d.step !== target; i++) {
    const at = d.step;
    switch (at) {
      case 'plan': d.send({ type: 'CHOOSE_PLAN', plan: route.plan }); break;
      case 'renewal': d.send({ type: 'CHOOSE_RENEWAL', renewal: route.renewal }); break;
      case 'licenses': d.send({ type: 'SET_LICENSES', count: route.licenses }); break;
      case 'callback': d.send({ type: 'SET_CALLBACK', value: route.callback }); break;
      case 'cart': d.send({ type: 'CHECKOUT' }); break;
      case 'email': d.send({ type: 'GIVE_EMAIL', email: route.email }); break;
      case 'verify': d.send({ type: 'GIVE_CODE', codeHash: d.code }); break;
      case 'billingAddress': d.send({ type: 'GIVE_ADDRESS', address: route.billing }); d.send({ type: 'YES' }); break;
      case 'serviceAddress': d.send({ type: 'SAME_AS_BILLING' }); break;
      case 'callingPlan': d.send({ type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 2, area: '415', port: [] } }); break;
      case 'siteUrl': d.send({ type: 'YES' }); break;
      case 'payment': d.send({ type: 'PAYMENT_SUCCEEDED', paymentId: d.ctx.payment?.paymentId ?? '' }); break;
      case 'consent': d.send({ type: 'YES' }); break;
      case 'placing': d.send({ type: 'YES' }); break;
      case 'provisioning': d.send({ type: 'PROVISIONING_COMPLETE' }); break;
      default: throw new Error(`goTo(${target}): stuck at ${at}`);
    }
    if (d.step === at && at !== target && at !== 'placing') throw new Error(`goTo(${target}): no progress at ${at} (${d.value})`);
  }
  if (d.step !== target) throw new Error(`goTo(${target}): ended at ${d.step} (${d.value})`);
}

/** Of graph paths, the shortest that ends at each canonical step. */
export function shortestByStep<P extends { state: unknown; steps: readonly unknown[] }>(paths: readonly P[]): Map<Step, P> {
  const best = new Map<Step, P>();
  for (const p of paths) {
    const step = (p.state as Snap).context.step;
    const cur = best.get(step);
    if (!cur || p.steps.length < cur.steps.length) best.set(step, p);
  }
  return best;
}

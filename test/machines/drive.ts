import { initialTransition, transition } from 'xstate';
import { loadProductData, DEFAULT_DATA_DIR } from '../../src/domain/product-data.js';
import { createUpgradeMachine } from '../../src/machines/upgrade.machine.js';
import type { Effect, SystemEvent, UpgradeEvent, UserEvent } from '../../src/machines/upgrade.types.js';

export const data = loadProductData(DEFAULT_DATA_DIR);
export const machine = createUpgradeMachine({ ...data, claimTimeoutMs: 600_000 });
export type Snap = ReturnType<typeof initialTransition<typeof machine>>[0];

const EFFECTS = new Set(['say', 'lookupAccount', 'sendCode', 'checkSiteUrl', 'createPaymentLink', 'placeOrder', 'startProvisioning',
  'requestHandoff', 'relayToAgent', 'endHandoff', 'leaveCallbackContact', 'scheduleTimer', 'cancelTimer']);

/** A tiny effect runner for machine tests: answers effects the way the simulated world would. */
export function createDriver(opts: { accounts?: string[]; taken?: string[]; now?: number } = {}) {
  let now = opts.now ?? Date.parse('2026-01-05T09:00:00Z');
  const accounts = new Set(opts.accounts ?? ['jane@acme.com']);
  const taken = new Set(opts.taken ?? []);
  const effects: Effect[] = [];
  let [snap, acts] = initialTransition(machine, { conversationId: 'c1', userId: 'u1', locale: 'en' });
  const collect = (a: readonly { type: string; params?: unknown }[]) => {
    const out = a.filter((x) => EFFECTS.has(x.type)).map((x) => ({ type: x.type, params: x.params }) as Effect);
    effects.push(...out);
    return out;
  };
  collect(acts);
  const result = (e: Effect): SystemEvent | undefined => {
    switch (e.type) {
      case 'lookupAccount': return accounts.has(e.params.email) ? { type: 'ACCOUNT_FOUND', email: e.params.email } : { type: 'ACCOUNT_NOT_FOUND', email: e.params.email };
      case 'sendCode': return { type: 'CODE_SENT', codeHash: 'hash:123456', expiresAt: now + 600_000 };
      case 'checkSiteUrl': return taken.has(e.params.name) ? { type: 'SITE_URL_CHECKED', name: e.params.name, available: false, suggestion: `${e.params.name}-2` } : { type: 'SITE_URL_CHECKED', name: e.params.name, available: true };
      case 'createPaymentLink': return { type: 'PAYMENT_LINK_CREATED', paymentId: 'pay1', url: 'http://localhost/pay/t', expiresAt: now + 3_600_000 };
      case 'placeOrder': return { type: 'ORDER_PLACED', orderId: e.params.order.idempotencyKey };
      case 'requestHandoff': return { type: 'HANDOFF_QUEUED', caseId: 'case1', position: 1 };
      default: return undefined;
    }
  };
  const send = (ev: UserEvent | SystemEvent): Effect[] => {
    const start = effects.length;
    const queue: (UserEvent | SystemEvent)[] = [ev];
    while (queue.length) {
      const next = queue.shift()!;
      [snap, acts] = transition(machine, snap, { ...next, at: now } as UpgradeEvent);
      for (const e of collect(acts)) { const r = result(e); if (r) queue.push(r); }
    }
    return effects.slice(start);
  };
  return {
    send,
    get snap() { return snap; },
    get step() { return snap.context.step; },
    get value() { return JSON.stringify(snap.value); },
    effects,
    advance(ms: number) { now += ms; },
    says: (es: Effect[]) => es.filter((e) => e.type === 'say').map((e) => (e.params as { key: string }).key),
  };
}

import { transition, initialTransition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { STEPS, type Step } from '../../src/domain/types.js';
import type { UpgradeEvent } from '../../src/machines/upgrade.types.js';
import { CA_ADDRESS, INPUT, T0, machine, shortestByStep, type Snap } from './drive.js';

/**
 * Model-based reachability: every canonical step of DOMAIN.md is reachable from the start by events a user or the
 * simulated world can send. The machine has no invoke/after, so getShortestPaths can drive it directly; `raise`
 * (ROUTE, START_HANDOFF) is processed inside `machine.transition`, so internal events never appear in a path.
 *
 * The state is serialised by its value plus the few context facts that decide where the next event leads but do not
 * change the value (a code was mailed, the payment link exists, a proposal awaits a yes, the plan includes calling).
 * By value alone the traversal keeps only the first snapshot of `verify` (before CODE_SENT) and never sees the code
 * accepted; these flags are finite, so the graph stays small.
 */
const AT = T0 + 60_000;

function events(s: Snap): UpgradeEvent[] {
  const c = s.context;
  const ev = <E extends Omit<UpgradeEvent, 'at'>>(e: E) => ({ ...e, at: AT }) as unknown as UpgradeEvent;
  return [
    // user answers
    ev({ type: 'CHOOSE_PLAN', plan: 'suite' }), ev({ type: 'CHOOSE_PLAN', plan: 'meet' }), ev({ type: 'CHOOSE_PLAN', plan: 'enterprise' }),
    ev({ type: 'CHOOSE_RENEWAL', renewal: 'annual' }), ev({ type: 'CHOOSE_RENEWAL', renewal: 'monthly' }),
    ev({ type: 'SET_LICENSES', count: 25 }), ev({ type: 'SET_LICENSES', count: 101 }),
    ev({ type: 'SET_CALLBACK', value: true }), ev({ type: 'CHECKOUT' }),
    ev({ type: 'GIVE_EMAIL', email: 'jane@acme.com' }), ev({ type: 'GIVE_CODE', codeHash: 'hash:1' }), ev({ type: 'RESEND_CODE' }),
    ev({ type: 'GIVE_ADDRESS', address: CA_ADDRESS }), ev({ type: 'SAME_AS_BILLING' }),
    ev({ type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 2, area: '415', port: [] } }),
    ev({ type: 'GIVE_SITE_URL', name: 'acme-video' }), ev({ type: 'RETRY_PAYMENT' }),
    ev({ type: 'YES' }), ev({ type: 'NO' }),
    // global commands
    ev({ type: 'HELP' }), ev({ type: 'BACK' }), ev({ type: 'SHOW_CART' }), ev({ type: 'RESTART' }), ev({ type: 'CANCEL' }),
    ev({ type: 'RESUME' }), ev({ type: 'HUMAN' }), ev({ type: 'TAX_EXEMPT' }), ev({ type: 'CONFIRM_PENDING' }), ev({ type: 'REJECT_PENDING' }),
    ev({ type: 'CHANGE', change: { field: 'licenses', value: 30 } }),
    // what the world answers to the effects, as the simulated services would for this conversation
    ev({ type: 'ACCOUNT_FOUND', email: c.answers.email ?? 'jane@acme.com' }),
    ev({ type: 'CODE_SENT', codeHash: 'hash:1', expiresAt: AT + 600_000 }),
    ev({ type: 'SITE_URL_CHECKED', name: c.siteCandidate ?? 'acme', available: true }),
    ev({ type: 'PAYMENT_LINK_CREATED', paymentId: 'pay1', url: 'http://localhost/pay/t1', expiresAt: AT + 3_600_000 }),
    ev({ type: 'PAYMENT_SUCCEEDED', paymentId: 'pay1' }), ev({ type: 'PAYMENT_FAILED', paymentId: 'pay1' }),
    ev({ type: 'ORDER_PLACED', orderId: 'order1' }), ev({ type: 'PROVISIONING_COMPLETE' }),
    ev({ type: 'HANDOFF_QUEUED', caseId: 'case1', position: 1 }), ev({ type: 'AGENT_JOINED', agentName: 'Sam' }),
    ev({ type: 'AGENT_RESUMED' }), ev({ type: 'AGENT_CLOSED' }),
  ];
}

const serializeState = (s: Snap) => JSON.stringify({
  v: s.value,
  code: s.context.verification !== undefined,
  pay: s.context.payment?.status ?? null,
  pending: s.context.pending !== undefined,
  calling: s.context.answers.plan === undefined ? null : ['call', 'suite', 'enterprise'].includes(s.context.answers.plan),
});

describe('xstate/graph: shortest paths reach every step', () => {
  const paths = getShortestPaths(machine, { input: INPUT, events, serializeState: serializeState as never, limit: 50_000 });
  const shortest = shortestByStep(paths);

  it('traverses a finite graph of a reasonable size', () => {
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.length).toBeLessThan(5_000);
  });

  it.each([...STEPS])('reaches %s from the start', (step) => {
    const p = shortest.get(step);
    expect(p, `no path to ${step}`).toBeDefined();
    // A step name matches any state beneath it.
    const top = (v: Snap['value']) => (typeof v === 'string' ? v : Object.keys(v)[0]);
    expect(top((p!.state as Snap).value)).toBe(step);
  });

  it('the path to done replays with transition() from a fresh start and goes through the whole flow', () => {
    const p = shortest.get('done')!;
    let [snap] = initialTransition(machine, INPUT);
    const visited: Step[] = [snap.context.step];
    for (const s of p.steps.slice(1)) {
      [snap] = transition(machine, snap, s.event as UpgradeEvent);
      if (visited.at(-1) !== snap.context.step) visited.push(snap.context.step);
    }
    expect(snap.context.step).toBe('done');
    // In flow order, nothing skipped except callingPlan, and that only for a plan without calling (the shortest is Meet).
    const calling = snap.context.answers.plan !== 'meet';
    expect(visited).toEqual(['plan', 'renewal', 'licenses', 'callback', 'cart', 'email', 'verify', 'billingAddress', 'serviceAddress',
      ...(calling ? ['callingPlan'] : []), 'siteUrl', 'payment', 'consent', 'placing', 'provisioning', 'done']);
    expect(snap.context.orderId).toBe('order1');
  });

  it('the shortest path to handoff is a confirmed request (never a one-event jump)', () => {
    const p = shortest.get('handoff')!;
    const types = p.steps.map((s) => s.event.type);
    expect(types.at(-1)).toBe('CONFIRM_PENDING');
    expect(['HUMAN', 'TAX_EXEMPT', 'CHOOSE_PLAN']).toContain(types.at(-2));
  });

  it('callingPlan is only reached with a plan that includes calling', () => {
    for (const p of paths) {
      const s = p.state as Snap;
      if (s.context.step === 'callingPlan') expect(['call', 'suite']).toContain(s.context.answers.plan);
    }
  });
});

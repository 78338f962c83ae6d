/** Drives the botbuilder peer through the same purchase, with the same inputs and simulated services. */
import type { Activity } from 'botbuilder';
import { createIds, createVirtualClock } from '../../src/services/clock.js';
import { createLocalPayments, tokenFromUrl } from '../../src/services/payments/index.js';
import { createSimulatedProvisioner } from '../../src/services/provisioning/simulated.js';
import { createMemoryStore } from '../../src/services/store/memory.store.js';
import type { PurchaseStep } from '../lib/purchase.js';
import { PURCHASE } from '../lib/purchase.js';
import { BENCH_START, DRAFT_TTL_SECONDS, benchData, benchDirectory, buyerAccounts, codeFrom, latestMailer } from '../lib/world.js';
import { createPeer, type Peer } from './botbuilder-peer.js';

export interface PeerWorld {
  peer: Peer;
  readonly replies: number;
  conversationIdOf(n: number): string;
  step(n: number, step: PurchaseStep): Promise<Partial<Activity>[]>;
}

export async function createPeerWorld(): Promise<PeerWorld> {
  const clock = createVirtualClock(BENCH_START);
  const ids = createIds();
  const mailer = latestMailer();
  const orders = createMemoryStore({ clock, defaultTtlSeconds: DRAFT_TTL_SECONDS }).orders;
  const links = new Map<string, string>();
  let replies = 0;
  const conversationIdOf = (n: number): string => `a:bench-chat-${n}`;
  const activity = (n: number, a: Partial<Activity>): Partial<Activity> => ({
    ...a, from: { id: `29:bench-user-${n}`, name: `Buyer ${n}` }, conversation: { id: conversationIdOf(n), isGroup: false, conversationType: 'personal', name: '' }, locale: 'en-US',
  });
  let peer: Peer | undefined;
  const byConversation = new Map<string, number>();
  const local = createLocalPayments({
    publicUrl: 'http://localhost:3978', clock, ids, ttlMs: 3_600_000,
    onOutcome: async (conv, ev) => {
      const n = byConversation.get(conv);
      if (peer === undefined || n === undefined) throw new Error(`payment for an unknown conversation ${conv}`);
      replies += (await peer.turn(activity(n, { type: 'event', name: 'payment', value: ev }))).length;
    },
  });
  peer = createPeer({
    data: benchData(), directory: await benchDirectory(), accounts: buyerAccounts(), mailer, orders,
    provisioner: createSimulatedProvisioner({ delayMs: 5 * 60_000 }), codeSecret: 'bench-code-secret-0123456789', now: () => clock.now(),
    payments: {
      async createLink(req) {
        const link = await local.createLink(req);
        links.set(req.conversationId, link.url);
        return link;
      },
    },
  });
  const p = peer;
  return {
    peer: p,
    get replies() { return replies; },
    conversationIdOf,
    async step(n, step) {
      const conv = conversationIdOf(n);
      byConversation.set(conv, n);
      switch (step.kind) {
        case 'say': {
          const text = step.text === '{email}' ? `buyer${n}@example.com` : step.text === '{code}' ? codeFrom(mailer.take(`buyer${n}@example.com`)) : step.text;
          const out = await p.turn(activity(n, { type: 'message', text }));
          replies += out.length;
          return out;
        }
        case 'pay': {
          const url = links.get(conv);
          if (url === undefined) throw new Error(`buyer ${n}: the peer created no payment link`);
          links.delete(conv);
          const before = replies;
          const r = await local.complete(tokenFromUrl(url), 'succeeded');
          if (r.status !== 'completed') throw new Error(`buyer ${n}: payment not completed (${r.status})`);
          byConversation.delete(conv);
          return new Array<Partial<Activity>>(replies - before).fill({});
        }
        case 'provisioned': {
          const out = await p.turn(activity(n, { type: 'event', name: 'provisioned', value: { type: 'PROVISIONING_COMPLETE' } }));
          replies += out.length;
          byConversation.delete(conv);
          return out;
        }
      }
    },
  };
}

/** The whole purchase for buyer n on the peer; returns the replies of each turn. */
export async function runPeerPurchase(world: PeerWorld, n: number, steps: readonly PurchaseStep[] = PURCHASE): Promise<Partial<Activity>[][]> {
  const out: Partial<Activity>[][] = [];
  for (const s of steps) out.push(await world.step(n, s));
  return out;
}

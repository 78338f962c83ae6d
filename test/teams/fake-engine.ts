import type { ChannelName, ChannelSender, ConversationAddress, Inbound, OutsideEvent } from '../../src/dialogs/channel.types.js';
import type { TurnEngine, TurnOutcome } from '../../src/dialogs/engine.types.js';
import type { AdaptiveCard, Reply } from '../../src/dialogs/reply.js';

/**
 * A small TurnEngine keeping the contract the adapter relies on (idempotent on the inbound id, replies through
 * the registered sender) with canned answers, until the real engine is wired in.
 */
export interface FakeEngine extends TurnEngine {
  readonly inbound: Inbound[];
}

export const PLAN_CARD: AdaptiveCard = {
  type: 'AdaptiveCard',
  version: '1.3',
  body: [
    { type: 'TextBlock', text: 'How would you like to pay?', wrap: true },
    { type: 'Input.Text', id: 'seats', label: 'Seats' },
  ],
  actions: [
    { type: 'Action.Submit', title: 'Yearly', data: { choice: 'annual' } },
    { type: 'Action.Submit', title: 'Monthly', data: { choice: 'monthly' } },
  ],
};

function answer(inbound: Inbound): Reply[] {
  if (inbound.kind === 'joined') {
    return [{ text: inbound.locale?.startsWith('ru') ? 'Здравствуйте! Я помогу перейти на платный план Webex.' : 'Hello! I can help you upgrade Webex.' }];
  }
  if (inbound.kind === 'submit') return [{ text: `You chose **${String(inbound.value['choice'] ?? inbound.value['form'])}**.` }];
  if (inbound.kind !== 'message') return [];
  const text = inbound.text.toLowerCase();
  if (text.includes('upgrade')) {
    return [{ text: 'Which plan?', choices: [{ label: 'Webex Suite', value: 'suite' }, { label: 'Webex Meetings', value: 'meetings' }] }];
  }
  if (text.includes('card')) return [{ text: 'How would you like to pay? Yearly or monthly.', card: PLAN_CARD }];
  if (text.includes('street')) return [{ text: 'Is this address right?', personal: true, kind: 'prompt' }];
  if (text.includes('people')) {
    return [
      { text: 'Webex Suite for 25 people: good choice.' },
      { text: 'What is your billing address?', personal: true, kind: 'prompt' },
    ];
  }
  return [{ text: `You said: ${inbound.text}` }];
}

export function createFakeEngine(options: { delayMs?: number } = {}): FakeEngine {
  const senders = new Map<ChannelName, ChannelSender>();
  const seen = new Set<string>();
  const addresses = new Map<string, ConversationAddress>();
  const inbound: Inbound[] = [];
  let queue = Promise.resolve();

  async function turn(msg: Inbound): Promise<TurnOutcome> {
    inbound.push(msg);
    const conversationId = msg.address?.id ?? msg.id;
    if (seen.has(msg.id)) return { conversationId, step: undefined, duplicate: true, replies: [] };
    seen.add(msg.id);
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    if (msg.kind === 'unsupported' || !msg.address) return { conversationId, step: undefined, duplicate: false, replies: [] };
    addresses.set(conversationId, msg.address);
    const replies = answer(msg);
    const sender = senders.get(msg.address.channel);
    if (sender && replies.length > 0) await sender.deliver(msg.address, replies, msg.user);
    return { conversationId, step: undefined, duplicate: false, replies };
  }

  return {
    inbound,
    // One turn at a time, like the real engine per conversation: a redelivery waits and then is a duplicate.
    handle: (msg) => {
      const result = queue.then(() => turn(msg));
      queue = result.then(() => undefined, () => undefined);
      return result;
    },
    dispatch: async (ev: OutsideEvent) => {
      const address = addresses.get(ev.conversationId);
      if (!address) throw new Error(`no conversation ${ev.conversationId}`);
      const replies: Reply[] = [{ text: `Event: ${ev.event.type}`, kind: 'notice' }];
      await senders.get(address.channel)?.deliver(address, replies);
      return { conversationId: ev.conversationId, step: undefined, duplicate: false, replies };
    },
    registerChannel: (name, sender) => {
      senders.set(name, sender);
    },
    sweep: () => Promise.resolve({ timers: 0, resent: 0 }),
  };
}

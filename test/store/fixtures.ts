import type { OrderRecord, SalesCaseRecord, StoredConversation, TimerRecord } from '../../src/services/store.port.js';

/** A conversation shaped like a real one at the cart step: ~300-byte XState snapshot plus one pending reply. */
export function conversation(id: string, at: number, over: Partial<StoredConversation> = {}): StoredConversation {
  return {
    id,
    machineVersion: 3,
    snapshot: {
      status: 'active', value: 'cart', historyValue: {},
      context: {
        locale: 'en', answers: { plan: 'suite', renewal: 'annual', licenses: 25, callback: true },
        misunderstood: 0, returnTo: null, handoff: null, verification: null, paymentLinkId: null,
      },
      children: {},
    },
    address: { channel: 'webex', id: 'Y2lzY29zcGFyazovL3VzL1JPT00vYmQ4ZTQ2YzAtNjM0Mi0xMWVmLWFiY2QtMDAwMDAwMDAwMDAw' },
    user: { id: 'Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMjM0', email: 'ana@example.com', name: 'Ana' },
    outbox: [{
      id: 'msg-41:0',
      reply: {
        text: '**Your cart**\n- Webex Suite, annual, 25 licences: 7,200.00 USD\n- Callback: 600.00 USD\nTotal: 7,800.00 USD',
        choices: [{ label: 'Continue', value: 'continue' }, { label: 'Change', value: 'change' }],
        kind: 'prompt',
      },
      createdAt: at,
      attempts: 0,
    }],
    seen: ['msg-38', 'msg-39', 'msg-40', 'msg-41'],
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

export function order(id: string, conversationId: string, placedAt: number): OrderRecord {
  return {
    id, conversationId, paymentId: `pay-${id}`, currency: 'USD',
    answers: { plan: 'suite', renewal: 'annual', licenses: 25, callback: true, email: 'ana@example.com' },
    consent: { policies: [{ id: 'terms', version: '2026-01' }], acceptedAt: placedAt, userId: 'u1' },
    subtotalCents: 780_000, taxCents: 64_350, totalCents: 844_350, status: 'placed', placedAt, updatedAt: placedAt,
  };
}

export function timer(conversationId: string, name: string, dueAt: number): TimerRecord {
  return { id: `${conversationId}:${name}`, conversationId, name, dueAt };
}

export function salesCase(id: string, conversationId: string, openedAt: number): SalesCaseRecord {
  return {
    id, conversationId, reason: 'taxExempt', customer: { name: 'Ana', email: 'ana@example.com' },
    summary: '{"answers":{"plan":"suite"}}', recent: ['user: we are a school'], status: 'queued',
    thread: { space: 'webex', id: 'msg-1' }, events: [{ at: openedAt, kind: 'queued' }], openedAt, updatedAt: openedAt,
  };
}

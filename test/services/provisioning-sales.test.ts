import { describe, expect, it } from 'vitest';
import { createIds, createVirtualClock } from '../../src/services/clock.js';
import { isAppError } from '../../src/services/errors.js';
import type { HandoffCase } from '../../src/services/outside.port.js';
import { createSimulatedProvisioner } from '../../src/services/provisioning/simulated.js';
import { createLocalSalesDesk } from '../../src/services/sales/local-desk.js';

describe('simulated provisioner', () => {
  it('reports the configured delay for the engine to keep as a timer', async () => {
    const p = createSimulatedProvisioner({ delayMs: 5_000 });
    const req = { conversationId: 'c1', orderId: 'o1', siteUrl: 'acme.webex.com' };
    expect(await p.start(req)).toEqual({ readyAfterMs: 5_000 });
    expect(p.started).toEqual([req]);
  });

  it('accepts zero and refuses a negative or fractional delay', () => {
    expect(() => createSimulatedProvisioner({ delayMs: 0 })).not.toThrow();
    expect(() => createSimulatedProvisioner({ delayMs: -1 })).toThrow();
    expect(() => createSimulatedProvisioner({ delayMs: 1.5 })).toThrow();
  });
});

const caseFor = (conversationId: string): HandoffCase => ({
  conversationId,
  reason: 'taxExempt',
  customer: { name: 'Jane', email: 'jane@acme.com' },
  summary: 'Suite, annual, 25 licenses',
  recent: ['user: we are a non-profit'],
});

describe('local sales desk', () => {
  it('queues cases in order and reports positions', async () => {
    const clock = createVirtualClock(1_000);
    const desk = createLocalSalesDesk({ clock, ids: createIds() });
    const a = await desk.open(caseFor('c1'));
    clock.advance(10);
    const b = await desk.open(caseFor('c2'));
    expect(a.position).toBe(1);
    expect(b.position).toBe(2);
    expect(desk.queue().map((c) => c.caseId)).toEqual([a.caseId, b.caseId]);
    expect(desk.get(b.caseId)?.openedAt).toBe(1_010);
  });

  it('does not queue the same conversation twice', async () => {
    const desk = createLocalSalesDesk({ clock: createVirtualClock(0), ids: createIds() });
    const first = await desk.open(caseFor('c1'));
    await desk.open(caseFor('c2'));
    expect(await desk.open(caseFor('c1'))).toEqual(first);
    expect(desk.queue()).toHaveLength(2);
  });

  it('relays messages, records a callback contact, and ends a case (moving the queue up)', async () => {
    const clock = createVirtualClock(0);
    const desk = createLocalSalesDesk({ clock, ids: createIds() });
    const a = await desk.open(caseFor('c1'));
    const b = await desk.open(caseFor('c2'));
    await desk.relay(a.caseId, 'hello?');
    await desk.callback(a.caseId, '+1 555 0100');
    clock.advance(5);
    await desk.end(a.caseId, 'userLeft');
    await desk.end(a.caseId, 'userCancelled');
    const ended = desk.get(a.caseId);
    expect(ended?.messages).toEqual([{ at: 0, text: 'hello?' }]);
    expect(ended?.callbackContact).toBe('+1 555 0100');
    expect(ended?.ended).toEqual({ at: 5, why: 'userLeft' });
    expect(desk.queue().map((c) => c.caseId)).toEqual([b.caseId]);
    expect((await desk.open(caseFor('c3'))).position).toBe(2);
    // A conversation whose case ended can be queued again.
    expect((await desk.open(caseFor('c1'))).caseId).not.toBe(a.caseId);
  });

  it('refuses to relay to an ended or unknown case', async () => {
    const desk = createLocalSalesDesk({ clock: createVirtualClock(0), ids: createIds() });
    const a = await desk.open(caseFor('c1'));
    await desk.end(a.caseId, 'userLeft');
    expect(isAppError(await desk.relay(a.caseId, 'x').catch((e: unknown) => e), 'CONFLICT')).toBe(true);
    expect(isAppError(await desk.relay('nope', 'x').catch((e: unknown) => e), 'NOT_FOUND')).toBe(true);
    expect(isAppError(await desk.callback('nope', 'x').catch((e: unknown) => e), 'NOT_FOUND')).toBe(true);
  });

  it('ending a case it never knew (a restart emptied the queue) is not an error', async () => {
    const desk = createLocalSalesDesk({ clock: createVirtualClock(0), ids: createIds() });
    await expect(desk.end('case_gone', 'userLeft')).resolves.toBeUndefined();
  });

  it('hands out copies', async () => {
    const desk = createLocalSalesDesk({ clock: createVirtualClock(0), ids: createIds() });
    const a = await desk.open(caseFor('c1'));
    desk.get(a.caseId)?.messages.push({ at: 1, text: 'forged' });
    expect(desk.get(a.caseId)?.messages).toEqual([]);
  });
});

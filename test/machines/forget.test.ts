import { describe, expect, it } from 'vitest';
import { STEPS } from '../../src/domain/types.js';
import { createDriver, goTo, ofType, says, type Driver } from './drive.js';

/** "Forget me": proposed, confirmed, then the forgetMe effect; the turn engine deletes after the reply. */
function at(step: (typeof STEPS)[number]): Driver {
  const d = createDriver();
  goTo(d, step);
  return d;
}

describe('forget me', () => {
  it.each(['plan', 'licenses', 'cart', 'verify', 'billingAddress', 'payment', 'consent', 'done'] as const)(
    'at %s: asks first, deletes nothing on no, runs forgetMe on yes and says so', (step) => {
      const d = at(step);
      const asked = d.send({ type: 'FORGET_ME' });
      expect(says(asked)).toEqual(['confirmForget']);
      expect(ofType(asked, 'forgetMe')).toEqual([]);
      expect(d.ctx.pending).toEqual({ type: 'ERASE_DATA' });
      expect(says(d.send({ type: 'REJECT_PENDING' }))).toEqual(['proposalRejected', 'ask']);
      expect(d.step).toBe(step);
      expect(d.effects.some((e) => e.type === 'forgetMe')).toBe(false);

      d.send({ type: 'FORGET_ME' });
      const done = d.send({ type: 'CONFIRM_PENDING' });
      expect(ofType(done, 'forgetMe')).toEqual([{ type: 'forgetMe', params: {} }]);
      expect(says(done)).toEqual(['forgotten']);
      expect(d.ctx.pending).toBeUndefined();
    });

  it('a failed purge says so and asks again; nothing is claimed to be deleted', () => {
    const d = at('cart');
    d.answer('forgetMe', () => ({ type: 'FORGOTTEN', ok: false }));
    d.send({ type: 'FORGET_ME' });
    expect(says(d.send({ type: 'CONFIRM_PENDING' }))).toEqual(['tryLater', 'ask']);
    expect(d.step).toBe('cart');
  });

  it('an unanswered question is dropped when the user answers something else', () => {
    const d = at('licenses');
    d.send({ type: 'FORGET_ME' });
    d.send({ type: 'SET_LICENSES', count: 25 });
    expect(d.ctx.pending).toBeUndefined();
    expect(ofType(d.send({ type: 'CONFIRM_PENDING' }), 'forgetMe')).toEqual([]);
  });

  describe('in handoff (sales owns the conversation)', () => {
    function inHandoff(): Driver {
      const d = at('cart');
      d.send({ type: 'HUMAN' });
      d.send({ type: 'CONFIRM_PENDING' });
      d.send({ type: 'AGENT_JOINED', agentName: 'Sam' });
      expect(d.value).toBe('{"handoff":"claimed"}');
      return d;
    }

    it('is asked and, on yes, forgotten (the desk ends and purges the case)', () => {
      const d = inHandoff();
      expect(says(d.send({ type: 'FORGET_ME' }))).toEqual(['confirmForget']);
      const done = d.send({ type: 'CONFIRM_PENDING' });
      expect(ofType(done, 'forgetMe')).toHaveLength(1);
      expect(says(done)).toEqual(['forgotten']);
    });

    it('no keeps the handoff as it was, without the bot asking its own questions', () => {
      const d = inHandoff();
      d.send({ type: 'FORGET_ME' });
      expect(says(d.send({ type: 'REJECT_PENDING' }))).toEqual(['proposalRejected']);
      expect(d.value).toBe('{"handoff":"claimed"}');
      expect(d.ctx.pending).toBeUndefined();
    });

    it('talking on to the agent drops the question: a later yes is relayed, never an erasure', () => {
      const d = inHandoff();
      d.send({ type: 'FORGET_ME' });
      expect(ofType(d.send({ type: 'RELAY', text: 'actually, one question' }), 'relayToAgent')).toHaveLength(1);
      expect(d.ctx.pending).toBeUndefined();
      expect(d.send({ type: 'CONFIRM_PENDING' })).toEqual([]);
    });
  });
});

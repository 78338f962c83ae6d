import { describe, expect, it } from 'vitest';
import { PROVISIONING_RETRY_MS } from '../../src/machines/upgrade.types.js';
import { createDriver, goTo, ofType } from './drive.js';

/** Found by the soak: a paid order whose provisioning could not start sat at "provisioning" for ever. */
describe('provisioning that fails to start', () => {
  it('is retried on a timer until it starts, then completes', () => {
    const d = createDriver();
    d.answer('startProvisioning', () => ({ type: 'EFFECT_FAILED', effect: 'startProvisioning', code: 'UNAVAILABLE' }));
    goTo(d, 'provisioning');
    expect(ofType(d.effects, 'scheduleTimer')).toContainEqual({ type: 'scheduleTimer', params: { name: 'provisioningRetry', delayMs: PROVISIONING_RETRY_MS } });
    d.answer('startProvisioning', null);
    const again = d.send({ type: 'TIMER_FIRED', name: 'provisioningRetry' });
    expect(ofType(again, 'startProvisioning')).toHaveLength(1);
    expect(d.step).toBe('provisioning');
    expect(ofType(d.send({ type: 'TIMER_FIRED', name: 'claim' }), 'startProvisioning')).toEqual([]);
    d.send({ type: 'PROVISIONING_COMPLETE' });
    expect(d.step).toBe('done');
  });

  it('a failed retry timer is scheduled again; other failures here are left alone', () => {
    const d = createDriver();
    goTo(d, 'provisioning');
    expect(ofType(d.send({ type: 'EFFECT_FAILED', effect: 'scheduleTimer', code: 'THROTTLED' }), 'scheduleTimer')).toHaveLength(1);
    expect(d.send({ type: 'EFFECT_FAILED', effect: 'sendCode', code: 'UNAVAILABLE' })).toEqual([]);
  });
});

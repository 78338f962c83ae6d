import { describe, expect, it } from 'vitest';
import { createIds, createSystemClock, createVirtualClock } from '../../src/services/clock.js';
import { isAppError } from '../../src/services/errors.js';

describe('clocks', () => {
  it('system clock follows Date.now', () => {
    const before = Date.now();
    const t = createSystemClock().now();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it('virtual clock moves only when told', () => {
    const clock = createVirtualClock(1_000);
    expect(clock.now()).toBe(1_000);
    expect(clock.advance(500)).toBe(1_500);
    expect(clock.now()).toBe(1_500);
    clock.set(10);
    expect(clock.now()).toBe(10);
  });

  it('virtual clock refuses to go backwards by advance', () => {
    const clock = createVirtualClock(0);
    expect(() => clock.advance(-1)).toThrow();
    expect(() => clock.advance(Number.NaN)).toThrow();
    expect(clock.now()).toBe(0);
  });
});

describe('ids', () => {
  const ids = createIds();

  it('tokens are 32 random bytes in base64url and do not repeat', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => ids.token()));
    expect(tokens.size).toBe(200);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    }
  });

  it('ids are unique, URL-safe and carry the prefix', () => {
    const a = ids.id('conv');
    expect(a).toMatch(/^conv_[a-f0-9]{32}$/);
    expect(ids.id()).toMatch(/^[a-f0-9]{32}$/);
    expect(ids.id('x')).not.toBe(ids.id('x'));
  });

  it('codes have exactly the requested digits, leading zeros kept', () => {
    for (let i = 0; i < 500; i++) expect(ids.code(6)).toMatch(/^\d{6}$/);
    const oneDigit = new Set(Array.from({ length: 500 }, () => ids.code(1)));
    expect(oneDigit.has('0')).toBe(true);
  });

  it('codes are roughly uniform over digits', () => {
    const counts = new Array<number>(10).fill(0);
    const n = 20_000;
    for (let i = 0; i < n; i++) counts[Number(ids.code(1))]! += 1;
    // Expected 2000 each; 5 sigma is about 212, so a modulo bias or a stuck digit fails.
    for (const c of counts) expect(Math.abs(c - n / 10)).toBeLessThan(260);
  });

  it('rejects impossible code lengths', () => {
    for (const bad of [0, -1, 1.5, 16]) {
      let caught: unknown;
      try {
        ids.code(bad);
      } catch (e) {
        caught = e;
      }
      expect(isAppError(caught, 'BAD_INPUT')).toBe(true);
    }
  });
});

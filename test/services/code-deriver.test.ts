import { describe, expect, it } from 'vitest';
import { createCodeDeriver, createCodeHasher } from '../../src/services/verification.js';

describe('createCodeDeriver', () => {
  const derive = createCodeDeriver('a-secret-of-enough-length');

  it('gives the same 6-digit code for the same conversation and turn (two instances racing on one delivery)', () => {
    const a = derive('webex.room1', 'msg-42.3');
    expect(a).toMatch(/^\d{6}$/);
    expect(createCodeDeriver('a-secret-of-enough-length')('webex.room1', 'msg-42.3')).toBe(a);
  });

  it('gives other codes for other turns, conversations and secrets', () => {
    const codes = new Set(Array.from({ length: 200 }, (_, i) => derive('webex.room1', `msg-${i}.3`)));
    expect(codes.size).toBeGreaterThan(195);
    expect(derive('webex.room2', 'msg-42.3')).not.toBe(derive('webex.room1', 'msg-42.3'));
    expect(createCodeDeriver('another-secret-of-length')('webex.room1', 'msg-42.3')).not.toBe(derive('webex.room1', 'msg-42.3'));
  });

  it('keeps leading zeros and spreads over the whole range', () => {
    const codes = Array.from({ length: 5_000 }, (_, i) => derive('c', `t${i}`));
    expect(codes.some((c) => c.startsWith('0'))).toBe(true);
    const firstDigits = new Set(codes.map((c) => c[0]));
    expect(firstDigits.size).toBe(10);
  });

  it('is verified by the code hasher like any typed code', () => {
    const hash = createCodeHasher('a-secret-of-enough-length')('c1');
    const code = derive('c1', 'turn.1');
    expect(hash(code)).toBe(hash(`${code.slice(0, 3)} ${code.slice(3)}`));
  });

  it('refuses a short secret', () => {
    expect(() => createCodeDeriver('short')).toThrow(/at least 16/);
  });
});

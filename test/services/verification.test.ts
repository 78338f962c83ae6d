import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCodeHasher } from '../../src/services/verification.js';

const SECRET = 'test-secret-at-least-16';

describe('createCodeHasher', () => {
  const hash = createCodeHasher(SECRET);

  it('is deterministic per conversation and code', () => {
    expect(hash('c1')('123456')).toBe(hash('c1')('123456'));
    expect(hash('c1')('123456')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs by code, by conversation, and by secret', () => {
    const h = hash('c1')('123456');
    expect(hash('c1')('123457')).not.toBe(h);
    expect(hash('c2')('123456')).not.toBe(h);
    expect(createCodeHasher(`${SECRET}x`)('c1')('123456')).not.toBe(h);
  });

  it('is keyed: an unkeyed SHA-256 or HMAC without the secret does not match', () => {
    const h = hash('c1')('123456');
    expect(h).not.toContain('123456');
    expect(createHmac('sha256', '').update('c1:123456').digest('hex')).not.toBe(h);
  });

  it('does not let conversation id and code run into each other', () => {
    expect(hash('ab')('123456')).not.toBe(hash('ab1')('23456'));
  });

  it('accepts the code as people type it', () => {
    expect(hash('c1')('123 456')).toBe(hash('c1')('123456'));
    expect(hash('c1')('123-456')).toBe(hash('c1')('123456'));
  });

  it('refuses a short secret', () => {
    expect(() => createCodeHasher('short')).toThrow(/at least 16/);
  });
});

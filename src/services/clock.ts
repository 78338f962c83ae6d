import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Clock, Ids } from './clock.port.js';
import { AppError } from './errors.js';

/** Wall-clock time for production wiring. */
export function createSystemClock(): Clock {
  return { now: () => Date.now() };
}

/** A clock tests move by hand, so timers and expiries are exercised without waiting. */
export interface VirtualClock extends Clock {
  advance(ms: number): number;
  set(ms: number): void;
}

export function createVirtualClock(startMs: number): VirtualClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms: number): number {
      if (!Number.isFinite(ms) || ms < 0) throw new AppError('BAD_INPUT', `clock cannot move by ${ms} ms`);
      current += ms;
      return current;
    },
    set(ms: number): void {
      if (!Number.isFinite(ms)) throw new AppError('BAD_INPUT', `clock cannot be set to ${ms}`);
      current = ms;
    },
  };
}

const MAX_CODE_DIGITS = 15; // randomInt needs max - min < 2^48

/** Crypto-backed ids: tokens and codes must be unguessable, so Math.random is never used. */
export function createIds(): Ids {
  return {
    id(prefix?: string): string {
      const raw = randomUUID().replace(/-/g, '');
      return prefix ? `${prefix}_${raw}` : raw;
    },
    token(): string {
      return randomBytes(32).toString('base64url');
    },
    code(digits: number): string {
      if (!Number.isInteger(digits) || digits < 1 || digits > MAX_CODE_DIGITS) {
        throw new AppError('BAD_INPUT', `code length must be 1..${MAX_CODE_DIGITS}, got ${digits}`);
      }
      // randomInt is uniform (rejection sampling), unlike `random % 10**n`; leading zeros are kept.
      return String(randomInt(0, 10 ** digits)).padStart(digits, '0');
    },
  };
}

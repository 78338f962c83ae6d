import type { Clock } from '../../src/services/clock.port.js';

/** A virtual clock the test moves by hand, so TTL tests take no real time. */
export class ManualClock implements Clock {
  constructor(private ms = Date.UTC(2026, 0, 15, 9, 0, 0)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

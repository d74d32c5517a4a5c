import type { Clock } from '../../src/platform/clock.js';

/**
 * A clock a test sets and advances: expiry, lockout and TOTP steps are tested without
 * waiting. It reads the real time until a test sets it; `useRealTime` goes back to that.
 */
export class TestClock implements Clock {
  private fixed: number | undefined;

  now(): number {
    return this.fixed ?? Date.now();
  }

  /** Stops the clock at `ms` (epoch milliseconds or a Date). */
  set(time: number | Date): void {
    this.fixed = typeof time === 'number' ? time : time.getTime();
  }

  /** Moves a set clock (or the real time, which then stops) forward by `ms`. */
  advance(ms: number): void {
    this.fixed = this.now() + ms;
  }

  useRealTime(): void {
    this.fixed = undefined;
  }
}

import type { Clock } from '../../src/ports/clock.js';

/** A Clock that stands still until told to move. */
export class FixedClock implements Clock {
  #now: number;

  constructor(start: Date | string = '2025-01-15T09:00:00.000Z') {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  set(at: Date | string): void {
    this.#now = new Date(at).getTime();
  }

  advance(ms: number): Date {
    this.#now += ms;
    return this.now();
  }
}

import { describe, expect, it } from 'vitest';
import { percentileOfRounds } from '../../../bench/ack.js';
import { percentile } from '../../../bench/load.js';

/** 600 latencies: 1..600 ms scaled, with `stalled` of them replaced by a stall of `stallMs`. */
const round = (scale: number, stalled = 0, stallMs = 0): number[] =>
  Array.from({ length: 600 }, (_, i) => (i < stalled ? stallMs : ((i % 100) + 1) * scale));

describe('bench percentiles', () => {
  it('takes the nearest-rank percentile', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([], 99)).toBeNaN();
  });

  it('is the median of the rounds’ percentiles, so one disturbed round does not decide the figure', () => {
    const rounds = [round(1), round(1.1), round(0.9), round(1, 24, 500), round(1.05)];
    // A stall holding 24 requests in flight at 500 ms decides its own round's p99…
    expect(percentile(rounds[3] ?? [], 99)).toBe(500);
    // …but not the figure: the rounds' p99s are 99, 108.9, 89.1, 500 and 103.95 ms.
    expect(percentileOfRounds(rounds, 99)).toBeCloseTo(103.95, 5);
    // Over all requests the same stall moves the p99 of the whole figure.
    const disturbed = [round(1), round(1), round(1, 48, 500)];
    expect(percentile(disturbed.flat(), 99)).toBe(500);
    expect(percentileOfRounds(disturbed, 99)).toBe(99);
  });
});

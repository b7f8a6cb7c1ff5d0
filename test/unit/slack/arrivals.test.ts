/** The count of Slack requests at the door: arriving now, and quiet again. */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { expect, it } from 'vitest';
import { countArrivals } from '../../../src/slack/arrivals.js';

const request = () => ({ req: {} as IncomingMessage, res: new EventEmitter() as unknown as ServerResponse });

it('counts requests until they are answered and calls onQuiet when none is left', () => {
  let quiet = 0;
  const arrivals = countArrivals(() => {
    quiet += 1;
  });
  const door = arrivals.wrap(() => {});
  const a = request();
  const b = request();
  door(a.req, a.res);
  door(b.req, b.res);
  expect(arrivals.arriving).toBe(2);
  a.res.emit('close');
  a.res.emit('close'); // counted once
  expect(arrivals.arriving).toBe(1);
  expect(quiet).toBe(0);
  b.res.emit('close');
  expect(arrivals.arriving).toBe(0);
  expect(quiet).toBe(1);
});

it('remembers when the latest request arrived, for the quiet the waiting work waits for', () => {
  const arrivals = countArrivals(() => {});
  expect(arrivals.lastArrivalAt).toBe(Number.NEGATIVE_INFINITY);
  const door = arrivals.wrap((_req, res) => res.emit('close'));
  const before = performance.now();
  const r = request();
  door(r.req, r.res);
  expect(arrivals.lastArrivalAt).toBeGreaterThanOrEqual(before);
  expect(arrivals.lastArrivalAt).toBeLessThanOrEqual(performance.now());
  expect(arrivals.arriving).toBe(0);
});

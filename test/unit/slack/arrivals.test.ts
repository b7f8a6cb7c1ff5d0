/** The count of Slack requests at the door: arriving now, quiet again, and whether they come in a burst. */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { expect, it } from 'vitest';
import { countArrivals } from '../../../src/slack/arrivals.js';

const request = () => ({ req: {} as IncomingMessage, res: new EventEmitter() as unknown as ServerResponse });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

it('a handful of requests is not a burst; sixteen at once are, until they stop coming', async () => {
  const arrivals = countArrivals(() => {});
  const door = arrivals.wrap((_req, res) => res.emit('close'));
  for (let i = 0; i < 3; i++) {
    const r = request();
    door(r.req, r.res);
  }
  expect(arrivals.bursting).toBe(false);
  for (let i = 0; i < 16; i++) {
    const r = request();
    door(r.req, r.res);
  }
  expect(arrivals.bursting).toBe(true);
  await sleep(150);
  expect(arrivals.bursting).toBe(false);
});

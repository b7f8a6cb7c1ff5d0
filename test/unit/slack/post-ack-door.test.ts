/**
 * Slash commands acked at the door: the ack goes out before Bolt runs anything, the work waits while other
 * Slack requests are arriving (but never past its limit), commands that open a modal go first, the line is
 * bounded, shutdown runs what is waiting, and a message a listener still puts on its ack reaches the
 * response_url. Bolt's App is stood in for by the one method the wrapper touches, processEvent.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { App, ReceiverEvent } from '@slack/bolt';
import { expect, it } from 'vitest';
import { deferPostAckWork, type Lane, type PostAckOptions } from '../../../src/slack/post-ack-queue.js';

interface Sent {
  readonly n: number;
  /** What the receiver's ack was called with, in order (`undefined` for an empty ack). */
  readonly acks: unknown[];
  readonly done: Promise<void>;
}

function harness(opts: PostAckOptions & { onListener?: (n: number, ack: ReceiverEvent['ack']) => Promise<void> }) {
  const log: string[] = [];
  const app = {
    async processEvent(event: ReceiverEvent) {
      const n = (event.body as { n: number }).n;
      log.push(`listener ${n}`);
      if (opts.onListener) await opts.onListener(n, event.ack);
      else await event.ack();
    },
  } as unknown as App;
  const laneOf = (b: Readonly<Record<string, unknown>>): Lane => (b['text'] === 'link' ? 'first' : 'door');
  const queue = deferPostAckWork(app, { laneOf, ...opts });
  const send = (n: number, text = 'status', extra: Record<string, unknown> = {}): Sent => {
    const acks: unknown[] = [];
    const body = { n, command: '/celigo', text, ...extra };
    const ack = async (response?: unknown) => {
      acks.push(response);
      log.push(`ack ${n}`);
    };
    return { n, acks, done: app.processEvent({ body, ack } as unknown as ReceiverEvent) };
  };
  return { app, log, queue, send };
}

const turns = (k = 3) => new Promise<void>((r) => setTimeout(r, k));
const until = async (check: () => boolean, ms = 3_000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await turns(5);
};

it('acks a command before Bolt runs any of it, then runs it on a later turn', async () => {
  const h = harness({});
  const a = h.send(1);
  await a.done;
  // The receiver's ack went out and the listener has not started: only the payload waits.
  expect(h.log).toEqual(['ack 1']);
  expect(a.acks).toEqual([undefined]);
  expect(h.queue.waiting).toBe(1);
  await until(() => h.log.length === 2);
  expect(h.log).toEqual(['ack 1', 'listener 1']);
  await until(() => h.queue.running === 0);
  expect(h.queue.waiting).toBe(0);
});

it('a command waiting in line holds its payload, not the request and response behind its ack', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const h = harness({ arriving: () => 1, queuedMaxWaitMs: 60_000 });
  const request = await (async () => {
    // Stands for what the receiver's ack holds: the HTTP request and response.
    const exchange = { req: Buffer.alloc(64 * 1024), res: {} };
    const ack = async () => {
      exchange.res = { ended: true };
    };
    const body = { n: 1, command: '/celigo', text: 'status' };
    await h.app.processEvent({ body, ack } as unknown as ReceiverEvent);
    return new WeakRef(exchange);
  })();
  await turns();
  gc();
  expect(h.queue.waiting).toBe(1);
  expect(request.deref()).toBeUndefined();
  await h.queue.drain();
  expect(h.log).toEqual(['listener 1']);
});

it('waits while requests are arriving, goes on when the door is quiet', async () => {
  let arriving = 1;
  const h = harness({ arriving: () => arriving, queuedMaxWaitMs: 60_000 });
  await h.send(1).done;
  await h.send(2).done;
  await turns(50);
  expect(h.log).toEqual(['ack 1', 'ack 2']);
  arriving = 0;
  h.queue.wake();
  await until(() => h.log.length === 4);
  expect(h.log.slice(2)).toEqual(['listener 1', 'listener 2']);
});

it('a queued command that waited its limit goes on although requests keep arriving', async () => {
  const h = harness({ arriving: () => 1, queuedMaxWaitMs: 100 });
  const started = performance.now();
  await h.send(1).done;
  await until(() => h.log.includes('listener 1'));
  expect(h.log).toEqual(['ack 1', 'listener 1']);
  expect(performance.now() - started).toBeGreaterThanOrEqual(95);
});

it('a queued command is not lost when it reaches its limit in the middle of a turn', async () => {
  // A clock that moves 60 ms on every reading: a turn that read the clock twice saw the command not yet
  // overdue, then overdue, and neither started it nor set a timer for it (it waited for the next request).
  let t = 0;
  const h = harness({
    arriving: () => 1,
    queuedMaxWaitMs: 100,
    now: () => {
      t += 60;
      return t;
    },
  });
  await h.send(1).done;
  await until(() => h.log.includes('listener 1'), 1_000);
  expect(h.log).toEqual(['ack 1', 'listener 1']);
});

it('a command that opens a modal goes before commands queued earlier', async () => {
  let arriving = 1;
  const h = harness({ arriving: () => arriving, queuedMaxWaitMs: 60_000, maxWaitMs: 60_000, concurrency: 1 });
  await h.send(1).done;
  await h.send(2).done;
  await h.send(3, 'link').done;
  arriving = 0;
  h.queue.wake();
  await until(() => h.log.filter((l) => l.startsWith('listener')).length === 3);
  expect(h.log.filter((l) => l.startsWith('listener'))).toEqual(['listener 3', 'listener 1', 'listener 2']);
});

it('a full line holds the next ack until the oldest waiting command starts, which it does at once', async () => {
  // Requests keep arriving, which would hold the work back; a held ack must not wait for quiet.
  const h = harness({ arriving: () => 1, maxQueued: 1, queuedMaxWaitMs: 60_000, maxWaitMs: 60_000 });
  await h.send(1).done;
  await h.send(2).done;
  // 2's ack went out once 1 had started; 2 now waits in line for quiet like any other.
  expect(h.log).toEqual(['ack 1', 'listener 1', 'ack 2']);
  expect(h.queue.waiting).toBe(1);
  await h.queue.drain();
  expect(h.log).toEqual(['ack 1', 'listener 1', 'ack 2', 'listener 2']);
});

it('past the length bound and its wait a command runs its own listener to the ack, as other requests do', async () => {
  let release = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  // One slot, taken by command 0, which does not finish: command 1 waits in the one place in line.
  const h = harness({
    arriving: () => 1,
    concurrency: 1,
    maxQueued: 1,
    queuedMaxWaitMs: 60_000,
    maxWaitMs: 50,
    onListener: async (n, ack) => {
      await ack();
      if (n === 0) await held;
    },
  });
  const busy = h.send(0);
  await h.send(1).done;
  await until(() => h.log.includes('listener 0'));
  const third = h.send(2);
  await until(() => h.log.includes('ack 2'));
  // 1 got its place (and its ack) when 0 started; 2 found the line full and no place came free within
  // its wait: acked by its own listener.
  expect(h.log).toEqual(['ack 0', 'ack 1', 'listener 0', 'listener 2', 'ack 2']);
  await third.done;
  expect(h.queue.waiting).toBe(1);
  release();
  await busy.done;
  await h.queue.drain();
  expect(h.log).toContain('listener 1');
});

it('a command held at a full line moves it although requests are arriving', async () => {
  let release = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  const h = harness({
    maxQueued: 3,
    queuedMaxWaitMs: 60_000,
    arriving: () => 1,
    onListener: async (_n, ack) => {
      await ack();
      await held;
    },
  });
  for (let n = 1; n <= 3; n++) await h.send(n).done;
  expect(h.queue.running).toBe(0);
  // The fourth finds the line full: the waiting ones start (all three), quiet or not.
  const fourth = h.send(4);
  await until(() => h.queue.running === 3);
  expect(h.queue.running).toBe(3);
  release();
  await fourth.done;
  await h.queue.drain();
});

it('drain runs every waiting command although requests are arriving, and resolves when they are done', async () => {
  let finished = 0;
  const h = harness({
    arriving: () => 1,
    queuedMaxWaitMs: 60_000,
    onListener: async () => {
      await turns(20);
      finished += 1;
    },
  });
  for (let n = 1; n <= 5; n++) await h.send(n).done;
  await turns(30);
  expect(finished).toBe(0);
  await h.queue.drain();
  expect(finished).toBe(5);
  expect(h.queue.running).toBe(0);
  expect(h.queue.waiting).toBe(0);
});

it('a message a listener still puts on the ack of a command acked at the door reaches its response_url', async () => {
  const posts: unknown[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      posts.push({ path: req.url, body: JSON.parse(body) as unknown });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response/1`;
  try {
    const h = harness({ onListener: (_n, ack) => ack({ response_type: 'ephemeral', text: 'Late word' }) });
    const sent = h.send(1, 'status', { response_url: url });
    await sent.done;
    await until(() => posts.length === 1);
    expect(sent.acks).toEqual([undefined]);
    expect(posts).toEqual([{ path: '/response/1', body: { response_type: 'ephemeral', text: 'Late word' } }]);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

/**
 * A fake Slack Socket Mode server on 127.0.0.1: the fake Web API's `apps.connections.open` answers with its
 * ws:// URL, each connection gets `hello`, and tests deliver `slash_commands`, `interactive` and `events_api`
 * envelopes and wait for the app's ack of each `envelope_id`.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { FakeSlack } from './fake-slack.js';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface Ack {
  readonly envelopeId: string;
  /** Milliseconds from sending the envelope to receiving its ack. */
  readonly ms: number;
  readonly payload?: unknown;
}

export interface FakeSocketMode {
  readonly url: string;
  /** Connections accepted so far (a reconnect adds one). */
  readonly connections: number;
  /** Resolves once a connection is open and has been sent `hello`. */
  connected(): Promise<void>;
  /** Sends one envelope on the open connection; resolves with its ack, rejects after `timeoutMs` without one. */
  deliver(type: EnvelopeType, payload: object, timeoutMs?: number): Promise<Ack>;
  /** Drops every open socket, as Slack does when it rotates connections. */
  drop(): void;
  close(): Promise<void>;
}

export async function startFakeSocketMode(slack: FakeSlack): Promise<FakeSocketMode> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
  slack.overrides.set('apps.connections.open', () => ({ body: { ok: true, url } }));

  let open: WebSocket | null = null;
  let connections = 0;
  let waiters: Array<() => void> = [];
  const pending = new Map<string, (ack: { payload?: unknown }) => void>();

  wss.on('connection', (ws) => {
    connections += 1;
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (msg.envelope_id) pending.get(msg.envelope_id)?.(msg);
    });
    ws.on('close', () => {
      if (open === ws) open = null;
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        connection_info: { app_id: 'A1' },
        debug_info: { host: 'fake', approximate_connection_time: 18060 },
      }),
    );
    open = ws;
    for (const w of waiters) w();
    waiters = [];
  });

  return {
    url,
    get connections() {
      return connections;
    },
    connected: () => (open ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    deliver(type, payload, timeoutMs = 3000) {
      const ws = open;
      if (!ws) return Promise.reject(new Error('no open Socket Mode connection'));
      const envelopeId = randomUUID();
      const sent = Date.now();
      return new Promise<Ack>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(envelopeId);
          reject(new Error(`envelope ${type} not acknowledged within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(envelopeId, (msg) => {
          clearTimeout(timer);
          pending.delete(envelopeId);
          resolve({
            envelopeId,
            ms: Date.now() - sent,
            ...(msg.payload === undefined ? {} : { payload: msg.payload }),
          });
        });
        ws.send(
          JSON.stringify({
            envelope_id: envelopeId,
            type,
            payload,
            accepts_response_payload: type !== 'events_api',
            retry_attempt: 0,
            retry_reason: '',
          }),
        );
      });
    },
    drop() {
      for (const ws of wss.clients) ws.terminate();
      open = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}

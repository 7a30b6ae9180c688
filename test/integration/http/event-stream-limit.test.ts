/**
 * Issue 16.8: an event-stream client that never reads must not make the host hold its events
 * without bound (~27 MB per stream were measured). Over real sockets: a client that opens
 * `/api/events` and never reads (a raw socket, paused: the kernel's buffers fill, then Node's)
 * while 32 MB of events flow — the host's buffer for it stays under the limit and the stream is
 * dropped (the browser's EventSource reconnects); a client that reads gets every event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { ConsoleService } from '../../../electron/engine/console';
import { startHttpHost, type HttpHost } from '../../../electron/engine/http/http-host';
import type { EngineEvent } from '../../../shared/engine-types';

/** What the host may hold for one stream: 1 MiB, plus the one frame that crossed it. */
const LIMIT = 1024 * 1024;
const FRAME_SLACK = 8 * 1024;
/** A log line as long as the logger lets one be (4 kB, docs/SECURITY.md). */
const LINE = 'x'.repeat(4000);
const EVENTS = 8000; // ≈ 32 MB

describe('event stream buffer limit', () => {
  let host: HttpHost;
  const listeners = new Set<(event: EngineEvent) => void>();
  const responses: ServerResponse[] = [];
  const service: ConsoleService = {
    dispatch: () => Promise.resolve(null),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const emit = (i: number) => {
    const event: EngineEvent = { type: 'log', record: { time: new Date(0).toISOString(), level: 'info', event: 'test.line', msg: `${i} ${LINE}` } };
    for (const listener of listeners) listener(event);
  };

  beforeAll(async () => {
    host = await startHttpHost(service, { port: 0, host: '127.0.0.1' });
    host.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith('/api/events')) responses.push(res);
    });
  });
  afterAll(async () => {
    await host?.close();
  });

  it('drops a client that never reads once its buffer passes the limit; a reading client gets every event', async () => {
    const port = Number(new URL(host.url).port);
    // the slow client: asks for the stream and never reads a byte
    const slow: Socket = connect(port, '127.0.0.1');
    slow.pause();
    let slowClosed = false;
    slow.on('close', () => (slowClosed = true));
    slow.on('error', () => undefined);
    slow.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    // the reading client counts the events it receives
    let received = 0;
    let fastClosed = false;
    await new Promise<void>((resolve) => {
      request({ host: '127.0.0.1', port, path: '/api/events' }, (res) => {
        let pending = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          pending += chunk;
          const frames = pending.split('\n\n');
          pending = frames.pop()!;
          received += frames.filter((frame) => frame.startsWith('data: ')).length;
        });
        res.on('close', () => (fastClosed = true));
        resolve();
      }).end();
    });
    while (responses.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    const slowResponse = responses.find((res) => res.socket?.remotePort === slow.localPort)!;
    expect(slowResponse).toBeDefined();

    let maxHeld = 0;
    for (let i = 0; i < EVENTS; i++) {
      emit(i);
      if (!slowResponse.destroyed) maxHeld = Math.max(maxHeld, slowResponse.writableLength);
      // let the sockets move, as a real engine's events are spread over time
      if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(maxHeld).toBeLessThanOrEqual(LIMIT + FRAME_SLACK);
    expect(slowResponse.destroyed).toBe(true);
    // once it reads again, the slow client finds its stream ended (an EventSource reconnects)
    slow.on('data', () => undefined);
    slow.resume();
    const deadline = Date.now() + 10_000;
    while ((received < EVENTS || !slowClosed) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(slowClosed).toBe(true);
    expect(fastClosed).toBe(false);
    expect(received).toBe(EVENTS);
    slow.destroy();
  });
});

/**
 * An HTTP proxy in front of the Odoo simulator that holds the calls a test chooses until the test
 * lets them through: a run held mid-run (its lock taken, its run recorded) for exactly as long as
 * the test needs, however fast its reads have become. Give the held process an ODOO_TIMEOUT_SECONDS
 * longer than the hold, or its client gives up and retries.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HoldingProxy {
  url: string;
  /** calls waiting to be let through */
  waiting(): number;
  /** lets the waiting calls through, and every later one */
  release(): void;
  close(): Promise<void>;
}

/** `holds(path, body)` says which calls wait (e.g. every `search_read`); the others pass at once. */
export async function startHoldingProxy(target: string, holds: (path: string, body: string) => boolean): Promise<HoldingProxy> {
  const upstream = new URL(target);
  let released = false;
  let queue: Array<() => void> = [];
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse, body: Buffer) => {
    const call = request({ host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    call.on('error', () => outgoing.destroy());
    call.end(body);
  };
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const go = () => forward(incoming, outgoing, body);
      if (!released && holds(incoming.url ?? '', body.toString('utf8'))) queue.push(go);
      else go();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const release = () => {
    released = true;
    const waiting = queue;
    queue = [];
    for (const go of waiting) go();
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    waiting: () => queue.length,
    release,
    close: () => {
      queue = [];
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

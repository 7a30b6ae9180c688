/**
 * An HTTP proxy in front of the Odoo simulator, for tests that change what passes through it:
 * `beforeForward` runs as each request arrives, `answerHeaders` rewrites each answer's headers.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ForwardingProxy {
  url: string;
  close(): Promise<void>;
}

export async function startForwardingProxy(
  target: URL,
  hooks: { beforeForward?: () => void; answerHeaders?: (headers: IncomingHttpHeaders) => IncomingHttpHeaders } = {},
): Promise<ForwardingProxy> {
  const server: Server = createServer((incoming, outgoing) => {
    hooks.beforeForward?.();
    const upstream = request({ host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, hooks.answerHeaders ? hooks.answerHeaders(answer.headers) : answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

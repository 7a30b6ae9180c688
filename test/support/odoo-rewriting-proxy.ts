/**
 * An Odoo that answers wrong, scripted in front of the simulator: an HTTP proxy that reads
 * each JSON-RPC (`/jsonrpc` `object.execute_kw`) and JSON-2 (`/json/2/<model>/<method>`) call,
 * lets the test rewrite its keyword arguments (a server capping `limit`) or answer it itself
 * (a server that pages for ever), and forwards everything else untouched.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedCall {
  model: string;
  method: string;
  /** the domain (first positional argument, or JSON-2's `domain`) */
  domain: unknown[];
  /** keyword arguments; a hook may change them (they are sent on as changed) */
  kwargs: Record<string, unknown>;
}

export interface RewritingProxyHooks {
  /** changes the call before it goes on (e.g. `kwargs.limit = Math.min(kwargs.limit, 100)`) */
  rewrite?: (call: ProxiedCall) => void;
  /** answers the call instead of Odoo: the method's result, or undefined to forward it */
  answer?: (call: ProxiedCall) => unknown;
}

export interface RewritingProxy {
  url: string;
  /** execute_kw calls seen, per `model.method` */
  calls: Map<string, number>;
  close(): Promise<void>;
}

async function readAll(incoming: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of incoming) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

export async function startRewritingProxy(target: URL, hooks: RewritingProxyHooks): Promise<RewritingProxy> {
  const calls = new Map<string, number>();
  const server: Server = createServer((incoming, outgoing) => {
    void (async () => {
      let body = await readAll(incoming);
      const path = incoming.url ?? '';
      let call: ProxiedCall | null = null;
      let wrap: (result: unknown) => string = JSON.stringify;
      let reencode: (() => Buffer) | null = null;
      if (path === '/jsonrpc') {
        const envelope = JSON.parse(body.toString('utf8')) as { id: unknown; params: { service: string; method: string; args: unknown[] } };
        const { service, method, args } = envelope.params;
        if (service === 'object' && method === 'execute_kw') {
          const kwargs = (args[6] ?? {}) as Record<string, unknown>;
          const positional = (args[5] ?? []) as unknown[];
          call = { model: String(args[3]), method: String(args[4]), domain: (positional[0] ?? []) as unknown[], kwargs };
          wrap = (result) => JSON.stringify({ jsonrpc: '2.0', id: envelope.id, result });
          reencode = () => {
            args[6] = call!.kwargs;
            return Buffer.from(JSON.stringify(envelope));
          };
        }
      } else if (path.startsWith('/json/2/')) {
        const [model = '', method = ''] = path.slice('/json/2/'.length).split('/').map(decodeURIComponent);
        const named = (body.length > 0 ? JSON.parse(body.toString('utf8')) : {}) as Record<string, unknown>;
        call = { model, method, domain: (named.domain ?? []) as unknown[], kwargs: named };
        reencode = () => Buffer.from(JSON.stringify(call!.kwargs));
      }
      if (call) {
        const key = `${call.model}.${call.method}`;
        calls.set(key, (calls.get(key) ?? 0) + 1);
        const answered = hooks.answer?.(call);
        if (answered !== undefined) {
          const text = wrap(answered);
          outgoing.writeHead(200, {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': Buffer.byteLength(text),
            Date: new Date().toUTCString(),
          });
          outgoing.end(text);
          return;
        }
        if (hooks.rewrite) {
          hooks.rewrite(call);
          body = reencode!();
        }
      }
      const headers = { ...incoming.headers, 'content-length': String(body.length) };
      const upstream = request({ host: target.hostname, port: target.port, path, method: incoming.method, headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      upstream.on('error', () => outgoing.destroy());
      upstream.end(body);
    })().catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

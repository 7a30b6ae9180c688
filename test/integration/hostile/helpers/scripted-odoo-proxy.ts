/**
 * A scripted Odoo: a proxy in front of the simulator that forwards every call, except that the
 * answer to the run's `sale.order` search_read (the one asking for `partner_id`) goes through
 * `rewrite`, on any of the three protocols. What Odoo should never answer, answered on purpose.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type OdooProtocol = 'xmlrpc' | 'jsonrpc' | 'json2';

export interface ScriptedAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

export type Rewrite = (original: ScriptedAnswer, protocol: OdooProtocol) => ScriptedAnswer;

export interface ScriptedOdoo {
  url: string;
  /** how many answers were rewritten */
  rewritten(): number;
  close(): Promise<void>;
}

function protocolOf(url: string): OdooProtocol | null {
  if (url.startsWith('/xmlrpc/')) return 'xmlrpc';
  if (url.startsWith('/jsonrpc')) return 'jsonrpc';
  if (url.startsWith('/json/2/')) return 'json2';
  return null;
}

/** The orders' search_read of a run, on each protocol's wire. */
function isAimed(protocol: OdooProtocol | null, url: string, text: string): boolean {
  switch (protocol) {
    case 'xmlrpc':
      return text.includes('<string>sale.order</string>') && text.includes('<string>search_read</string>') && text.includes('<string>partner_id</string>');
    case 'jsonrpc':
      return text.includes('"sale.order"') && text.includes('"search_read"') && text.includes('"partner_id"');
    case 'json2':
      return url.startsWith('/json/2/sale.order/search_read') && text.includes('"partner_id"');
    default:
      return false;
  }
}

export async function startScriptedOdoo(target: string, rewrite: Rewrite): Promise<ScriptedOdoo> {
  const upstream = new URL(target);
  let rewritten = 0;
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const sent = Buffer.concat(parts);
      const protocol = protocolOf(req.url ?? '');
      const aimed = isAimed(protocol, req.url ?? '', sent.toString('utf8'));
      const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const original: ScriptedAnswer = {
            status: answer.statusCode ?? 500,
            contentType: answer.headers['content-type'] ?? 'application/octet-stream',
            body: Buffer.concat(chunks),
          };
          if (aimed) rewritten++;
          const out = aimed ? rewrite(original, protocol!) : original;
          const headers: Record<string, string | number> = { 'content-type': out.contentType, 'content-length': out.body.length };
          if (answer.headers.date) headers.date = answer.headers.date;
          res.writeHead(out.status, headers);
          res.end(out.body);
        });
      });
      forward.on('error', () => res.destroy());
      forward.end(sent);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rewritten: () => rewritten,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

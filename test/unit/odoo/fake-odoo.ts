import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { decodeMethodCall, encodeFault, encodeMethodResponse, type XmlRpcValue } from '../../../electron/engine/xmlrpc';
import { ODOO_FIXTURES_DIR } from '../../support/fixtures';

/** A tiny scripted HTTP server: answers each XML-RPC call as the test says, over real sockets. */

export const fixture = (name: string): string => readFileSync(join(ODOO_FIXTURES_DIR, name), 'utf8');

export type Reply =
  | { kind: 'body'; body: string; status?: number }
  | { kind: 'status'; status: number }
  | { kind: 'reset' }
  /** Sends headers announcing the full body, then `cutAt` characters of it, then drops the socket. */
  | { kind: 'cut'; body: string; cutAt: number }
  /** Waits before replying. */
  | { kind: 'delay'; ms: number; then: Reply }
  /** Sends the headers and half the document at once, the rest after `ms`. */
  | { kind: 'slow-body'; ms: number };

export const body = (b: string): Reply => ({ kind: 'body', body: b });
export const value = (v: XmlRpcValue): Reply => body(encodeMethodResponse(v));
export const fault = (code: number, message: string): Reply => body(encodeFault(code, message));
export const fromFixture = (name: string): Reply => body(fixture(name));

export interface SeenCall {
  service: string;
  methodName: string;
  params: XmlRpcValue[];
  raw: string;
  /** Client port: the same value twice means a reused keep-alive connection. */
  remotePort: number | undefined;
}

export interface FakeOdoo {
  url: string;
  calls: SeenCall[];
  close(): Promise<void>;
}

export async function startFakeOdoo(answer: (call: SeenCall, index: number) => Reply): Promise<FakeOdoo> {
  const calls: SeenCall[] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(parts).toString('utf8');
      const { methodName, params } = decodeMethodCall(raw);
      const call = { service: (req.url ?? '').replace('/xmlrpc/2/', ''), methodName, params, raw, remotePort: req.socket.remotePort };
      calls.push(call);
      perform(answer(call, calls.length - 1), req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function perform(reply: Reply, req: http.IncomingMessage, res: http.ServerResponse): void {
  switch (reply.kind) {
    case 'body':
      res.writeHead(reply.status ?? 200, { 'Content-Type': 'text/xml' });
      res.end(reply.body);
      return;
    case 'status':
      res.writeHead(reply.status, { 'Content-Type': 'text/html' });
      res.end(`<html><body>${reply.status}</body></html>`);
      return;
    case 'reset':
      req.socket.destroy();
      return;
    case 'cut': {
      const bytes = Buffer.from(reply.body);
      res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': bytes.length });
      res.write(bytes.subarray(0, reply.cutAt), () => setTimeout(() => req.socket.destroy(), 10));
      return;
    }
    case 'delay':
      setTimeout(() => {
        if (!res.destroyed) perform(reply.then, req, res);
      }, reply.ms);
      return;
    case 'slow-body': {
      const whole = encodeMethodResponse(1);
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.write(whole.slice(0, 40));
      setTimeout(() => {
        if (!res.destroyed) res.end(whole.slice(40));
      }, reply.ms);
      return;
    }
  }
}

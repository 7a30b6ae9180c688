/**
 * The HTTP face, answering like Odoo (16.0 or 19.0) on the three protocols of its external API:
 * - XML-RPC: `/xmlrpc/2/common` (version, authenticate, login) and `/xmlrpc/2/object`
 *   (execute_kw, execute) — HTTP 200 with `text/xml` for results and faults alike; large
 *   answers are streamed;
 * - JSON-RPC `/jsonrpc`, the version routes (`GET /web/version` and `/json/version` from 19.0,
 *   `POST /web/webclient/version_info`) and, from 19.0, JSON-2 `/json/2/<model>/<method>`
 *   (json-routes.ts).
 * Injected faults are applied before dispatch, on every protocol.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Clock } from '../clock';
import { decodeMethodCall, encodeFault, encodeMethodResponseChunks, type XmlRpcValue } from '../xmlrpc';
import { OdooSimFault, pythonTraceback } from './errors';
import { isAnswerFault, reshapeAnswer, type CallInfo, type FaultInjector } from './faults';
import { applyTransportFault, readBody, sendBody, sendRoutingNotFound, sendTruncated } from './http-replies';
import { handleJson2, handleJsonRpc, handleWebClientVersionInfo, handleWebVersion } from './json-routes';
import { dispatch, type RpcConfig } from './rpc-dispatch';

export interface ServerConfig extends RpcConfig {
  host: string;
  port: number;
  faults: FaultInjector;
  onCall: (call: CallInfo) => void;
  /** Odoo's clock: stamps write_date, and answers carry it in the `Date` header as a real server's do. */
  clock: Clock;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const SERVICES: Record<string, 'common' | 'object'> = {
  '/xmlrpc/2/common': 'common',
  '/xmlrpc/2/object': 'object',
  '/xmlrpc/common': 'common',
  '/xmlrpc/object': 'object',
};

const XML_TYPE = 'text/xml; charset=utf-8';

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    // Node would stamp the host's clock; the engine estimates Odoo's clock from this header.
    res.setHeader('Date', config.clock.now().toUTCString());
    route(config, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function route(config: ServerConfig, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/jsonrpc') return handleJsonRpc(config, req, res);
  if (path === '/web/version' || path === '/json/version') return handleWebVersion(config, req, res);
  if (path === '/web/webclient/version_info') return handleWebClientVersionInfo(config, req, res);
  if (path.startsWith('/json/2/')) return handleJson2(config, path, req, res);
  const service = SERVICES[path];
  if (!service) return sendRoutingNotFound(res); // what 16.0 and 19.0 both answer for a route they lack (odoo19/62, odoo16/19)
  return handleXmlRpc(config, service, req, res);
}

async function handleXmlRpc(config: ServerConfig, service: 'common' | 'object', req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method !== 'POST') {
    res.writeHead(405, { 'Content-Type': 'text/html; charset=utf-8', Allow: 'POST' });
    res.end('<!DOCTYPE html>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n');
    return;
  }
  const body = await readBody(req);
  let methodName: string;
  let params: XmlRpcValue[];
  try {
    ({ methodName, params } = decodeMethodCall(body));
  } catch (error) {
    config.onCall({ protocol: 'xmlrpc', service, method: '?' });
    sendBody(res, 200, XML_TYPE, encodeFault(1, pythonTraceback([], `xml.parsers.expat.ExpatError: ${(error as Error).message}`).faultString));
    return;
  }
  const call: CallInfo = { protocol: 'xmlrpc', service, method: methodName };
  if (service === 'object' && (methodName === 'execute_kw' || methodName === 'execute')) {
    if (typeof params[3] === 'string') call.model = params[3];
    if (typeof params[4] === 'string') call.ormMethod = params[4];
  }
  config.onCall(call);

  const decision = config.faults.decide(call);
  if (decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
  const action = decision.action;
  if (action && applyTransportFault(action, req, res)) return;
  if (action?.kind === 'malformed') {
    sendBody(
      res,
      200,
      XML_TYPE,
      "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><struct>\n<member>\n<name>id</name>\n<value><int>1</int></member>\n</data></array>\n<<not xml>>\n",
    );
    return;
  }
  if (action?.kind === 'fault') {
    sendBody(res, 200, XML_TYPE, encodeFault(action.code, action.string));
    return;
  }

  let xml: Iterable<string>;
  try {
    const result = dispatch(config, service, methodName, params);
    xml = encodeMethodResponseChunks(action && isAnswerFault(action) ? reshapeAnswer(action, result) : result);
  } catch (error) {
    xml = [faultXml(error)];
  }
  if (action?.kind === 'truncate') {
    sendTruncated(res, XML_TYPE, [...xml].join(''), action.fraction);
    return;
  }
  await stream(res, xml);
}

function faultXml(error: unknown): string {
  if (error instanceof OdooSimFault) return encodeFault(error.faultCode, error.faultString);
  const e = error instanceof Error ? error : new Error(String(error));
  return encodeFault(1, pythonTraceback([], `Exception: ${e.message}`).faultString);
}

async function stream(res: http.ServerResponse, chunks: Iterable<string>): Promise<void> {
  const iterator = chunks[Symbol.iterator]();
  const first = iterator.next();
  const second = first.done ? first : iterator.next();
  if (second.done) {
    sendBody(res, 200, XML_TYPE, first.done ? '' : first.value);
    return;
  }
  res.writeHead(200, { 'Content-Type': XML_TYPE });
  let pending: IteratorResult<string> = first;
  let nextUp: IteratorResult<string> = second;
  while (!pending.done) {
    if (res.destroyed) return;
    if (!res.write(pending.value)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
    pending = nextUp;
    nextUp = pending.done ? pending : iterator.next();
  }
  res.end();
}

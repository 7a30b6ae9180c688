/**
 * The HTTP face: `/xmlrpc/2/common` (version, authenticate, login) and `/xmlrpc/2/object`
 * (execute_kw, execute), answering like Odoo 16 — HTTP 200 with `text/xml` for results and
 * faults alike — and applying injected faults before dispatch. Large answers are streamed.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { decodeMethodCall, encodeFault, encodeMethodResponseChunks, type XmlRpcValue } from '../xmlrpc';
import { accessDenied, OdooSimFault, pythonTraceback } from './errors';
import type { CallInfo, FaultAction, FaultInjector } from './faults';
import { ADMIN_UID, type OdooOrm } from './orm';

export interface ServerConfig {
  host: string;
  port: number;
  db: string;
  login: string;
  password: string;
  orm: OdooOrm;
  faults: FaultInjector;
  onCall: (call: CallInfo) => void;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const VERSION = {
  server_version: '16.0',
  server_version_info: [16, 0, 0, 'final', 0, ''],
  server_serie: '16.0',
  protocol_version: 1,
};

const SERVICES: Record<string, 'common' | 'object'> = {
  '/xmlrpc/2/common': 'common',
  '/xmlrpc/2/object': 'object',
  '/xmlrpc/common': 'common',
  '/xmlrpc/object': 'object',
};

const HTTP_REASONS: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Time-out' };

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    handle(config, req, res).catch((error: unknown) => {
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

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function handle(config: ServerConfig, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  const service = SERVICES[path];
  if (!service) {
    res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server.</p>\n');
    return;
  }
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
    config.onCall({ service, method: '?' });
    await send(res, encodeFault(1, pythonTraceback([], `xml.parsers.expat.ExpatError: ${(error as Error).message}`).faultString));
    return;
  }
  const call: CallInfo = { service, method: methodName };
  if (service === 'object' && (methodName === 'execute_kw' || methodName === 'execute')) {
    if (typeof params[3] === 'string') call.model = params[3];
    if (typeof params[4] === 'string') call.ormMethod = params[4];
  }
  config.onCall(call);

  const decision = config.faults.decide(call);
  if (decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
  if (decision.action && decision.action.kind !== 'truncate') {
    await applyFault(decision.action, req, res);
    return;
  }

  let xml: Iterable<string>;
  try {
    const result = dispatch(config, service, methodName, params);
    xml = encodeMethodResponseChunks(result);
  } catch (error) {
    xml = [faultXml(error)];
  }
  if (decision.action?.kind === 'truncate') {
    const full = Buffer.from([...xml].join(''), 'utf8');
    const keep = Math.max(1, Math.min(full.length - 1, Math.floor(full.length * (decision.action.fraction ?? 0.5))));
    res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': String(full.length) });
    res.write(full.subarray(0, keep), () => res.destroy());
    return;
  }
  await stream(res, xml);
}

function faultXml(error: unknown): string {
  if (error instanceof OdooSimFault) return encodeFault(error.faultCode, error.faultString);
  const e = error instanceof Error ? error : new Error(String(error));
  return encodeFault(1, pythonTraceback([], `Exception: ${e.message}`).faultString);
}

async function send(res: http.ServerResponse, xml: string): Promise<void> {
  const buf = Buffer.from(xml, 'utf8');
  res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': String(buf.length) });
  res.end(buf);
}

async function stream(res: http.ServerResponse, chunks: Iterable<string>): Promise<void> {
  const iterator = chunks[Symbol.iterator]();
  const first = iterator.next();
  const second = first.done ? first : iterator.next();
  if (second.done) {
    await send(res, first.done ? '' : first.value);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
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

async function applyFault(action: Exclude<FaultAction, { kind: 'latency' | 'truncate' }>, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  switch (action.kind) {
    case 'timeout':
      // Hang: the socket is closed by the client's timeout or by close().
      return;
    case 'reset': {
      const socket = req.socket as Socket & { resetAndDestroy?: () => void };
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      return;
    }
    case 'http': {
      const reason = HTTP_REASONS[action.status] ?? 'Error';
      const body =
        action.body ??
        `<html>\r\n<head><title>${action.status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${action.status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
      res.writeHead(action.status, { 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(body);
      return;
    }
    case 'malformed':
      await send(
        res,
        "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><struct>\n<member>\n<name>id</name>\n<value><int>1</int></member>\n</data></array>\n<<not xml>>\n",
      );
      return;
    case 'fault':
      await send(res, encodeFault(action.code, action.string));
      return;
  }
}

function dispatch(config: ServerConfig, service: 'common' | 'object', method: string, params: XmlRpcValue[]): XmlRpcValue {
  if (service === 'common') {
    switch (method) {
      case 'version':
        return VERSION;
      case 'authenticate':
      case 'login': {
        const [db, login, password] = params;
        checkDb(config, db);
        return login === config.login && password === config.password ? ADMIN_UID : false;
      }
      case 'about':
        return 'See http://openerp.com';
      default:
        throw pythonTraceback([], `KeyError: 'exp_${method}'`);
    }
  }
  if (method !== 'execute_kw' && method !== 'execute') throw pythonTraceback([], `KeyError: 'exp_${method}'`);
  const [db, uid, password, model, ormMethod] = params;
  checkDb(config, db);
  if (uid !== ADMIN_UID || password !== config.password) throw accessDenied();
  if (typeof model !== 'string' || typeof ormMethod !== 'string') throw pythonTraceback([], 'TypeError: execute_kw() missing required positional arguments');
  let args: readonly unknown[];
  let kwargs: Record<string, unknown> = {};
  if (method === 'execute_kw') {
    const rawArgs = params[5] ?? [];
    const rawKwargs = params[6] ?? {};
    if (!Array.isArray(rawArgs)) throw pythonTraceback([], 'TypeError: args must be a list');
    if (typeof rawKwargs !== 'object' || rawKwargs === null || Array.isArray(rawKwargs)) throw pythonTraceback([], 'TypeError: kwargs must be a dict');
    args = rawArgs;
    kwargs = rawKwargs as Record<string, unknown>;
  } else {
    args = params.slice(5);
  }
  return config.orm.executeKw(model, ormMethod, args, kwargs) as XmlRpcValue;
}

function checkDb(config: ServerConfig, db: unknown): void {
  if (db !== config.db) {
    throw pythonTraceback(
      [],
      `psycopg2.OperationalError: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "${String(db)}" does not exist`,
    );
  }
}

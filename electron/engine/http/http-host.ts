/**
 * The headless door onto the engine: ConsoleApi over HTTP (JSON) and engine events over
 * Server-Sent Events, plus the built console (out/renderer) as static files. Loopback by
 * default; with CONSOLE_TOKEN the API requires the token (`serve` refuses any other address
 * without one). Put TLS in front of it when it leaves the machine (docs/SECURITY.md).
 * Every request first passes `checkRequest` (request-guard.ts); no request, however
 * malformed, ends the process: the worst it gets is a 4xx (or a 500 for our own bug).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { consoleContract, consoleEvents, consoleMethods, consoleRoute, type ConsoleMethod, type HttpVerb } from '../../../shared/console-contract';
import type { EngineStatus } from '../../../shared/engine-types';
import { causeOfError } from '../../../shared/failure-cause';
import { InputError, type ConsoleService } from '../console';
import { LOCAL_ACTOR_HEADER } from '../local-service';
import { checkOperatorText, OperatorTextError } from '../operator-text';
import { InvalidWindowError } from '../sync/window-planner';
import { HEALTHZ_PATH, serveHealthz } from './healthz';
import type { Metrics } from './metrics';
import { checkRequest, guardPolicy, MAX_BODY_BYTES, METRICS_PATH, type GuardPolicy } from './request-guard';
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};
/**
 * On every answer, whatever its status: the page may not be framed by another site
 * (clickjacking of pause, release or recovery where no token is set: `frame-ancestors 'none'`,
 * and `X-Frame-Options` for browsers that predate it), nor load anything but its own files.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
/** The same headers, for an answer written on the socket by hand (a request the HTTP parser refused). */
const RAW_SECURITY_HEADERS = Object.entries(SECURITY_HEADERS)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');

export interface HttpHost {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export interface HttpHostOptions {
  port: number;
  host: string;
  staticDir?: string;
  /** when set, every /api request must carry it: `Authorization: Bearer <token>` (`?token=` only for the event stream) */
  token?: string | null;
  /** origins of a TLS proxy in front (CONSOLE_ORIGIN): their host names are accepted as Host, their pages may call actions */
  publicOrigins?: readonly string[];
  /** Prometheus metrics at `/metrics`, guarded by the token like the API (Authorization header only) */
  metrics?: Metrics;
  /** the local token of this start (local-service.ts): a CLI on this machine calls the API with it, naming its own actor */
  localToken?: string | null;
}

/** The caller sent more than the body limit: 413. */
class BodyTooLargeError extends Error {}

/** The API's routes, one per method of the console contract. */
const API_ROUTES = new Map<string, { method: ConsoleMethod; verb: HttpVerb }>(
  consoleMethods.map((method) => [consoleRoute(method), { method, verb: consoleContract[method].verb }]),
);

export async function startHttpHost(service: ConsoleService, options: HttpHostOptions): Promise<HttpHost> {
  const staticDir = resolve(options.staticDir ?? join(process.cwd(), 'out', 'renderer'));
  const streams = new Set<ServerResponse>();
  const unsubscribe = service.onEvent((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const stream of streams) sendFrame(stream, frame, streams);
  });

  const policy: GuardPolicy = guardPolicy({
    boundHost: options.host,
    token: options.token ?? null,
    localToken: options.localToken ?? null,
    publicOrigins: options.publicOrigins,
  });

  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    try {
      const verdict = checkRequest(request, policy);
      if (!verdict.ok) return refuse(request, response, verdict.status, verdict.error);
      if (verdict.pathname === consoleEvents.path) {
        if (request.method !== 'GET') return send(response, 405, { error: 'the event stream takes GET' });
        return openEventStream(response, streams);
      }
      if (verdict.pathname === METRICS_PATH && options.metrics) return void serveMetrics(options.metrics, response);
      // the verdict alone, without the token (healthz.ts says why that is safe)
      if (verdict.pathname === HEALTHZ_PATH)
        return void serveHealthz(request.method, () => service.dispatch('getStatus', undefined) as Promise<EngineStatus>, response);
      if (verdict.isApi) {
        const actor = verdict.local ? localActorOf(request) : { actor: actorOf(request, options.token) };
        if ('error' in actor) return refuse(request, response, 400, actor.error);
        return void handleApi(service, verdict.pathname, request, response, actor.actor);
      }
      serveStatic(staticDir, verdict.pathname, response);
    } catch (error) {
      // our own bug: answer it, keep serving
      if (!response.headersSent) send(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.destroy();
    }
  });
  // A request Node's HTTP parser refuses (bad request line, bad header) never reaches the handler.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end(`HTTP/1.1 400 Bad Request\r\n${RAW_SECURITY_HEADERS}Connection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}`,
    server,
    close: async () => {
      unsubscribe();
      for (const stream of streams) stream.end();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** A refused request: its body is not read, and the connection is closed so a client cannot keep streaming it. */
function refuse(request: IncomingMessage, response: ServerResponse, status: number, error: string): void {
  response.setHeader('connection', 'close');
  send(response, status, { error });
  request.resume();
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(payload));
}

/** Who asks, for the audit: the token's holder or `anonymous`, at the client's address. */
function actorOf(request: IncomingMessage, token: string | null | undefined): string {
  return `${token ? 'console-token' : 'anonymous'}@${request.socket.remoteAddress ?? 'unknown'}`;
}

/**
 * The actor a trusted local caller (the local token: the CLI beside the service) names in its
 * header, URI-encoded, under the operator text rule; without one, `local@<address>`.
 */
function localActorOf(request: IncomingMessage): { actor: string } | { error: string } {
  const raw = request.headers[LOCAL_ACTOR_HEADER];
  const given = Array.isArray(raw) ? raw[0] : raw;
  if (given === undefined || given === '') return { actor: `local@${request.socket.remoteAddress ?? 'unknown'}` };
  try {
    return { actor: checkOperatorText('actor', decodeURIComponent(given)) };
  } catch (error) {
    return { error: `${LOCAL_ACTOR_HEADER}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function handleApi(service: ConsoleService, pathname: string, request: IncomingMessage, response: ServerResponse, actor: string): Promise<void> {
  const route = API_ROUTES.get(pathname);
  if (!route) return send(response, 404, { error: `no such API: ${pathname}` });
  if (request.method !== route.verb) return send(response, 405, { error: `${route.method} takes ${route.verb}` });
  try {
    const body = route.verb === 'POST' ? await readJson(request) : undefined;
    send(response, 200, { result: (await service.dispatch(route.method, body, actor)) ?? null });
  } catch (error) {
    // The caller's mistake (bad input, an impossible window) is a 400; anything else is ours.
    const status =
      error instanceof BodyTooLargeError
        ? 413
        : error instanceof InputError || error instanceof InvalidWindowError || error instanceof OperatorTextError
          ? 400
          : 500;
    // the rest of an oversized body is not read: close the connection rather than parse it as the next request
    if (status === 413) response.setHeader('connection', 'close');
    // an engine failure with a known cause carries it (issue 18.2): the console says it in its language
    const cause = status === 500 ? causeOfError(error) : null;
    send(response, status, { error: error instanceof Error ? error.message : String(error), ...(cause ? { cause } : {}) });
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError('request body is not valid JSON');
  }
}

/** `/metrics`: with CONSOLE_TOKEN, only for `Authorization: Bearer <token>` (what Prometheus's `authorization` config sends). */
/** The token was checked by the request guard, as for the API. */
async function serveMetrics(metrics: Metrics, response: ServerResponse): Promise<void> {
  try {
    const body = await metrics.render();
    response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
    response.end(body);
  } catch (error) {
    send(response, 500, { error: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * What the host holds for one event stream that is not being read (a stalled client, a
 * frozen tab): beyond it the stream is dropped, and the browser's EventSource reconnects.
 * A console that reads never has more than a few frames waiting.
 */
const EVENT_STREAM_BUFFER_LIMIT = 1024 * 1024;

/** Writes one frame; a client whose unread frames pass the limit is dropped (destroyed: `end` would wait for it to read). */
function sendFrame(stream: ServerResponse, frame: string, streams: Set<ServerResponse>): void {
  if (stream.destroyed) return void streams.delete(stream);
  stream.write(frame);
  if (stream.writableLength > EVENT_STREAM_BUFFER_LIMIT) {
    streams.delete(stream);
    stream.destroy();
  }
}

function openEventStream(response: ServerResponse, streams: Set<ServerResponse>): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  response.write(': connected\n\n');
  streams.add(response);
  response.on('close', () => streams.delete(response));
}

/** `pathname` is already decoded and checked by the guard. */
function serveStatic(root: string, pathname: string, response: ServerResponse): void {
  const relative = normalize(pathname).replace(/^([/\\])+/, '');
  let file = join(root, relative || 'index.html');
  if (!file.startsWith(root)) return send(response, 403, { error: 'forbidden' });
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) {
    if (!existsSync(join(root, 'index.html'))) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      return void response.end(`The console is not built: run \`npm run build\` (looked in ${root}). The JSON API is at /api/getStatus.`);
    }
    return send(response, 404, { error: 'not found' });
  }
  response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

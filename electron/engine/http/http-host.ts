/**
 * The headless door onto the engine: ConsoleApi over HTTP (JSON) and engine events over
 * Server-Sent Events, plus the built console (out/renderer) as static files. Loopback by
 * default; with CONSOLE_TOKEN the API requires the token (`serve` refuses any other address
 * without one). Put TLS in front of it when it leaves the machine.
 */
import { timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { consoleContract, consoleEvents, consoleMethods, consoleRoute, type ConsoleMethod, type HttpVerb } from '../../../shared/console-contract';
import { InputError, type ConsoleService } from '../console';
import type { Metrics } from './metrics';
import { InvalidWindowError } from '../sync/window-planner';

const MAX_BODY_BYTES = 64 * 1024;
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
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export interface HttpHost {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export interface HttpHostOptions {
  port: number;
  host: string;
  staticDir?: string;
  /** when set, every /api request must carry it: `Authorization: Bearer <token>`, or `?token=` (EventSource cannot send headers) */
  token?: string | null;
  /** Prometheus metrics at `/metrics`, guarded by the token like the API */
  metrics?: Metrics;
}

/** The API's routes, one per method of the console contract. */
const API_ROUTES = new Map<string, { method: ConsoleMethod; verb: HttpVerb }>(
  consoleMethods.map((method) => [consoleRoute(method), { method, verb: consoleContract[method].verb }]),
);

export async function startHttpHost(service: ConsoleService, options: HttpHostOptions): Promise<HttpHost> {
  const staticDir = resolve(options.staticDir ?? join(process.cwd(), 'out', 'renderer'));
  const streams = new Set<ServerResponse>();
  const unsubscribe = service.onEvent((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const stream of streams) stream.write(frame);
  });

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/') && !authorized(request, url, options.token)) {
      return send(response, 401, { error: 'missing or wrong console token (CONSOLE_TOKEN)' });
    }
    if (url.pathname === '/metrics' && options.metrics) return void serveMetrics(options.metrics, request, url, options.token, response);
    if (url.pathname === consoleEvents.path) return openEventStream(response, streams);
    if (url.pathname.startsWith('/api/')) return void handleApi(service, url.pathname, request, response, actorOf(request, options.token));
    serveStatic(staticDir, url.pathname, response);
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

/** The app shell (static files) carries no data; the API does, so only it needs the token. */
function authorized(request: IncomingMessage, url: URL, token: string | null | undefined): boolean {
  if (!token) return true;
  const header = request.headers.authorization;
  const given = header?.startsWith('Bearer ') ? header.slice(7) : url.searchParams.get('token');
  if (!given) return false;
  const expected = Buffer.from(token);
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS });
  response.end(JSON.stringify(payload));
}

/** Who asks, for the audit: the token's holder or `anonymous`, at the client's address. */
function actorOf(request: IncomingMessage, token: string | null | undefined): string {
  return `${token ? 'console-token' : 'anonymous'}@${request.socket.remoteAddress ?? 'unknown'}`;
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
    const status = error instanceof InputError || error instanceof InvalidWindowError ? 400 : 500;
    send(response, status, { error: error instanceof Error ? error.message : String(error) });
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new InputError(`request body larger than ${MAX_BODY_BYTES} bytes`);
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

async function serveMetrics(metrics: Metrics, request: IncomingMessage, url: URL, token: string | null | undefined, response: ServerResponse): Promise<void> {
  if (!authorized(request, url, token)) return send(response, 401, { error: 'missing or wrong console token (CONSOLE_TOKEN)' });
  try {
    const body = await metrics.render();
    response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store', ...SECURITY_HEADERS });
    response.end(body);
  } catch (error) {
    send(response, 500, { error: error instanceof Error ? error.message : String(error) });
  }
}

function openEventStream(response: ServerResponse, streams: Set<ServerResponse>): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', ...SECURITY_HEADERS });
  response.write(': connected\n\n');
  streams.add(response);
  response.on('close', () => streams.delete(response));
}

function serveStatic(root: string, pathname: string, response: ServerResponse): void {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
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
  response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', ...SECURITY_HEADERS });
  createReadStream(file).pipe(response);
}

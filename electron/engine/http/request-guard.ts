/**
 * The one check in front of everything the headless host answers. A request passes only if
 * its target parses, its Host names this server (DNS rebinding), and, for the API and /metrics, it
 * carries the token in a header (the query string only opens the event stream: EventSource
 * cannot send headers); a state-changing call must also come from no Origin or our own
 * (cross-site requests), be `application/json` (a `text/plain` POST is one browsers send
 * cross-site without asking), and announce a body within the limit.
 * Pure: no I/O, so it is tested on its own (test/unit/http/request-guard.test.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import { consoleEvents } from '../../../shared/console-contract';

export const MAX_BODY_BYTES = 64 * 1024;
/** Prometheus' scrape path: it carries data, so it takes the token like the API. */
export const METRICS_PATH = '/metrics';

/** Names under which a loopback server is reached from this machine. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
/** Addresses that mean "every interface": they name no host a client could type. */
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '']);

export interface GuardPolicy {
  /** lower-case host names (no port) this server answers to */
  allowedHosts: ReadonlySet<string>;
  /** origins (`scheme://host[:port]`) besides the server's own that may call state-changing routes, e.g. a TLS proxy's */
  allowedOrigins: ReadonlySet<string>;
  /** CONSOLE_TOKEN; null → the API is open (loopback only, see serve.ts) */
  token: string | null;
  /**
   * The local token of this start (`serve` on the embedded database: local-service.ts), read by a
   * CLI on this machine from a 0600 file: it stands in for CONSOLE_TOKEN, and its caller may name
   * the audit's actor. Only in the Authorization header.
   */
  localToken?: string | null;
  maxBodyBytes: number;
}

export interface GuardedRequest {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** `local`: the request carries the local token (a trusted caller on this machine: the CLI beside the service). */
export type GuardVerdict = { ok: true; pathname: string; isApi: boolean; local?: true } | { ok: false; status: number; error: string };

/** The policy for a server bound to `boundHost`: loopback names, that host, and the hosts of `publicOrigins`. */
export function guardPolicy(options: {
  boundHost: string;
  token: string | null;
  localToken?: string | null;
  publicOrigins?: readonly string[];
  maxBodyBytes?: number;
}): GuardPolicy {
  const origins = (options.publicOrigins ?? []).map((origin) => new URL(origin).origin);
  const hosts = new Set(LOOPBACK_NAMES);
  const bound = stripBrackets(options.boundHost.toLowerCase());
  if (!WILDCARD_ADDRESSES.has(bound)) hosts.add(bound);
  for (const origin of origins) hosts.add(stripBrackets(new URL(origin).hostname));
  return {
    allowedHosts: hosts,
    allowedOrigins: new Set(origins),
    token: options.token,
    localToken: options.localToken ?? null,
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
  };
}

export function checkRequest(request: GuardedRequest, policy: GuardPolicy): GuardVerdict {
  const target = parseTarget(request.url);
  if (!target) return refuse(400, 'malformed request target');

  const host = header(request, 'host');
  const hostname = host === undefined ? null : hostnameOf(host);
  if (hostname === null || !policy.allowedHosts.has(hostname)) {
    return refuse(421, `this console does not answer to Host ${JSON.stringify(host ?? '')}: use one of ${[...policy.allowedHosts].join(', ')}`);
  }

  const isApi = target.pathname === '/api' || target.pathname.startsWith('/api/');
  if (!isApi && target.pathname !== METRICS_PATH) return { ok: true, pathname: target.pathname, isApi };

  const method = request.method ?? 'GET';
  const isEventStream = target.pathname === consoleEvents.path && method === 'GET';
  const local = policy.localToken ? tokenMatches(policy.localToken, givenToken(request, target.query, false)) : false;
  if (!local && policy.token !== null && !tokenMatches(policy.token, givenToken(request, target.query, isEventStream))) {
    return refuse(401, 'missing or wrong console token (CONSOLE_TOKEN): send it as "Authorization: Bearer <token>"');
  }

  if (method !== 'GET' && method !== 'HEAD') {
    const origin = header(request, 'origin');
    if (origin !== undefined && !sameOrigin(origin, host!, policy)) {
      return refuse(403, `refused a cross-site request from Origin ${origin}: the console only takes actions from its own page`);
    }
    const contentType = header(request, 'content-type');
    if (!contentType || contentType.split(';')[0].trim().toLowerCase() !== 'application/json') {
      return refuse(415, `an API action needs "Content-Type: application/json" (got ${contentType ? JSON.stringify(contentType) : 'none'})`);
    }
    const length = header(request, 'content-length');
    if (length !== undefined && !(/^\d+$/.test(length) && Number(length) <= policy.maxBodyBytes)) {
      return refuse(413, `request body larger than ${policy.maxBodyBytes} bytes`);
    }
  }
  return local ? { ok: true, pathname: target.pathname, isApi, local } : { ok: true, pathname: target.pathname, isApi };
}

function refuse(status: number, error: string): GuardVerdict {
  return { ok: false, status, error };
}

/** Origin-form only (`/path?query`), percent-decoding that yields UTF-8 without control characters. */
function parseTarget(url: string | undefined): { pathname: string; query: URLSearchParams } | null {
  if (!url || !url.startsWith('/')) return null;
  const [rawPath, ...rest] = url.split('?');
  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(pathname) || pathname.startsWith('//')) return null;
  try {
    return { pathname, query: new URLSearchParams(rest.join('?')) };
  } catch {
    return null;
  }
}

function header(request: GuardedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` → lower-case host without brackets; null when it is none of these. */
function hostnameOf(host: string): string | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(host.trim());
  return match ? stripBrackets(match[1].toLowerCase()) : null;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** The page's origin is this server's (the Host the request came to) or one the operator declared. */
function sameOrigin(origin: string, host: string, policy: GuardPolicy): boolean {
  if (policy.allowedOrigins.has(origin)) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // `null` (sandboxed frames, file: pages) and anything else unparsable
  }
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host.toLowerCase() === host.trim().toLowerCase();
}

function givenToken(request: GuardedRequest, query: URLSearchParams, queryAllowed: boolean): string | null {
  // RFC 7235: the scheme is case-insensitive, then one or more spaces; the token is compared exactly
  const bearer = /^bearer +(\S.*)$/i.exec(header(request, 'authorization') ?? '');
  if (bearer) return bearer[1];
  return queryAllowed ? query.get('token') : null;
}

function tokenMatches(expected: string, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

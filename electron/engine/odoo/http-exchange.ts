/**
 * One HTTP(S) POST (or GET) to the Odoo server with a keep-alive pool and a budget for the
 * whole exchange, shared by the three protocols. Resolves with whatever status and body came
 * back (each protocol decides what a 404 or a 500 means); rejects only with an
 * `OdooTransportError` when no complete answer arrived.
 */
import http from 'node:http';
import https from 'node:https';
import { OdooError, OdooTransportError } from './errors';

export interface HttpExchangeOptions {
  /** Odoo base URL, e.g. `https://erp.example.com` (a path prefix is kept; credentials are dropped). */
  url: string;
  /** Parallel sockets kept alive per host. */
  maxSockets?: number;
}

export interface HttpAnswer {
  status: number;
  statusText: string;
  /** lower-case header names */
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpRequest {
  /** path below the base URL, e.g. `/jsonrpc` */
  path: string;
  method?: 'POST' | 'GET';
  headers: Record<string, string>;
  body: Buffer;
  timeoutMs: number;
  /** names the call in messages, e.g. `jsonrpc object.execute_kw` */
  label: string;
}

/** Statuses a proxy gives while Odoo restarts or is overloaded: worth another try. */
export const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

const RETRYABLE_CODES: Record<string, OdooTransportError['kind']> = {
  ECONNREFUSED: 'connection-refused',
  ECONNRESET: 'connection-reset',
  EPIPE: 'connection-reset',
  ECONNABORTED: 'connection-reset',
  ETIMEDOUT: 'timeout',
  EHOSTUNREACH: 'network',
  ENETUNREACH: 'network',
  EAI_AGAIN: 'network',
};

export class HttpExchange {
  private readonly base: URL;
  /** the URL's path prefix without a trailing slash ('' at the root) */
  private readonly prefix: string;
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  /** The URL as shown in messages: never with credentials. */
  readonly shownUrl: string;
  private serverTimeFloor: Date | null = null;

  constructor(options: HttpExchangeOptions) {
    const base = new URL(options.url);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new TypeError(`Odoo URL must be http or https, got ${base.protocol}`);
    }
    base.username = '';
    base.password = '';
    base.pathname = base.pathname.replace(/\/+$/, '');
    this.base = base;
    this.prefix = base.pathname.replace(/\/+$/, '');
    this.shownUrl = (base.origin + base.pathname).replace(/\/+$/, '');
    const secure = base.protocol === 'https:';
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 4 };
    this.agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.request = secure ? https.request : http.request;
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * A time Odoo's clock had certainly reached when the latest answered request was sent: the
   * answer's `Date` header (whole seconds, rounded down by the server) less the round trip,
   * measured on this host's monotonic clock. Only elapsed time is taken from this host, never
   * its wall clock. Null until an answer carried a valid `Date`.
   */
  serverTimeAtLeast(): Date | null {
    return this.serverTimeFloor;
  }

  /** `<url><path> <label>`, for messages. */
  where(path: string, label: string): string {
    return `${this.shownUrl}${path} ${label}`.trimEnd();
  }

  send(request: HttpRequest): Promise<HttpAnswer> {
    const { timeoutMs, body } = request;
    const where = this.where(request.path, request.label);
    return new Promise<HttpAnswer>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | null, answer?: HttpAnswer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          req.destroy();
          reject(error);
        } else {
          resolve(answer as HttpAnswer);
        }
      };
      const sentAt = performance.now();
      const timer = setTimeout(() => {
        finish(new OdooTransportError(`no complete answer within ${timeoutMs} ms from ${where}`, 'timeout', true));
      }, timeoutMs);

      const req = this.request({
        protocol: this.base.protocol,
        hostname: this.base.hostname,
        port: this.base.port || undefined,
        path: `${this.prefix}${request.path}`,
        method: request.method ?? 'POST',
        agent: this.agent,
        // a GET carries no body, so no Content-Length (as browsers and curl send it)
        headers: request.method === 'GET' && body.length === 0 ? request.headers : { ...request.headers, 'Content-Length': body.length },
      });

      req.on('error', (err: NodeJS.ErrnoException) => finish(networkError(err, where)));
      req.on('response', (res) => {
        // One page of answer is held as bytes and decoded in one pass once complete: memory
        // grows with the page (paging keeps pages small), never with the whole result.
        const chunks: Buffer[] = [];
        let complete = false;
        res.on('data', (chunk: Buffer) => {
          if (!settled) chunks.push(chunk);
        });
        res.on('end', () => {
          complete = true;
          this.noteServerDate(res.headers.date, performance.now() - sentAt);
          finish(null, { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) });
        });
        // A body cut short by the peer ends in 'error' ("aborted") or 'close' without 'end'.
        res.on('error', () => {
          if (!complete) finish(new OdooTransportError(`connection closed mid-answer from ${where}`, 'truncated', true));
        });
        res.on('close', () => {
          if (!complete) finish(new OdooTransportError(`connection closed mid-answer from ${where}`, 'truncated', true));
        });
      });
      req.end(body);
    });
  }

  private noteServerDate(header: string | undefined, roundTripMs: number): void {
    const stamped = header === undefined ? NaN : Date.parse(header);
    if (Number.isNaN(stamped)) return;
    this.serverTimeFloor = new Date(stamped - Math.ceil(roundTripMs));
  }
}

/** A non-2xx answer that is not the protocol's own error format: a proxy page, a missing route. */
export function httpStatusError(answer: HttpAnswer, where: string): OdooTransportError {
  const { status } = answer;
  return new OdooTransportError(`HTTP ${status} ${answer.statusText}`.trimEnd() + ` from ${where}`, 'http-status', RETRYABLE_STATUS.has(status), status);
}

function networkError(err: NodeJS.ErrnoException, where: string): OdooError {
  const code = err.code ?? '';
  const kind = RETRYABLE_CODES[code];
  if (kind) return new OdooTransportError(`${code} from ${where}`, kind, true, undefined, { cause: err });
  if (err.message === 'socket hang up')
    return new OdooTransportError(`connection reset (socket hang up) by ${where}`, 'connection-reset', true, undefined, { cause: err });
  return new OdooTransportError(`${code || err.message} calling ${where}`, 'network', false, undefined, { cause: err });
}

import http from 'node:http';
import https from 'node:https';
import { encodeMethodCall, XmlRpcParseError, decodeMethodResponse, type XmlRpcValue } from '../xmlrpc';
import { faultError, OdooError, OdooResponseError, OdooTransportError } from './errors';
import type { OdooCallOptions, OdooService, OdooTransport } from './transport';

export interface XmlRpcTransportOptions {
  /** Odoo base URL, e.g. `https://erp.example.com` (a path prefix is kept). */
  url: string;
  /** Default per-call timeout. */
  timeoutMs?: number;
  /** Parallel sockets kept alive per host. */
  maxSockets?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
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

/**
 * `OdooTransport` over HTTP(S) POST to `<url>/xmlrpc/2/<service>`, with a keep-alive pool
 * and a response decoded as it streams in (memory follows the decoded values, not the body).
 */
export class XmlRpcTransport implements OdooTransport {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  private readonly timeoutMs: number;
  /** The URL as shown in messages: never with credentials. */
  private readonly shownUrl: string;

  constructor(options: XmlRpcTransportOptions) {
    const base = new URL(options.url);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new TypeError(`Odoo URL must be http or https, got ${base.protocol}`);
    }
    base.username = '';
    base.password = '';
    base.pathname = base.pathname.replace(/\/+$/, '');
    this.base = base;
    this.shownUrl = (base.origin + base.pathname).replace(/\/+$/, '');
    const secure = base.protocol === 'https:';
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 4 };
    this.agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.request = secure ? https.request : http.request;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  close(): void {
    this.agent.destroy();
  }

  call(service: OdooService, method: string, params: XmlRpcValue[], options: OdooCallOptions = {}): Promise<XmlRpcValue> {
    const body = Buffer.from(encodeMethodCall(method, params), 'utf8');
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const path = `${this.base.pathname.replace(/\/+$/, '')}/xmlrpc/2/${service}`;
    const where = `${this.shownUrl}/xmlrpc/2/${service} ${method}`;

    return new Promise<XmlRpcValue>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | null, value?: XmlRpcValue): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          req.destroy();
          reject(error);
        } else {
          resolve(value as XmlRpcValue);
        }
      };
      const timer = setTimeout(() => {
        finish(new OdooTransportError(`no complete answer within ${timeoutMs} ms from ${where}`, 'timeout', true));
      }, timeoutMs);

      const req = this.request({
        protocol: this.base.protocol,
        hostname: this.base.hostname,
        port: this.base.port || undefined,
        path,
        method: 'POST',
        agent: this.agent,
        headers: { 'Content-Type': 'text/xml', 'Content-Length': body.length, Accept: 'text/xml' },
      });

      req.on('error', (err: NodeJS.ErrnoException) => finish(this.networkError(err, where)));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status !== 200) {
          res.resume();
          const retryable = RETRYABLE_STATUS.has(status);
          finish(new OdooTransportError(`HTTP ${status} ${res.statusMessage ?? ''}`.trimEnd() + ` from ${where}`, 'http-status', retryable, status));
          return;
        }
        // One page of answer is held as bytes and decoded in one pass once complete: faster
        // than decoding chunk by chunk, and memory still grows with the page (paging keeps
        // pages small), never with the whole result.
        const chunks: Buffer[] = [];
        let complete = false;
        res.on('data', (chunk: Buffer) => {
          if (!settled) chunks.push(chunk);
        });
        res.on('end', () => {
          complete = true;
          if (settled) return;
          try {
            const answer = decodeMethodResponse(Buffer.concat(chunks));
            if (answer.kind === 'fault') finish(faultError(answer.code, answer.message));
            else finish(null, answer.value);
          } catch (err) {
            finish(this.parseError(err, where));
          }
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

  private networkError(err: NodeJS.ErrnoException, where: string): OdooError {
    const code = err.code ?? '';
    const kind = RETRYABLE_CODES[code];
    if (kind) return new OdooTransportError(`${code} from ${where}`, kind, true, undefined, { cause: err });
    if (err.message === 'socket hang up')
      return new OdooTransportError(`connection reset (socket hang up) by ${where}`, 'connection-reset', true, undefined, { cause: err });
    return new OdooTransportError(`${code || err.message} calling ${where}`, 'network', false, undefined, { cause: err });
  }

  private parseError(err: unknown, where: string): OdooError {
    if (err instanceof XmlRpcParseError) {
      if (err.truncated) return new OdooTransportError(`truncated answer from ${where}: ${err.message}`, 'truncated', true, undefined, { cause: err });
      const [row, ...field] = err.path ?? [];
      // an answer is one value; for a list of records the path is [row, field]
      if (typeof row === 'number' && field.length > 0) {
        const name = field.join('.');
        return new OdooResponseError(`malformed XML-RPC answer from ${where}: row ${row} field "${name}": ${err.message}`, { cause: err }, row, name);
      }
      return new OdooResponseError(`malformed XML-RPC answer from ${where}: ${err.message}`, { cause: err });
    }
    if (err instanceof OdooError) return err;
    return new OdooResponseError(`unreadable answer from ${where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

import { redactUrl } from '../redact-url';
import { OdooDatabaseNotFound, OdooError, odooExceptionError } from './errors';
import { HttpExchange, RETRYABLE_STATUS, httpStatusError } from './http-exchange';
import { json2Body } from './json2-arguments';
import { encodeJson, isJsonAnswer, parseJsonBody, readOdooException } from './json-wire';
import { jsonRpcResult } from './jsonrpc-transport';
import { DEFAULT_TIMEOUT_MS } from './service-rpc-transport';
import type { OdooCallOptions, OdooMethodCall, OdooSession, OdooTransport, OdooValue } from './transport';

export interface Json2TransportOptions {
  /** Odoo base URL, e.g. `https://erp.example.com` (a path prefix is kept). */
  url: string;
  /** The API key: the only credential (no login, no uid). Never put in a message. */
  apiKey: string;
  /** Sent as `X-Odoo-Database` when set (a server with one database needs none). */
  db?: string;
  /** Default per-call timeout. */
  timeoutMs?: number;
  /** Parallel sockets kept alive per host. */
  maxSockets?: number;
}

/**
 * `OdooTransport` over Odoo 19's External JSON-2 API: `POST <url>/json/2/<model>/<method>`
 * with named arguments and `Authorization: bearer <API key>`. The HTTP status carries the
 * error class (401, 403, 404, 422, 400, 500, JSON `{name, message, debug}`); an unknown
 * database is an HTML 404.
 */
export class Json2Transport implements OdooTransport {
  readonly protocol = 'json2';
  readonly needsLogin = false;
  private readonly http: HttpExchange;
  private readonly timeoutMs: number;

  constructor(private readonly options: Json2TransportOptions) {
    this.http = new HttpExchange(options);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  close(): void {
    this.http.close();
  }

  serverTimeAtLeast(): Date | null {
    return this.http.serverTimeAtLeast();
  }

  /** `/web/version` (a JSON-RPC route that needs no database or login). */
  async version(options: OdooCallOptions = {}): Promise<OdooValue> {
    const answer = await this.http.send({
      path: '/web/version',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: encodeJson({ jsonrpc: '2.0', method: 'call', params: {}, id: null }),
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      label: 'version',
    });
    return jsonRpcResult(answer, this.http.where('/web/version', 'version'));
  }

  authenticate(): Promise<OdooValue> {
    return Promise.reject(new OdooError('JSON-2 has no login: the API key (ODOO_API_KEY) authenticates every call'));
  }

  async executeKw(_session: OdooSession, call: OdooMethodCall, options: OdooCallOptions = {}): Promise<OdooValue> {
    const path = `/json/2/${encodeURIComponent(call.model)}/${encodeURIComponent(call.method)}`;
    const where = this.http.where(path, '');
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      Authorization: `bearer ${this.options.apiKey}`,
    };
    if (this.options.db) headers['X-Odoo-Database'] = this.options.db;
    const answer = await this.http.send({ path, headers, body: encodeJson(json2Body(call)), timeoutMs: options.timeoutMs ?? this.timeoutMs, label: '' });
    if (answer.status === 200 && isJsonAnswer(answer)) return parseJsonBody(answer, where);
    if (!RETRYABLE_STATUS.has(answer.status) && isJsonAnswer(answer)) {
      const error = readOdooException(parseJsonBody(answer, where));
      if (error) throw odooExceptionError(error, answer.status);
    }
    // Odoo answers an unknown X-Odoo-Database with its HTML "No database is selected" 404.
    if (answer.status === 404 && /No database is selected/i.test(answer.body.toString('utf8'))) {
      throw new OdooDatabaseNotFound(this.options.db ?? '(none: X-Odoo-Database not sent)', redactUrl(this.options.url));
    }
    const error = httpStatusError(answer, where);
    // Before 19.0 there is no /json/2 route: say what to do, not just "404".
    if (answer.status === 404) error.message += ': no JSON-2 API here (it needs Odoo 19 or later; use ODOO_PROTOCOL=auto or jsonrpc)';
    throw error;
  }
}

import { redactUrl } from '../redact-url';
import { OdooDatabaseNotFound, OdooError, OdooResponseError, OdooTransportError, odooExceptionError } from './errors';
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

  /**
   * The server's version, in `common.version`'s shape: `GET /web/version`, Odoo 19's plain HTTP
   * route (no database, no login). Before 19.0 there is no such route (a 404): the answer of
   * `POST /web/webclient/version_info` then names the version in the error, since JSON-2
   * needs Odoo 19 (transcripts odoo19/33–36, odoo16-version/).
   */
  async version(options: OdooCallOptions = {}): Promise<OdooValue> {
    try {
      return await this.webVersion(options);
    } catch (error) {
      if (error instanceof OdooTransportError && error.kind === 'http-status' && error.status === 404) throw await this.noJson2Here(error, options);
      throw error;
    }
  }

  /** `GET /web/version` (Odoo ≥ 19) as `{server_version, server_version_info, server_serie, protocol_version}`. */
  async webVersion(options: OdooCallOptions = {}): Promise<OdooValue> {
    const where = this.http.where('/web/version', 'version');
    const answer = await this.http.send({
      path: '/web/version',
      method: 'GET',
      headers: { Accept: 'application/json' },
      body: Buffer.alloc(0),
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      label: 'version',
    });
    if (answer.status !== 200 || !isJsonAnswer(answer)) throw httpStatusError(answer, where);
    return commonVersionShape(parseJsonBody(answer, where), where);
  }

  /** The error for a server without `/web/version`: which Odoo it is, when `/web/webclient/version_info` says. */
  private async noJson2Here(notFound: OdooTransportError, options: OdooCallOptions): Promise<OdooTransportError> {
    let version: string | null = null;
    try {
      const answer = await this.http.send({
        path: '/web/webclient/version_info',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: encodeJson({ jsonrpc: '2.0', method: 'call', params: {}, id: null }),
        timeoutMs: options.timeoutMs ?? this.timeoutMs,
        label: 'version_info',
      });
      const info = jsonRpcResult(answer, this.http.where('/web/webclient/version_info', ''));
      const named = info !== null && typeof info === 'object' ? (info as { server_version?: unknown }).server_version : undefined;
      if (typeof named === 'string') version = named;
    } catch {
      // no version to name: say what is known
    }
    const use = 'use ODOO_PROTOCOL=auto or jsonrpc';
    const message = version
      ? `Odoo ${version} at ${this.http.shownUrl} has no JSON-2 API (it needs Odoo 19 or later): ${use}`
      : `${notFound.message}: no /web/version, so no JSON-2 API here (it needs Odoo 19 or later; ${use})`;
    return new OdooTransportError(message, 'http-status', false, 404, { cause: notFound });
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

/**
 * `/web/version`'s `{"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}` in
 * `common.version`'s shape (`server_serie` is Odoo's `major.minor`, as `release.serie`).
 */
export function commonVersionShape(value: OdooValue, where: string): OdooValue {
  const answer = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { version?: unknown; version_info?: unknown }) : {};
  const { version, version_info: info } = answer;
  if (typeof version !== 'string' || !Array.isArray(info) || info.length < 2 || !info.every((part) => typeof part === 'number' || typeof part === 'string')) {
    throw new OdooResponseError(`answer from ${where} has no version and version_info`);
  }
  const parts = info as (number | string)[];
  return { server_version: version, server_version_info: parts, server_serie: `${parts[0]}.${parts[1]}`, protocol_version: 1 };
}

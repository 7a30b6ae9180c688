import { OdooApplicationError, OdooResponseError, odooExceptionError } from './errors';
import { HttpExchange, httpStatusError, type HttpAnswer } from './http-exchange';
import { encodeJson, isJsonAnswer, parseJsonBody, readOdooException } from './json-wire';
import type { OdooCallOptions, OdooMethodCall, OdooSession, OdooTransport, OdooValue } from './transport';

export interface JsonRpcTransportOptions {
  /** Odoo base URL, e.g. `https://erp.example.com` (a path prefix is kept). */
  url: string;
  /** Default per-call timeout. */
  timeoutMs?: number;
  /** Parallel sockets kept alive per host. */
  maxSockets?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * `OdooTransport` over `POST <url>/jsonrpc` (`{service, method, args}` as XML-RPC's), where
 * Odoo answers HTTP 200 for errors too, with `error: {code, message, data: {name, message, debug}}`.
 */
export class JsonRpcTransport implements OdooTransport {
  readonly protocol = 'jsonrpc';
  readonly needsLogin = true;
  private readonly http: HttpExchange;
  private readonly timeoutMs: number;
  private nextId = 1;

  constructor(options: JsonRpcTransportOptions) {
    this.http = new HttpExchange(options);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  close(): void {
    this.http.close();
  }

  version(options: OdooCallOptions = {}): Promise<OdooValue> {
    return this.call('common', 'version', [], options);
  }

  authenticate(db: string, login: string, password: string, options: OdooCallOptions = {}): Promise<OdooValue> {
    return this.call('common', 'authenticate', [db, login, password, {}], options);
  }

  executeKw(session: OdooSession, call: OdooMethodCall, options: OdooCallOptions = {}): Promise<OdooValue> {
    const args = [session.db, session.uid, session.password, call.model, call.method, call.args, call.kwargs];
    return this.call('object', 'execute_kw', args, options);
  }

  async call(service: 'common' | 'object', method: string, args: OdooValue[], options: OdooCallOptions = {}): Promise<OdooValue> {
    const label = `${service}.${method}`;
    const answer = await this.http.send({
      path: '/jsonrpc',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: encodeJson({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: this.nextId++ }),
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      label,
    });
    return jsonRpcResult(answer, this.http.where('/jsonrpc', label));
  }
}

/** The `result` of a JSON-RPC answer, or its `error` as the common error classes. Also reads `/web/version`. */
export function jsonRpcResult(answer: HttpAnswer, where: string): OdooValue {
  if (answer.status !== 200 || !isJsonAnswer(answer)) throw httpStatusError(answer, where);
  const envelope = parseJsonBody(answer, where);
  if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) {
    throw new OdooResponseError(`JSON-RPC answer from ${where} is not an object`);
  }
  const { result, error } = envelope as { result?: OdooValue; error?: unknown };
  if (error !== undefined && error !== null) {
    const data = readOdooException((error as { data?: unknown }).data);
    if (data) throw odooExceptionError(data);
    const message = (error as { message?: unknown }).message;
    const text = typeof message === 'string' ? message : JSON.stringify(error);
    throw new OdooApplicationError(text, 1, text);
  }
  if (!('result' in envelope)) throw new OdooResponseError(`JSON-RPC answer from ${where} has neither result nor error`);
  return result as OdooValue;
}

import { HttpExchange } from './http-exchange';
import type { OdooCallOptions, OdooMethodCall, OdooSession, OdooTransport, OdooValue } from './transport';

export interface ServiceRpcTransportOptions {
  /** Odoo base URL, e.g. `https://erp.example.com` (a path prefix is kept). */
  url: string;
  /** Default per-call timeout. */
  timeoutMs?: number;
  /** Parallel sockets kept alive per host. */
  maxSockets?: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * XML-RPC and JSON-RPC address Odoo's services (`common`, `object`) alike: a login that
 * answers a uid, then `execute_kw` with db, uid and password on every call. Only the wire
 * (`call`) differs between them.
 */
export abstract class ServiceRpcTransport implements OdooTransport {
  abstract readonly protocol: 'xmlrpc' | 'jsonrpc';
  readonly needsLogin = true;
  protected readonly http: HttpExchange;
  protected readonly timeoutMs: number;

  constructor(options: ServiceRpcTransportOptions) {
    this.http = new HttpExchange(options);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  close(): void {
    this.http.close();
  }

  serverTimeAtLeast(): Date | null {
    return this.http.serverTimeAtLeast();
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

  /** One call to an Odoo service over this protocol's wire. */
  abstract call(service: 'common' | 'object', method: string, args: OdooValue[], options?: OdooCallOptions): Promise<OdooValue>;
}

import type { XmlRpcValue } from '../xmlrpc';

export type OdooService = 'common' | 'object';

export interface OdooCallOptions {
  /** Budget for the whole call: connecting, sending, waiting and reading the body. */
  timeoutMs?: number;
}

/**
 * One XML-RPC call to an Odoo service. Resolves with the decoded value; rejects with an
 * `OdooTransportError` (no answer), an `OdooFault` subclass (Odoo answered a fault) or an
 * `OdooResponseError` (the answer is not valid XML-RPC).
 */
export interface OdooTransport {
  call(service: OdooService, method: string, params: XmlRpcValue[], options?: OdooCallOptions): Promise<XmlRpcValue>;
  /** Releases pooled connections. */
  close?(): void;
}

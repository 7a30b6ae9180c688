import type { XmlRpcValue } from '../xmlrpc';

/** The wire protocols of Odoo's external API. JSON-2 exists from Odoo 19; the RPC two are deprecated there. */
export type OdooProtocol = 'xmlrpc' | 'jsonrpc' | 'json2';
export const ODOO_PROTOCOLS: readonly OdooProtocol[] = ['xmlrpc', 'jsonrpc', 'json2'];

/** A value sent to or received from Odoo (JSON answers use the same plain shapes). */
export type OdooValue = XmlRpcValue;

export interface OdooCallOptions {
  /** Budget for the whole call: connecting, sending, waiting and reading the body. */
  timeoutMs?: number;
}

/** Who calls: XML-RPC and JSON-RPC send db, uid and password (or API key) on every call; JSON-2 sends its key as a header. */
export interface OdooSession {
  db: string;
  /** from `authenticate`; unused by JSON-2 */
  uid: number;
  password: string;
}

/** One ORM method call, as `execute_kw` takes it: positional `args`, named `kwargs`. */
export interface OdooMethodCall {
  model: string;
  method: string;
  args: OdooValue[];
  kwargs: { [key: string]: OdooValue };
}

/**
 * One protocol's way to reach Odoo. Every method resolves with the decoded value or rejects
 * with an `OdooTransportError` (no answer: retryable or not), an `OdooFault` subclass (Odoo
 * answered an error: the same classes for every protocol), an `OdooDatabaseNotFound`, or an
 * `OdooResponseError` (the answer is not valid for the protocol).
 */
export interface OdooTransport {
  readonly protocol: OdooProtocol;
  /** Whether `executeKw` needs the uid of `authenticate` first (XML-RPC, JSON-RPC) or not (JSON-2). */
  readonly needsLogin: boolean;
  /** The server's version dict (`server_version`, `server_version_info`, …). */
  version(options?: OdooCallOptions): Promise<OdooValue>;
  /** The uid, or False when the login is refused. */
  authenticate(db: string, login: string, password: string, options?: OdooCallOptions): Promise<OdooValue>;
  executeKw(session: OdooSession, call: OdooMethodCall, options?: OdooCallOptions): Promise<OdooValue>;
  /** Releases pooled connections. */
  close?(): void;
  /** A lower bound of Odoo's clock when the latest answered call was sent (from its `Date` header); null if none carried one. */
  serverTimeAtLeast?(): Date | null;
}

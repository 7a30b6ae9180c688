/**
 * `ODOO_PROTOCOL=auto`: ask the server's version once and pick the fastest protocol it
 * serves. JSON-2 on Odoo ≥ 19 when an API key is configured (it is the only credential it
 * takes); else JSON-RPC; XML-RPC only where `/jsonrpc` is refused (a proxy that blocks it,
 * an Odoo without it).
 */
import { OdooResponseError, OdooTransportError } from './errors';
import type { OdooProtocol, OdooValue } from './transport';

export type OdooProtocolSetting = 'auto' | OdooProtocol;

export interface ProtocolChoice {
  protocol: OdooProtocol;
  /** `server_version` as the server said it, when it was asked */
  serverVersion: string | null;
  /** why, in a sentence for the log */
  reason: string;
}

export interface VersionProbes {
  /** `/web/version` (needs no database, no login, no deprecated endpoint) */
  webVersion(): Promise<OdooValue>;
  /** `common.version` over `/jsonrpc` */
  jsonRpcVersion(): Promise<OdooValue>;
}

export async function chooseProtocol(probes: VersionProbes, hasApiKey: boolean): Promise<ProtocolChoice> {
  if (hasApiKey) {
    const version = await refusedAsNull(probes.webVersion());
    const major = majorVersion(version);
    if (major !== null && major >= 19) {
      return { protocol: 'json2', serverVersion: serverVersion(version), reason: `Odoo ${serverVersion(version)} serves JSON-2 and an API key is configured` };
    }
  }
  const version = await refusedAsNull(probes.jsonRpcVersion());
  if (version !== null) {
    const why = hasApiKey ? 'JSON-2 needs Odoo 19 or later' : 'no API key (ODOO_API_KEY) for JSON-2';
    return { protocol: 'jsonrpc', serverVersion: serverVersion(version), reason: `Odoo ${serverVersion(version)} serves JSON-RPC; ${why}` };
  }
  return { protocol: 'xmlrpc', serverVersion: null, reason: '/jsonrpc is refused by the server: falling back to XML-RPC' };
}

/** The probe's answer, or null when the endpoint is refused (a non-retryable HTTP status, or an answer that is not the protocol's). */
async function refusedAsNull(probe: Promise<OdooValue>): Promise<OdooValue | null> {
  try {
    return await probe;
  } catch (error) {
    if (error instanceof OdooTransportError && error.kind === 'http-status' && !error.retryable) return null;
    if (error instanceof OdooResponseError) return null;
    throw error;
  }
}

function serverVersion(version: OdooValue | null): string | null {
  const v = version !== null && typeof version === 'object' ? (version as { server_version?: unknown }).server_version : undefined;
  return typeof v === 'string' ? v : null;
}

/** 19 from `server_version_info: [19, 0, …]` or `server_version: "saas~18.3"` / `"19.0"`. */
export function majorVersion(version: OdooValue | null): number | null {
  if (version === null || typeof version !== 'object') return null;
  const info = (version as { server_version_info?: unknown }).server_version_info;
  if (Array.isArray(info) && typeof info[0] === 'number') return info[0];
  const text = serverVersion(version);
  const match = text ? /(\d+)(?:\.\d+)?/.exec(text) : null;
  return match ? Number(match[1]) : null;
}

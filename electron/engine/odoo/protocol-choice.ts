/**
 * `ODOO_PROTOCOL=auto`: ask the server's version once and pick the fastest protocol it
 * serves. JSON-2 on Odoo ≥ 19 when an API key is configured (it is the only credential it
 * takes); else JSON-RPC; XML-RPC only where `/jsonrpc` is refused (a proxy that blocks it,
 * an Odoo without it).
 *
 * The probes are what each real version serves (test/fixtures/odoo/odoo19/33–36,
 * odoo16-version/): with an API key, `GET /web/version` (a plain HTTP route from 19.0; a 404
 * before), and when that does not say ≥ 19, `common.version` over `/jsonrpc` (16.0 and 19.0),
 * which also shows that `/jsonrpc` is served. Without a key only the second is asked.
 */
import { OdooResponseError, OdooTransportError } from './errors';
import type { OdooProtocol, OdooValue } from './transport';

export type OdooProtocolSetting = 'auto' | OdooProtocol;

/** Why `auto` chose what it chose, for the log's data. */
export type ProtocolChoiceWhy = 'json2' | 'no-api-key' | 'json2-needs-19' | 'web-version-refused' | 'jsonrpc-refused';

export interface ProtocolChoice {
  protocol: OdooProtocol;
  /** `server_version` as the server said it, when it was asked */
  serverVersion: string | null;
  /** why, in a sentence for the operator's log (pt-BR) */
  reason: string;
  why: ProtocolChoiceWhy;
}

export interface VersionProbes {
  /** `GET /web/version`, normalised to `common.version`'s shape (Odoo ≥ 19 only: no database, no login, no deprecated endpoint) */
  webVersion(): Promise<OdooValue>;
  /** `common.version` over `/jsonrpc` */
  jsonRpcVersion(): Promise<OdooValue>;
}

export async function chooseProtocol(probes: VersionProbes, hasApiKey: boolean): Promise<ProtocolChoice> {
  let webRefused: string | null = null;
  if (hasApiKey) {
    const web = await refusedOr(probes.webVersion());
    const major = 'value' in web ? majorVersion(web.value) : null;
    if ('value' in web && major !== null && major >= 19) {
      const version = serverVersion(web.value);
      return { protocol: 'json2', serverVersion: version, why: 'json2', reason: `Odoo ${version} oferece JSON-2 e há uma chave de API configurada` };
    }
    if ('refused' in web) webRefused = web.refused;
  }
  const rpc = await refusedOr(probes.jsonRpcVersion());
  if ('value' in rpc) {
    const version = serverVersion(rpc.value);
    const named = `Odoo ${version ?? '(versão não informada)'}`;
    const major = majorVersion(rpc.value);
    if (major !== null && major < 19)
      return { protocol: 'jsonrpc', serverVersion: version, why: 'json2-needs-19', reason: `${named} não oferece JSON-2 (só a partir do Odoo 19)` };
    if (!hasApiKey) {
      const offers = major === null ? 'pode não oferecer JSON-2, e' : 'oferece JSON-2, mas';
      return { protocol: 'jsonrpc', serverVersion: version, why: 'no-api-key', reason: `${named} ${offers} não há chave de API (ODOO_API_KEY) configurada` };
    }
    // Odoo ≥ 19 (or a version not understood) whose GET /web/version was refused: a proxy in the way, most likely.
    return {
      protocol: 'jsonrpc',
      serverVersion: version,
      why: 'web-version-refused',
      reason: `${named} responde em /jsonrpc, mas GET /web/version foi recusado (${webRefused ?? 'resposta sem versão'}): sem ele não há JSON-2`,
    };
  }
  return { protocol: 'xmlrpc', serverVersion: null, why: 'jsonrpc-refused', reason: `o servidor recusa /jsonrpc (${rpc.refused}): XML-RPC` };
}

/** The probe's answer, or why the endpoint is refused (a non-retryable HTTP status, or an answer that is not the route's). */
async function refusedOr(probe: Promise<OdooValue>): Promise<{ value: OdooValue } | { refused: string }> {
  try {
    return { value: await probe };
  } catch (error) {
    if (error instanceof OdooTransportError && error.kind === 'http-status' && !error.retryable) return { refused: `HTTP ${error.status ?? '?'}` };
    if (error instanceof OdooResponseError) return { refused: 'resposta inválida' };
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

/**
 * The JSON faces of the simulator, shaped like the Odoo 19 transcripts: `/jsonrpc`
 * (`{service, method, args}`, errors inside a 200), the version routes (`GET /web/version`
 * from 19.0, `POST /web/webclient/version_info` on every version), and JSON-2
 * (`POST /json/2/<model>/<method>`, bearer API key, optional `X-Odoo-Database`, named
 * arguments, the HTTP status carrying the error class; only when the server is 19 or later).
 */
import type http from 'node:http';
import type { XmlRpcValue } from '../xmlrpc';
import { OdooSimFault } from './errors';
import { isAnswerFault, reshapeAnswer, type CallInfo, type FaultAction } from './faults';
import { applyTransportFault, readBody, sendBody, sendHtmlNotFound, sendRoutingNotFound, sendTruncated } from './http-replies';
import { json2Arguments } from './json2-signatures';
import { isModelName } from './models';
import { accessErrorException, exceptionBody, exceptionOf, httpException, type OdooException } from './odoo-exception';
import { restrictedOutcome } from './restricted-user';
import { dispatch, ormCall, versionInfo } from './rpc-dispatch';
import type { ServerConfig } from './server';

const JSON_TYPE = 'application/json; charset=utf-8';
const NOSNIFF = { 'X-Content-Type-Options': 'nosniff' };
const MALFORMED_JSON = '[{"id": 1, "order_id": [1, "S00001"], "product_uom_qty": 3.0, <<not json>>';

/** Odoo's answer to an unknown X-Odoo-Database (transcript 18). */
const NO_DATABASE_HTML =
  '<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>\n<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n<!-- Alternatively, use the X-Odoo-Database header. -->\n';

type Outcome = { result: XmlRpcValue } | { error: OdooException };

function run(body: () => XmlRpcValue): Outcome {
  try {
    return { result: body() };
  } catch (error) {
    return { error: exceptionOf(error) };
  }
}

/** Waits the injected latency; true when a fault already answered (or will never answer). */
async function injected(config: ServerConfig, call: CallInfo, req: http.IncomingMessage, res: http.ServerResponse): Promise<FaultAction | null | 'answered'> {
  config.onCall(call);
  const decision = config.faults.decide(call);
  if (decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
  if (!decision.action) return null;
  if (applyTransportFault(decision.action, req, res)) return 'answered';
  return decision.action;
}

/** The protocol's answer to a `malformed` or `truncate` fault, or the fault's error for `fault`. */
function protocolFault(action: FaultAction, res: http.ServerResponse, full: () => string): Outcome | null {
  if (action.kind === 'malformed') {
    sendBody(res, 200, JSON_TYPE, MALFORMED_JSON);
    return null;
  }
  if (action.kind === 'truncate') {
    sendTruncated(res, JSON_TYPE, full(), action.fraction);
    return null;
  }
  if (action.kind === 'fault') return { error: exceptionOf(new OdooSimFault(action.code, action.string)) };
  return null;
}

/** A successful outcome changed by an answer fault (an empty list, a capped one); errors pass. */
function reshaped(action: FaultAction & { kind: 'empty' | 'cap' }, outcome: Outcome): Outcome {
  return 'result' in outcome ? { result: reshapeAnswer(action, outcome.result) } : outcome;
}

// ------------------------------------------------------------------ JSON-RPC

interface JsonRpcRequest {
  id: unknown;
  params: { service?: unknown; method?: unknown; args?: unknown };
}

function jsonRpcAnswer(id: unknown, outcome: Outcome): string {
  if ('result' in outcome) return JSON.stringify({ jsonrpc: '2.0', id, result: outcome.result });
  return JSON.stringify({ jsonrpc: '2.0', id, error: { code: 0, message: 'Odoo Server Error', data: exceptionBody(outcome.error) } });
}

function sendJsonRpc(res: http.ServerResponse, id: unknown, outcome: Outcome): void {
  sendBody(res, 200, JSON_TYPE, jsonRpcAnswer(id, outcome), 'result' in outcome ? NOSNIFF : {});
}

async function readJsonRpc(req: http.IncomingMessage, res: http.ServerResponse): Promise<JsonRpcRequest | null> {
  if (req.method !== 'POST') {
    sendHtmlNotFound(res);
    return null;
  }
  try {
    const parsed = JSON.parse((await readBody(req)).toString('utf8')) as { id?: unknown; params?: unknown };
    const params = parsed.params !== null && typeof parsed.params === 'object' ? (parsed.params as JsonRpcRequest['params']) : {};
    return { id: parsed.id ?? null, params };
  } catch (error) {
    sendJsonRpc(res, null, { error: httpException(400, `could not parse the body as json: ${(error as Error).message}`) });
    return null;
  }
}

export async function handleJsonRpc(config: ServerConfig, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const request = await readJsonRpc(req, res);
  if (!request) return;
  const { service, method, args } = request.params;
  const params = (Array.isArray(args) ? args : []) as XmlRpcValue[];
  const call: CallInfo = { protocol: 'jsonrpc', service: String(service), method: String(method) };
  if (service === 'object' && (method === 'execute_kw' || method === 'execute')) {
    if (typeof params[3] === 'string') call.model = params[3];
    if (typeof params[4] === 'string') call.ormMethod = params[4];
  }
  const fault = await injected(config, call, req, res);
  if (fault === 'answered') return;
  const outcome = (): Outcome =>
    service === 'common' || service === 'object'
      ? run(() => dispatch(config, service, String(method), params, 'json'))
      : { error: exceptionOf(new OdooSimFault(1, `Traceback (most recent call last):\nException: No such service ${String(service)}\n`)) };
  if (fault && isAnswerFault(fault)) {
    sendJsonRpc(res, request.id, reshaped(fault, outcome()));
    return;
  }
  if (fault) {
    const faulted = protocolFault(fault, res, () => jsonRpcAnswer(request.id, outcome()));
    if (faulted) sendJsonRpc(res, request.id, faulted);
    return;
  }
  sendJsonRpc(res, request.id, outcome());
}

const majorOf = (serverVersion: string) => Number(serverVersion.split('.')[0]);

/** Odoo's refusal of a POST without a CSRF token to an HTTP route (transcript odoo19/34). */
const CSRF_HTML = '<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>Session expired (invalid CSRF token)</p>\n';

/**
 * `/web/version` and its alias `/json/version`: from 19.0 a plain HTTP route (no database, no
 * login) whose GET answers `{"version_info": […], "version": "19.0"}` (transcripts odoo19/33,
 * 35) and whose POST is refused as a CSRF failure (34); before 19.0 no such route (odoo16-version/01).
 */
export async function handleWebVersion(config: ServerConfig, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  await readBody(req);
  config.onCall({ protocol: 'web', service: 'web', method: 'version' });
  const major = majorOf(config.serverVersion);
  if (major < 19) return sendRoutingNotFound(res);
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendBody(res, 400, 'text/html; charset=utf-8', CSRF_HTML);
  // written as Python's json.dumps writes it
  sendBody(res, 200, JSON_TYPE, `{"version_info": [${major}, 0, 0, "final", 0, ""], "version": "${config.serverVersion}"}`, NOSNIFF);
}

/** `POST /web/webclient/version_info`: JSON-RPC, no database, no login; `common.version`'s answer on 16.0 and 19.0 alike (odoo19/36, odoo16-version/02). */
export async function handleWebClientVersionInfo(config: ServerConfig, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const request = await readJsonRpc(req, res);
  if (!request) return;
  config.onCall({ protocol: 'web', service: 'web', method: 'version_info' });
  sendJsonRpc(res, request.id, { result: versionInfo(config.serverVersion) });
}

// ------------------------------------------------------------------ JSON-2

function sendJson2Error(res: http.ServerResponse, error: OdooException): void {
  const headers: Record<string, string> = error.status === 401 ? { 'WWW-Authenticate': 'Bearer ' } : {};
  sendBody(res, error.status, JSON_TYPE, JSON.stringify(exceptionBody(error)), headers);
}

function sendJson2(res: http.ServerResponse, outcome: Outcome): void {
  if ('error' in outcome) sendJson2Error(res, outcome.error);
  else sendBody(res, 200, JSON_TYPE, JSON.stringify(outcome.result), NOSNIFF);
}

export async function handleJson2(config: ServerConfig, path: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (majorOf(config.serverVersion) < 19) return sendRoutingNotFound(res); // JSON-2 is new in 19.0
  const database = req.headers['x-odoo-database'];
  if (database !== undefined && database !== config.db) return sendBody(res, 404, 'text/html; charset=utf-8', NO_DATABASE_HTML);
  const [model = '', method = ''] = path.slice('/json/2/'.length).split('/').map(decodeURIComponent);
  if (req.method !== 'POST') return sendJson2Error(res, httpException(404, 'Did you mean POST /json/2/<model>/<method>?'));

  const bearer = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!bearer) return sendJson2Error(res, httpException(401, 'User not authenticated, use an API Key with a Bearer Authorization header.'));
  const key = bearer[1].trim();
  const restricted = key === config.restrictedUser.apiKey ? config.restrictedUser : null;
  if (key !== config.apiKey && !restricted) return sendJson2Error(res, httpException(401, 'Invalid apikey'));

  let body: unknown;
  try {
    const text = (await readBody(req)).toString('utf8');
    body = text.length === 0 ? {} : JSON.parse(text);
  } catch (error) {
    return sendJson2Error(res, httpException(400, `could not parse the body as json: ${(error as Error).message}`));
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return sendJson2Error(res, httpException(422, 'the body must be a JSON object'));

  const call: CallInfo = { protocol: 'json2', service: 'object', method: 'execute_kw', model, ormMethod: method };
  const fault = await injected(config, call, req, res);
  if (fault === 'answered') return;

  const outcome = (): Outcome => {
    const asRestricted = restricted ? restrictedOutcome(restricted, model, method) : null;
    const refused = asRestricted && 'error' in asRestricted ? { error: exceptionOf(asRestricted.error) } : null;
    if (!isModelName(model)) return refused ?? { error: httpException(404, `the model '${model}' does not exist`) };
    if (method.startsWith('_')) return { error: accessErrorException(`Private methods (such as '${model}.${method}') cannot be called remotely.`) };
    const named = json2Arguments(model, method, body as Record<string, unknown>);
    if ('error' in named) return named;
    if (refused) return refused;
    if (asRestricted && 'result' in asRestricted) return asRestricted;
    return run(() => ormCall(config, () => config.orm.executeKw(model, method, [], named.kwargs, 'json') as XmlRpcValue));
  };
  if (fault && isAnswerFault(fault)) {
    sendJson2(res, reshaped(fault, outcome()));
    return;
  }
  if (fault) {
    const faulted = protocolFault(fault, res, () => {
      const full = outcome();
      return JSON.stringify('result' in full ? full.result : exceptionBody(full.error));
    });
    if (faulted) sendJson2(res, faulted);
    return;
  }
  sendJson2(res, outcome());
}

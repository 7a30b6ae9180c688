import { OdooApplicationError, OdooResponseError, odooExceptionError } from './errors';
import { httpStatusError, type HttpAnswer } from './http-exchange';
import { encodeJson, isJsonAnswer, parseJsonBody, readOdooException } from './json-wire';
import { ServiceRpcTransport, type ServiceRpcTransportOptions } from './service-rpc-transport';
import type { OdooCallOptions, OdooValue } from './transport';

export type JsonRpcTransportOptions = ServiceRpcTransportOptions;

/**
 * `OdooTransport` over `POST <url>/jsonrpc` (`{service, method, args}` as XML-RPC's), where
 * Odoo answers HTTP 200 for errors too, with `error: {code, message, data: {name, message, debug}}`.
 */
export class JsonRpcTransport extends ServiceRpcTransport {
  readonly protocol = 'jsonrpc';
  private nextId = 1;

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

import { encodeMethodCall, XmlRpcParseError, decodeMethodResponse } from '../xmlrpc';
import { faultError, OdooError, OdooResponseError, OdooTransportError } from './errors';
import { httpStatusError } from './http-exchange';
import { ServiceRpcTransport, type ServiceRpcTransportOptions } from './service-rpc-transport';
import type { OdooCallOptions, OdooValue } from './transport';

export type XmlRpcTransportOptions = ServiceRpcTransportOptions;

/** `OdooTransport` over HTTP(S) POST to `<url>/xmlrpc/2/<service>`: faults come inside a 200. */
export class XmlRpcTransport extends ServiceRpcTransport {
  readonly protocol = 'xmlrpc';

  /** One XML-RPC call to an Odoo service (`common` or `object`). */
  async call(service: 'common' | 'object', method: string, params: OdooValue[], options: OdooCallOptions = {}): Promise<OdooValue> {
    const path = `/xmlrpc/2/${service}`;
    const where = this.http.where(path, method);
    const answer = await this.http.send({
      path,
      headers: { 'Content-Type': 'text/xml', Accept: 'text/xml' },
      body: Buffer.from(encodeMethodCall(method, params), 'utf8'),
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      label: method,
    });
    if (answer.status !== 200) throw httpStatusError(answer, where);
    let decoded: ReturnType<typeof decodeMethodResponse>;
    try {
      decoded = decodeMethodResponse(answer.body);
    } catch (err) {
      throw parseError(err, where);
    }
    if (decoded.kind === 'fault') throw faultError(decoded.code, decoded.message);
    return decoded.value;
  }
}

function parseError(err: unknown, where: string): OdooError {
  if (err instanceof XmlRpcParseError) {
    if (err.truncated) return new OdooTransportError(`truncated answer from ${where}: ${err.message}`, 'truncated', true, undefined, { cause: err });
    const [row, ...field] = err.path ?? [];
    // an answer is one value; for a list of records the path is [row, field]
    if (typeof row === 'number' && field.length > 0) {
      const name = field.join('.');
      return new OdooResponseError(`malformed XML-RPC answer from ${where}: row ${row} field "${name}": ${err.message}`, { cause: err }, row, name);
    }
    return new OdooResponseError(`malformed XML-RPC answer from ${where}: ${err.message}`, { cause: err });
  }
  if (err instanceof OdooError) return err;
  return new OdooResponseError(`unreadable answer from ${where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

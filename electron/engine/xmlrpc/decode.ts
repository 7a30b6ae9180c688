import { XmlRpcParseError } from './errors';
import { XmlRpcParser } from './parser';
import type { DecodedCall, DecodedResponse, XmlRpcValue } from './types';

function toResponse(parser: XmlRpcParser): DecodedResponse {
  if (parser.faultValue !== undefined) {
    const fault = parser.faultValue;
    if (typeof fault !== 'object' || fault === null || Array.isArray(fault) || fault instanceof Date || Buffer.isBuffer(fault)) {
      throw new XmlRpcParseError('<fault> value is not a struct');
    }
    const { faultCode, faultString } = fault as { [key: string]: XmlRpcValue };
    if (typeof faultCode !== 'number' || typeof faultString !== 'string') {
      throw new XmlRpcParseError('<fault> struct needs an int faultCode and a string faultString');
    }
    return { kind: 'fault', code: faultCode, message: faultString };
  }
  if (parser.params.length !== 1) {
    throw new XmlRpcParseError(`a methodResponse carries exactly one param, got ${parser.params.length}`);
  }
  return { kind: 'value', value: parser.params[0] };
}

export function decodeMethodResponse(xml: string | Buffer): DecodedResponse {
  const parser = new XmlRpcParser('methodResponse');
  parser.write(xml);
  parser.end();
  return toResponse(parser);
}

export function decodeMethodCall(xml: string | Buffer): DecodedCall {
  const parser = new XmlRpcParser('methodCall');
  parser.write(xml);
  parser.end();
  if (parser.methodName === null) throw new XmlRpcParseError('methodCall without <methodName>');
  return { methodName: parser.methodName, params: parser.params };
}

/**
 * Decodes a methodResponse as its bytes arrive (e.g. from an HTTP response), so the
 * document is never held whole: only decoded values and the unfinished tail are kept.
 * Multi-byte UTF-8 characters split across chunks are handled.
 */
export class XmlRpcResponseDecoder {
  private readonly parser = new XmlRpcParser('methodResponse');

  write(chunk: string | Buffer): void {
    this.parser.write(chunk);
  }

  /** Call once the last chunk is in; throws XmlRpcParseError when the document is truncated. */
  end(): DecodedResponse {
    this.parser.end();
    return toResponse(this.parser);
  }
}

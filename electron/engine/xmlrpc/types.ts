/** A value that can cross the XML-RPC wire. `null` is `<nil/>` (Odoo itself sends False). */
export type XmlRpcValue = string | number | boolean | null | Date | Buffer | XmlRpcDouble | XmlRpcValue[] | { [key: string]: XmlRpcValue };

/**
 * Forces `<double>` for a number that would otherwise encode as `<int>` (e.g. `4.0` for a
 * float field, which Odoo always sends as a double). Decoding yields plain numbers.
 */
export class XmlRpcDouble {
  constructor(readonly value: number) {}
}

export function double(n: number): XmlRpcDouble {
  return new XmlRpcDouble(n);
}

export type DecodedResponse = { kind: 'value'; value: XmlRpcValue } | { kind: 'fault'; code: number; message: string };

export interface DecodedCall {
  methodName: string;
  params: XmlRpcValue[];
}

/** XML-RPC codec shared by the Odoo client and the Odoo simulator. */
export { XmlRpcDouble, double } from './types';
export type { XmlRpcValue, DecodedResponse, DecodedCall } from './types';
export { XmlRpcParseError } from './errors';
export { encodeMethodCall, encodeMethodResponse, encodeMethodResponseChunks, encodeFault, encodeValue, escapeXml } from './encode';
export { decodeMethodCall, decodeMethodResponse, XmlRpcResponseDecoder } from './decode';
export { formatPythonFloat } from './python-float';

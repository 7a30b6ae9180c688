/** Odoo external API client: the engine reads Odoo only through this. */
export { OdooClient } from './client';
export type { OdooClientOptions, OdooKwargs, OdooVersion, ReadOptions, SearchOptions, SearchReadOptions } from './client';
export type { OdooTransport, OdooCallOptions, OdooMethodCall, OdooSession, OdooProtocol, OdooValue } from './transport';
export { ODOO_PROTOCOLS } from './transport';
export { XmlRpcTransport } from './xmlrpc-transport';
export type { XmlRpcTransportOptions } from './xmlrpc-transport';
export { JsonRpcTransport } from './jsonrpc-transport';
export type { JsonRpcTransportOptions } from './jsonrpc-transport';
export { Json2Transport } from './json2-transport';
export type { Json2TransportOptions } from './json2-transport';
export { chooseProtocol, majorVersion } from './protocol-choice';
export type { OdooProtocolSetting, ProtocolChoice } from './protocol-choice';
export {
  OdooError,
  OdooTransportError,
  OdooFault,
  OdooApplicationError,
  OdooUserError,
  OdooAccessDenied,
  OdooAccessError,
  OdooNotFound,
  OdooDatabaseNotFound,
  OdooLoginRefused,
  OdooResponseError,
  faultError,
  odooExceptionError,
  lastTracebackLine,
} from './errors';
export type { OdooTransportErrorKind, OdooCallContext } from './errors';
export {
  odooString,
  odooNullableString,
  odooFloat,
  odooInt,
  odooMany2one,
  odooMany2oneRef,
  odooDatetime,
  odooDate,
  odooIdList,
  odooSelection,
  formatOdooDatetime,
  formatOdooDate,
  parseOdooDatetime,
} from './fields';
export { pageByIdAsc } from './paging';
export type { RecordOf, RecordSchema } from './validate';
export {
  RecordProblem,
  recordReader,
  asRecord,
  readDatetime,
  readInt,
  readMany2oneId,
  readMany2oneRef,
  readNullableString,
  readNumber,
  readString,
  readWriteDate,
} from './record-reader';
export type { RecordReader } from './record-reader';
export type { PageOptions } from './paging';
export { domainToWire } from './domain';
export type { OdooDomain, OdooDomainLeaf } from './domain';
export { DEFAULT_RETRY, backoffDelay, shouldRetry } from './retry';
export type { RetryPolicy } from './retry';

/** Odoo external API client: the engine reads Odoo only through this. */
export { OdooClient } from './client';
export type { OdooClientOptions, OdooKwargs, OdooVersion, ReadOptions, SearchOptions, SearchReadOptions } from './client';
export type { OdooTransport, OdooService, OdooCallOptions } from './transport';
export { XmlRpcTransport } from './xmlrpc-transport';
export type { XmlRpcTransportOptions } from './xmlrpc-transport';
export {
  OdooError,
  OdooTransportError,
  OdooFault,
  OdooApplicationError,
  OdooUserError,
  OdooAccessDenied,
  OdooAccessError,
  OdooDatabaseNotFound,
  OdooLoginRefused,
  OdooResponseError,
  faultError,
  lastTracebackLine,
} from './errors';
export type { OdooTransportErrorKind, OdooCallContext } from './errors';
export {
  odooString,
  odooNullableString,
  odooFloat,
  odooInt,
  odooMany2one,
  odooDatetime,
  odooDate,
  odooIdList,
  odooSelection,
  formatOdooDatetime,
  formatOdooDate,
  parseOdooDatetime,
} from './fields';
export { pageByIdAsc } from './paging';
export type { PageOptions } from './paging';
export { domainToWire } from './domain';
export type { OdooDomain, OdooDomainLeaf } from './domain';
export { DEFAULT_RETRY, backoffDelay, shouldRetry } from './retry';
export type { RetryPolicy } from './retry';

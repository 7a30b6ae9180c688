/**
 * Why something failed, decided once from the error itself (its classes and codes, never its
 * words, which other code translates): the engine records it with a run that failed
 * (`sync_runs.cause`, migration 9) and the doors tell it at start (CLI, `serve`, the desktop
 * app). The catalogue words each cause (`messages.failure`); the error's own text stays
 * behind "Detalhes técnicos".
 *
 * Where the error comes from is told by who wrapped it: the Odoo client wraps everything in
 * `OdooError`s, the lock in its own errors (`RedisRefusedError`, `BackendUnreachableError`,
 * `LockUnavailableError`), the store's waits in `PgWaitError`; a bare `pg` error (an SQLSTATE)
 * or a bare socket error (`ECONNREFUSED`…) can only come from the store. `listen` errors are a
 * door's port. The cause chain (`error.cause`) is followed outermost first.
 */
import type { FailureCause, FailureCauseCode } from '../../shared/failure-cause';
import type { EngineConfig } from './config';
import { embeddedDatabaseDir } from './data-dir';
import { BackendUnreachableError, LockUnavailableError, RedisRefusedError } from './lock/types';
import {
  OdooAccessDenied,
  OdooAccessError,
  OdooDatabaseNotFound,
  OdooError,
  OdooFault,
  OdooLoginRefused,
  OdooResponseError,
  OdooTransportError,
} from './odoo/errors';
import { OdooReadBoundExceeded } from './odoo/paging';
import { PgWaitError, pgTarget } from './store/pg-errors';
import { DatabaseInUseError } from './store/pglite-dir-guard';
import { StoreOpenError } from './store/store-open-error';

/** The places a failure may concern, as they may be shown (no credentials). */
export interface FailureTargets {
  /** Odoo's URL: scheme, host, port and path */
  odoo: string | null;
  /** PostgreSQL's `host:port/db`, or the embedded database's folder */
  database: string | null;
  /** Redis's `host:port/db` */
  redis: string | null;
}

export const NO_TARGETS: FailureTargets = { odoo: null, database: null, redis: null };

/** The targets of a configuration (`odooUrl`: the Odoo actually spoken to, the simulator's in demo mode). */
export function failureTargets(config: Pick<EngineConfig, 'odoo' | 'databaseUrl' | 'redisUrl' | 'dataDir' | 'mode'>, odooUrl?: string): FailureTargets {
  const odoo = odooUrl ?? config.odoo?.url;
  return {
    odoo: odoo ? shownUrl(odoo) : null,
    database: config.databaseUrl ? pgTarget(config.databaseUrl) : embeddedDatabaseDir(config.dataDir, config.mode),
    redis: config.redisUrl ? hostPortDb(config.redisUrl, 6379) : null,
  };
}

/** The cause of `error`; `unknown` when nothing in it is recognised. */
export function classifyFailure(error: unknown, targets: FailureTargets = NO_TARGETS): FailureCause {
  let where = targets;
  for (const link of causeChain(error)) {
    // an outer wrapper may know the place better than the configuration does
    if (link instanceof StoreOpenError) where = { ...where, database: link.target };
    const found = classifyOne(link, where);
    if (found) return found;
  }
  return { code: 'unknown', target: null };
}

function classifyOne(error: unknown, where: FailureTargets): FailureCause | null {
  const cause = (code: FailureCauseCode, target: string | null): FailureCause => ({ code, target });
  if (error instanceof OdooError) return cause(odooCause(error), error instanceof OdooDatabaseNotFound ? error.db : where.odoo);
  if (error instanceof PgWaitError) {
    if (error.kind === 'cancelled') return null; // the run was stopped: its problem says so
    const code = (
      { connect: 'pgUnreachable', noAnswer: 'pgNoAnswer', statement: 'pgStatementTimeout', lock: 'pgRowLocked', idleInTransaction: 'pgSessionEnded' } as const
    )[error.kind];
    return cause(code, where.database);
  }
  if (error instanceof RedisRefusedError) return cause(REDIS_AUTH.test(chainText(error.cause)) ? 'redisAuth' : 'redisRefused', where.redis);
  if (error instanceof BackendUnreachableError) {
    if (error.backend === 'redis') return cause('redisUnreachable', where.redis);
    if (error.backend === 'postgres') return cause('pgUnreachable', where.database);
    return null;
  }
  if (error instanceof LockUnavailableError) return cause('lockUnavailable', where.redis);
  if (error instanceof DatabaseInUseError) return cause('embeddedInUse', where.database);
  const state = sqlStateOf(error);
  if (state) return cause(pgCode(state), where.database);
  const errno = errnoOf(error);
  if (errno) {
    if (errno.syscall === 'listen' || errno.code === 'EADDRINUSE') {
      const target = errno.port !== undefined ? `${errno.address ?? '0.0.0.0'}:${errno.port}` : null;
      return cause(errno.code === 'EADDRINUSE' ? 'portInUse' : 'portUnavailable', target);
    }
    // nothing but the store lets a socket error through unwrapped
    if (PG_UNREACHABLE.has(errno.code)) return cause('pgUnreachable', where.database);
  }
  // node-postgres, when the server goes away mid-query
  if (error instanceof Error && /^Connection terminated/i.test(error.message)) return cause('pgUnreachable', where.database);
  return null;
}

function odooCause(error: OdooError): FailureCauseCode {
  if (error instanceof OdooDatabaseNotFound) return 'odooDatabaseNotFound';
  if (error instanceof OdooLoginRefused || error instanceof OdooAccessDenied) return 'odooLoginRefused';
  if (error instanceof OdooAccessError) return 'odooAccessDenied';
  if (error instanceof OdooReadBoundExceeded) return 'odooReadBound';
  if (error instanceof OdooFault) return 'odooServerError';
  if (error instanceof OdooResponseError) return 'odooBadAnswer';
  if (error instanceof OdooTransportError) {
    switch (error.kind) {
      case 'connection-refused':
        return 'odooConnectionRefused';
      case 'timeout':
        return 'odooTimeout';
      case 'connection-reset':
      case 'truncated':
        return 'odooUnreachable';
      case 'http-status':
        // a proxy's "Odoo is down" (502/503/504), Odoo's own 500, or a page that is not Odoo's (a 404: wrong path or protocol)
        if (error.status !== undefined && [502, 503, 504].includes(error.status)) return 'odooUnreachable';
        if (error.status !== undefined && error.status >= 500) return 'odooServerError';
        return 'odooBadAnswer';
      case 'network': {
        const code = errnoOf(error.cause)?.code ?? '';
        if (DNS_CODES.has(code)) return 'odooDns';
        if (TLS_CODE.test(code)) return 'odooTls';
        return 'odooUnreachable';
      }
    }
  }
  return 'odooBadAnswer';
}

/** SQLSTATE → cause (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
function pgCode(state: string): FailureCauseCode {
  if (state === '3D000') return 'pgDatabaseNotFound';
  if (state === '28P01' || state === '28000') return 'pgAuth';
  if (state === '57014') return 'pgStatementTimeout';
  if (state === '55P03') return 'pgRowLocked';
  if (state === '25P03') return 'pgSessionEnded';
  // connection exceptions, and a server shutting down or not accepting connections yet
  if (state.startsWith('08') || state === '57P01' || state === '57P02' || state === '57P03') return 'pgUnreachable';
  return 'pgError';
}

const REDIS_AUTH = /WRONGPASS|NOAUTH|invalid password|AUTH.*without any password/i;
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
/** Node's TLS and OpenSSL certificate codes, and the protocol errors of a TLS handshake with a plain server. */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT|HOSTNAME_MISMATCH|EPROTO$)/;
const PG_UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', ...DNS_CODES]);

function* causeChain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let link: unknown = error;
  for (let depth = 0; depth < 10 && link !== undefined && link !== null && !seen.has(link); depth++) {
    seen.add(link);
    yield link;
    // AggregateError (a connect to every address of a host failed): its first error speaks for all
    const aggregate = link instanceof AggregateError && link.errors.length > 0 ? link.errors[0] : undefined;
    link = (link as { cause?: unknown }).cause ?? aggregate;
  }
}

function chainText(error: unknown): string {
  return [...causeChain(error)].map((link) => (link instanceof Error ? link.message : String(link))).join(' | ');
}

/** A PostgreSQL server's error (node-postgres or PGlite): a five-character SQLSTATE and a severity. */
function sqlStateOf(error: unknown): string | null {
  if (error === null || typeof error !== 'object') return null;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string' ? code : null;
}

interface Errno {
  code: string;
  syscall?: string;
  address?: string;
  port?: number;
}

function errnoOf(error: unknown): Errno | null {
  if (error === null || typeof error !== 'object') return null;
  const { code, syscall, address, port } = error as { code?: unknown; syscall?: unknown; address?: unknown; port?: unknown };
  if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(code)) return null;
  return {
    code,
    syscall: typeof syscall === 'string' ? syscall : undefined,
    address: typeof address === 'string' ? address : undefined,
    port: typeof port === 'number' ? port : undefined,
  };
}

/** `http://host:8069/prefix`: no credentials, no trailing slash. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
  } catch {
    return 'ODOO_URL';
  }
}

function hostPortDb(url: string, defaultPort: number): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || defaultPort}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'REDIS_URL';
  }
}

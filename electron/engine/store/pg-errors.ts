/**
 * What a PostgreSQL wait that hit its limit means for the operator: what waited, where (host,
 * port and database, never credentials), and what to do, pt-BR first then English. The
 * original error stays as `cause`; `code` keeps its SQLSTATE (or says which client-side limit).
 */
import type { PgTimeouts } from './pg-timeouts';

export type PgWaitKind = 'connect' | 'noAnswer' | 'statement' | 'lock' | 'idleInTransaction' | 'cancelled';

export class PgWaitError extends Error {
  constructor(
    readonly kind: PgWaitKind,
    message: string,
    /** the server's SQLSTATE when it answered, else the client-side limit that ran out */
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PgWaitError';
  }
}

/** `host:port/database` of a connection string, without user or password. */
export function pgTarget(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}:${url.port || '5432'}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** A session of this database that may hold what we waited for (named in the lock-timeout message). */
export interface PgBlocker {
  pid: number;
  user: string | null;
  application: string | null;
  state: string | null;
  /** seconds since its transaction began */
  transactionSeconds: number | null;
}

function describeBlockers(blockers: readonly PgBlocker[]): string {
  if (blockers.length === 0) return '';
  const named = blockers.map(
    (b) =>
      `pid ${b.pid} (usuário ${b.user ?? '?'}, aplicação ${b.application || '?'}, ${b.state ?? '?'}` +
      `${b.transactionSeconds === null ? '' : `, transação aberta há ${b.transactionSeconds} s`})`,
  );
  return `; sessões com transação aberta: ${named.join(', ')}`;
}

export function connectTimeout(where: string, timeouts: PgTimeouts, cause: unknown): PgWaitError {
  return new PgWaitError(
    'connect',
    `PostgreSQL ${where} não respondeu à conexão em ${seconds(timeouts.connectMs)} (PG_CONNECT_TIMEOUT_SECONDS): ` +
      'verifique se o servidor está no ar e se DATABASE_URL aponta para ele (host, porta, firewall) / ' +
      `PostgreSQL at ${where} did not answer the connection within ${seconds(timeouts.connectMs)}: check that it is up and that DATABASE_URL points to it`,
    'CONNECT_TIMEOUT',
    { cause },
  );
}

export function noAnswer(where: string, waitedMs: number, cause?: unknown): PgWaitError {
  return new PgWaitError(
    'noAnswer',
    `PostgreSQL ${where} não respondeu em ${seconds(waitedMs)} (nem com o statement_timeout do servidor, PG_STATEMENT_TIMEOUT_SECONDS): ` +
      'o servidor ou a rede até ele parece travado; a conexão foi descartada. Verifique o servidor (disco, memória, failover) e a rede / ' +
      `PostgreSQL at ${where} gave no answer within ${seconds(waitedMs)}, not even its own statement timeout: the server or the network to it looks frozen; the connection was dropped`,
    'NO_ANSWER',
    { cause },
  );
}

export function statementTimeout(where: string, timeouts: PgTimeouts, cause: unknown): PgWaitError {
  return new PgWaitError(
    'statement',
    `PostgreSQL ${where}: comando cancelado após ${seconds(timeouts.statementMs)} (PG_STATEMENT_TIMEOUT_SECONDS): ` +
      'o servidor está lento ou sobrecarregado; verifique-o, ou aumente PG_STATEMENT_TIMEOUT_SECONDS se a carga for legítima / ' +
      `PostgreSQL at ${where} cancelled a statement after ${seconds(timeouts.statementMs)} (PG_STATEMENT_TIMEOUT_SECONDS): the server is slow or overloaded`,
    '57014',
    { cause },
  );
}

export function lockTimeout(where: string, timeouts: PgTimeouts, blockers: readonly PgBlocker[], cause: unknown): PgWaitError {
  return new PgWaitError(
    'lock',
    `PostgreSQL ${where}: linhas bloqueadas por outra sessão; espera por lock esgotada após ${seconds(timeouts.lockMs)} (PG_LOCK_TIMEOUT_SECONDS)` +
      `${describeBlockers(blockers)}. ` +
      'Uma sessão parada numa transação (por exemplo um relatório com SELECT … FOR UPDATE) segura linhas que esta execução precisa gravar: ' +
      'conclua ou encerre essa sessão (SELECT pg_terminate_backend(pid)), ou aumente PG_LOCK_TIMEOUT_SECONDS; a próxima execução tenta de novo / ' +
      `PostgreSQL at ${where}: rows locked by another session; lock wait timed out after ${seconds(timeouts.lockMs)}: end that session (pg_terminate_backend) or raise PG_LOCK_TIMEOUT_SECONDS`,
    '55P03',
    { cause },
  );
}

export function idleInTransactionTimeout(where: string, timeouts: PgTimeouts, cause: unknown): PgWaitError {
  return new PgWaitError(
    'idleInTransaction',
    `PostgreSQL ${where} encerrou a sessão desta execução: transação parada por mais de ${seconds(timeouts.idleInTransactionMs)} ` +
      '(idle_in_transaction_session_timeout = PG_STATEMENT_TIMEOUT_SECONDS); este processo ficou travado no meio de uma transação / ' +
      `PostgreSQL at ${where} ended this run's session: its transaction sat idle beyond ${seconds(timeouts.idleInTransactionMs)}`,
    '25P03',
    { cause },
  );
}

export function cancelled(where: string, reason: unknown, cause?: unknown): PgWaitError {
  const why = reason instanceof Error ? reason.message : String(reason ?? 'abortada');
  return new PgWaitError(
    'cancelled',
    `PostgreSQL ${where}: comando cancelado porque a execução foi interrompida (${why}) / statement cancelled: the run was stopped`,
    'CANCELLED',
    { cause: cause ?? reason },
  );
}

/** The server's SQLSTATE of a `pg` error, if it answered with one. */
export function sqlState(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

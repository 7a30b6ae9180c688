/**
 * `Db` over a `pg` Pool (used when DATABASE_URL is set).
 *
 * Every wait has a limit (issue 16.4): connect, statement, lock and idle-in-transaction
 * timeouts (`pg-timeouts.ts`) on our sessions, and a client-side limit for a server that never
 * answers at all. Inside a run (`run-scope.ts`), aborting the run cancels its statement in
 * flight (`pg_cancel_backend` on a connection of its own, and our socket dropped, so neither a
 * healthy server blocked on a row lock nor a frozen one keeps the run), and each answer counts
 * as the run's progress.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { currentRunScope, type RunScope } from '../run-scope';
import type { Db, QueryResult, Tx } from './db';
import {
  type PgBlocker,
  PgWaitError,
  cancelled,
  connectTimeout,
  idleInTransactionTimeout,
  lockTimeout,
  noAnswer,
  pgTarget,
  sqlState,
  statementTimeout,
} from './pg-errors';
import { DEFAULT_PG_TIMEOUTS, type PgTimeouts, noAnswerAfterMs } from './pg-timeouts';

const INT8_OID = 20;
/** After its run was aborted, a connection and a statement (recording the outcome) get this long: the stop grace is nearly over. */
const AFTER_ABORT_BUDGET_MS = 3_000;
/** The cancel request's and the blocker lookup's own limits. */
const SIDE_QUERY_MS = 2_000;
/** `close()` waits this long for connections to say goodbye before dropping them. */
const CLOSE_BUDGET_MS = 2_000;

/** Per-pool parsers (never the process-global ones other modules may rely on). */
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

export interface PgDbOptions {
  max?: number;
  timeouts?: Partial<PgTimeouts>;
}

/** The parts of a `pg` client this file reaches for that its typings do not show. */
interface ClientInternals {
  processID: number | null;
  connection: { stream: { destroy(): void } };
}

export function createPgDb(connectionString: string, options: PgDbOptions = {}): Db {
  const timeouts: PgTimeouts = { ...DEFAULT_PG_TIMEOUTS, ...options.timeouts };
  const where = pgTarget(connectionString);
  // Every client the pool makes, connecting ones included, so that close() can drop them all.
  const clients = new Set<pg.Client>();
  class TrackedClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      clients.add(this);
      this.once('end', () => clients.delete(this));
      // pg emits 'error' on a client whose connection is cut before the pool has put its own
      // listener on it (while connecting); unheard, that event ends the process. The failed
      // connect or query rejects on its own, so nothing is lost by listening here.
      this.on('error', () => undefined);
    }
  }
  const pool = new pg.Pool({
    Client: TrackedClient,
    connectionString,
    max: options.max ?? 4,
    types: typeParsers,
    application_name: 'carteira-sync',
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    lock_timeout: timeouts.lockMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    keepAlive: true,
  });
  // An idle client that errors (e.g. the server restarted) must not crash the process.
  pool.on('error', () => undefined);

  /** Connections whose statement was interrupted: never reused. */
  const interrupted = new WeakSet<pg.Client>();
  /** Runs that met a server giving no answer: what they still do (record the outcome) gets the short budget. */
  const silentFor = new WeakSet<RunScope>();

  const dropSocket = (client: pg.Client) => (client as unknown as ClientInternals).connection.stream.destroy();

  /** A short connection beside the pool, for what must not queue behind it; every wait of it bounded by SIDE_QUERY_MS. */
  const sideClient = (applicationName: string) => {
    const side = new pg.Client({
      connectionString,
      connectionTimeoutMillis: SIDE_QUERY_MS,
      query_timeout: SIDE_QUERY_MS,
      application_name: applicationName,
    });
    side.on('error', () => undefined);
    return side;
  };

  /** Best effort: the server stops the statement and frees its locks now (our socket is dropped anyway). */
  const cancelOnServer = (client: pg.PoolClient) => {
    const pid = (client as unknown as ClientInternals).processID;
    if (!pid) return;
    const side = sideClient('carteira-sync-cancel');
    void side
      .connect()
      .then(() => side.query('SELECT pg_cancel_backend($1)', [pid]))
      .catch(() => undefined)
      .finally(() => void side.end().catch(() => undefined));
  };

  /** Who may hold what we waited for: the oldest open transactions of this database (for the lock-timeout message). */
  const findBlockers = async (): Promise<PgBlocker[]> => {
    const side = sideClient('carteira-sync-diagnose');
    try {
      await side.connect();
      const { rows } = await side.query<{ pid: number; usename: string | null; application_name: string | null; state: string | null; age: number | null }>(
        `SELECT pid, usename, application_name, state, floor(extract(epoch FROM now() - xact_start))::int AS age
           FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
            AND application_name NOT LIKE 'carteira-sync%'
          ORDER BY xact_start LIMIT 3`,
      );
      return rows.map((row) => ({ pid: row.pid, user: row.usename, application: row.application_name, state: row.state, transactionSeconds: row.age }));
    } catch {
      return [];
    } finally {
      await side.end().catch(() => undefined);
    }
  };

  /** The server's answer turned into what it means for the operator (timeouts); anything else unchanged. */
  const explain = async (error: unknown): Promise<unknown> => {
    switch (sqlState(error)) {
      case '55P03':
        return lockTimeout(where, timeouts, await findBlockers(), error);
      case '57014':
        return /statement timeout/i.test((error as Error).message) ? statementTimeout(where, timeouts, error) : error;
      case '25P03':
        return idleInTransactionTimeout(where, timeouts, error);
      default:
        return error;
    }
  };

  /**
   * Runs one exchange on `client` within its limits: a server that does not answer in time, or
   * the run being aborted, interrupts it (cancelled on the server, our socket dropped, the
   * connection never reused).
   */
  const guarded = async <T>(client: pg.PoolClient, exchange: () => Promise<T>): Promise<T> => {
    const scope = currentRunScope();
    const signal = scope?.signal;
    const hurried = signal?.aborted === true || (scope !== undefined && silentFor.has(scope));
    const budget = hurried ? Math.min(AFTER_ABORT_BUDGET_MS, noAnswerAfterMs(timeouts)) : noAnswerAfterMs(timeouts);
    let stop: ((reason: unknown) => void) | null = null;
    const interruption = new Promise<never>((_, reject) => {
      stop = reject;
    });
    const interrupt = (reason: unknown) => {
      if (interrupted.has(client)) return;
      interrupted.add(client);
      cancelOnServer(client);
      dropSocket(client);
      stop?.(reason);
    };
    const timer = setTimeout(() => {
      if (scope) silentFor.add(scope);
      interrupt(noAnswer(where, budget));
    }, budget);
    const onAbort = () => interrupt(cancelled(where, signal?.reason));
    if (signal && !signal.aborted) signal.addEventListener('abort', onAbort, { once: true });
    const running = exchange();
    try {
      const value = await Promise.race([running, interruption]);
      scope?.answered();
      return value;
    } catch (error) {
      running.catch(() => undefined);
      if (!interrupted.has(client)) scope?.answered(); // the server answered, with an error
      throw await explain(error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  };

  /**
   * A pooled connection within PG_CONNECT_TIMEOUT_SECONDS. A run aborted while waiting stops
   * waiting; once aborted, a run gets a connection only within the short after-abort budget.
   */
  const checkout = async (): Promise<pg.PoolClient> => {
    const scope = currentRunScope();
    const signal = scope?.signal;
    const connecting = pool.connect();
    let onAbort: (() => void) | null = null;
    let timer: NodeJS.Timeout | null = null;
    const gaveUp = new Promise<never>((_, reject) => {
      if (!scope) return;
      if (signal?.aborted || silentFor.has(scope)) {
        timer = setTimeout(() => reject(noAnswer(where, AFTER_ABORT_BUDGET_MS)), AFTER_ABORT_BUDGET_MS);
        return;
      }
      if (!signal) return;
      onAbort = () => reject(cancelled(where, signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([connecting, gaveUp]);
    } catch (error) {
      // a connection that arrives after we gave up goes back to the pool
      connecting.then(
        (late) => late.release(),
        () => undefined,
      );
      if (error instanceof Error && !(error instanceof PgWaitError) && /timeout/i.test(error.message) && !sqlState(error))
        throw connectTimeout(where, timeouts, error);
      throw error;
    } finally {
      if (timer) clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  };

  const runQuery = async <R extends object>(client: pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const result = await guarded(client, () => client.query<R & pg.QueryResultRow>(sql, params as unknown[] | undefined));
    return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
  };

  /** One statement on a connection of its own (outside a transaction). */
  const single = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await checkout();
    let broken = false;
    try {
      return await work(client);
    } catch (error) {
      broken = interrupted.has(client);
      throw error;
    } finally {
      client.release(broken);
    }
  };

  return {
    backend: 'postgres',
    query: (sql, params) => single((client) => runQuery(client, sql, params)),
    exec: (sql) =>
      single(async (client) => {
        await guarded(client, () => client.query(sql));
      }),
    transaction: async <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => {
      const client = await checkout();
      // The pool listens for errors only on idle clients: while checked out, a connection cut
      // between two statements emits an 'error' that would end the process. It fails the
      // transaction instead (its next statement rejects) and the client is discarded.
      let cut = false;
      const onError = () => {
        cut = true;
      };
      client.on('error', onError);
      const tx: Tx = {
        query: (sql, params) => runQuery(client, sql, params),
        exec: async (sql) => {
          await guarded(client, () => client.query(sql));
        },
        copyFrom: async (table, columns, chunks) => {
          const stream = client.query(copyStreams.from(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
          await guarded(client, () => pipeline(Readable.from(chunks), stream));
          return Number(stream.rowCount ?? 0);
        },
      };
      let broken = false;
      try {
        await guarded(client, () => client.query('BEGIN'));
        const value = await fn(tx);
        await guarded(client, () => client.query('COMMIT'));
        return value;
      } catch (error) {
        // an interrupted or cut connection is dropped: the server rolls its transaction back
        if (interrupted.has(client) || cut) broken = true;
        else {
          try {
            await guarded(client, () => client.query('ROLLBACK'));
          } catch {
            broken = true;
          }
        }
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken || cut || interrupted.has(client));
      }
    },
    close: async () => {
      const ending = pool.end();
      const ended = await Promise.race([ending.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CLOSE_BUDGET_MS).unref())]);
      if (ended) return;
      // a frozen server never says goodbye: drop what is left
      for (const client of clients) dropSocket(client);
      await ending;
    },
  };
}

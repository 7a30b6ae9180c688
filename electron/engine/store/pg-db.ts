/** `Db` over a `pg` Pool (used when DATABASE_URL is set). */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { Db, QueryResult, Tx } from './db';

const INT8_OID = 20;

/** Per-pool parsers (never the process-global ones other modules may rely on). */
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

export function createPgDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 4, types: typeParsers });
  // An idle client that errors (e.g. the server restarted) must not crash the process.
  pool.on('error', () => undefined);

  const runQuery = async <R extends object>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const result = await client.query<R & pg.QueryResultRow>(sql, params as unknown[] | undefined);
    return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
  };

  return {
    backend: 'postgres',
    query: (sql, params) => runQuery(pool, sql, params),
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => {
      const client = await pool.connect();
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
          await client.query(sql);
        },
        copyFrom: async (table, columns, chunks) => {
          const stream = client.query(copyStreams.from(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
          await pipeline(Readable.from(chunks), stream);
          return Number(stream.rowCount ?? 0);
        },
      };
      let broken = false;
      try {
        await client.query('BEGIN');
        const value = await fn(tx);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken || cut);
      }
    },
    close: () => pool.end(),
  };
}

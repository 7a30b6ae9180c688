/**
 * `Db` over embedded PGlite (no DATABASE_URL). PGlite is imported lazily so a PostgreSQL
 * deployment never loads its WASM. Memory tuning, measured in bench/store.ts:
 * - `shared_buffers=16MB` and `max_connections=5` (PGlite is single-user; the defaults size
 *   shared memory for 100 backends and 128 MB of buffers) take a reopen from ~300 MB RSS
 *   to ~160 MB;
 * - a fresh database runs initdb in a second WASM instance that stays resident; creating
 *   it in a short-lived child process keeps that ~450 MB peak out of the app's process.
 */
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Db, QueryResult, Tx } from './db';

export const PGLITE_CONF = ['shared_buffers=16MB', 'max_connections=5', 'work_mem=8MB', 'maintenance_work_mem=32MB', 'temp_buffers=4MB'];

type Queryish = Pick<PGlite, 'query' | 'exec'> | Transaction;

async function runQuery<R extends object>(target: Queryish, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
  const result = await target.query<R>(sql, params ? [...params] : undefined);
  return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
}

export interface PgliteOpenOptions {
  /** the PGlite data directory itself (e.g. `<CARTEIRA_DATA_DIR>/pglite`); undefined = in memory */
  dir?: string;
}

export function pgliteCreateOptions(dir: string | undefined) {
  return {
    dataDir: dir,
    postgresqlconf: PGLITE_CONF.join('\n') + '\n',
    parsers: {
      20: (value: string) => Number(value),
      1700: (value: string) => value,
    },
  };
}

export async function createPgliteDb(options: PgliteOpenOptions): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (options.dir) await mkdir(options.dir, { recursive: true });
  const db = await PGlite.create(pgliteCreateOptions(options.dir));

  return {
    backend: 'pglite',
    query: (sql, params) => runQuery(db, sql, params),
    exec: async (sql) => {
      await db.exec(sql);
    },
    transaction: <T>(fn: (tx: Tx) => Promise<T>): Promise<T> =>
      db.transaction(async (ptx) => {
        const tx: Tx = {
          query: (sql, params) => runQuery(ptx, sql, params),
          exec: async (sql) => {
            await ptx.exec(sql);
          },
          copyFrom: async (table, columns, chunks) => {
            const result = await ptx.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], {
              blob: new Blob(chunks as string[]),
            });
            return result.affectedRows ?? 0;
          },
        };
        return fn(tx);
      }),
    close: () => db.close(),
  };
}

/** True when `dir` already holds a PGlite/PostgreSQL cluster. */
export function pgliteClusterExists(dir: string): boolean {
  return existsSync(join(dir, 'PG_VERSION'));
}

/**
 * The tiny database seam both backends implement, so every SQL statement of the store is
 * written once. Type parsing is aligned across backends: `bigint` → number, `numeric` →
 * decimal string (never a float), `timestamptz` → Date, `jsonb` → parsed value.
 */

export interface QueryResult<R> {
  rows: R[];
  /** rows affected by a DML statement, else rows returned */
  rowCount: number;
}

export interface Queryable {
  /** One statement, `$n` parameters. */
  query<R extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Several statements separated by `;`, no parameters (DDL, migrations). */
  exec(sql: string): Promise<void>;
}

export interface Tx extends Queryable {
  /**
   * Bulk-loads text-format COPY data (tab separated, `\N` for null, one row per line) into
   * `table (columns)`: `COPY … FROM STDIN` through pg-copy-streams on PostgreSQL,
   * `COPY … FROM '/dev/blob'` on PGlite. Returns the number of rows loaded.
   */
  copyFrom(table: string, columns: readonly string[], chunks: readonly string[]): Promise<number>;
}

export interface Db extends Queryable {
  readonly backend: 'postgres' | 'pglite';
  /** Runs `fn` in BEGIN … COMMIT on one connection; any throw rolls everything back. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

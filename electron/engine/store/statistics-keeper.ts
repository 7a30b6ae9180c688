/**
 * Keeps the planner's statistics of `carteira` fresh while it grows fast (a first load
 * writes hundreds of thousands of rows long before autovacuum analyzes them). Without
 * them PostgreSQL guesses `odoo_order_id` is nearly constant and deactivates vanished keys
 * with a full scan of the table in every batch: measured here 190 ms a batch on a 490k-row
 * table instead of 15 ms, growing with the table.
 *
 * The refresh runs before the next write that plans against the table, not right after the
 * rows went in: a load's last batch does not wait for an ANALYZE only later batches need.
 */
import type { Queryable } from './db';

/** Re-analyze once this many rows were inserted and they are at least a fifth of what was there. */
const MIN_NEW_ROWS = 20_000;
const GROWTH_RATIO = 0.2;

export interface StatisticsKeeper {
  /** Rows a write just inserted. */
  inserted(rows: number): void;
  /** ANALYZE `carteira` if enough rows went in since the last time; call before a write. */
  refreshIfDue(): Promise<void>;
}

export function createStatisticsKeeper(db: Queryable): StatisticsKeeper {
  let insertedSinceAnalyze = 0;
  let rowsAtAnalyze = 0;
  return {
    inserted: (rows) => {
      insertedSinceAnalyze += rows;
    },
    refreshIfDue: async () => {
      if (insertedSinceAnalyze < MIN_NEW_ROWS || insertedSinceAnalyze < rowsAtAnalyze * GROWTH_RATIO) return;
      await db.exec('ANALYZE carteira');
      const { rows } = await db.query<{ n: number }>(`SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'carteira'`);
      rowsAtAnalyze = Number(rows[0]?.n ?? 0);
      insertedSinceAnalyze = 0;
    },
  };
}

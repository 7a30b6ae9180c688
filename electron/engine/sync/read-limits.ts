/**
 * How much one run may read from Odoo, and how many reads it keeps in flight. A run's reads
 * are bounded on purpose (issue 16.3): an Odoo that never stops paging must fail the run
 * with a message, not end it when memory does.
 */
import type { EngineConfig } from '../config';
import type { ReadBound } from '../odoo/paging';

export interface ReadLimits {
  /** SYNC_MAX_ORDERS_PER_RUN: the most orders one run may read (also bounds the customers and products it collects) */
  maxOrders: number;
  /** SYNC_ODOO_PARALLEL_READS: search_read calls one run keeps in flight at once */
  parallelReads: number;
  /** rows per search_read page */
  pageSize: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxOrders: 1_000_000, parallelReads: 2, pageSize: 5000 };

/**
 * Lines a read may bring per order allowed, on average over the run: far above any real order
 * book (a few to a few dozen), low enough that an endless pager fails in minutes, not hours.
 */
export const LINES_PER_ORDER_BOUND = 100;

export const orderBound = (limits: ReadLimits): ReadBound => ({ maxRows: limits.maxOrders, setting: `SYNC_MAX_ORDERS_PER_RUN=${limits.maxOrders}` });

export const lineBound = (limits: ReadLimits): ReadBound => ({
  maxRows: limits.maxOrders * LINES_PER_ORDER_BOUND,
  setting: `${LINES_PER_ORDER_BOUND} × SYNC_MAX_ORDERS_PER_RUN=${limits.maxOrders}`,
});

export function readLimitsOf(config: Pick<EngineConfig, 'maxOrdersPerRun' | 'odooParallelReads'>): ReadLimits {
  return { ...DEFAULT_READ_LIMITS, maxOrders: config.maxOrdersPerRun, parallelReads: config.odooParallelReads };
}

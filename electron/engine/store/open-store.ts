/**
 * Opens the store: PostgreSQL through a `pg` Pool when `databaseUrl` is given, else embedded
 * PGlite persisted in `pgliteDir` (loaded lazily, only on that path). Both run the
 * same migrations and the same SQL.
 */
import type { Logger } from '../logger';
import { appendAudit, listAudit, updateAudit } from './audit';
import { activeOrderIds, activeRowsOf, listCarteira, localOrderVersions, ordersMissingFromOdoo, ordersWrittenAfter, totals } from './carteira-reads';
import { applyOrders } from './carteira-writes';
import { collidingOrderIds, listKeyCollisions } from './key-collisions';
import { createStatisticsKeeper } from './statistics-keeper';
import type { Db } from './db';
import { migrate } from './migrations';
import { createPgDb } from './pg-db';
import type { PgTimeouts } from './pg-timeouts';
import { abortFencedOutRuns, abortRunsOfGoneProcesses, abortStaleRuns, finishRun, getRun, insertRun, lastSuccessfulSync, listRuns, openGaps } from './runs';
import { recordRunSuccess } from './run-success';
import { getSyncState, nextFence, setPaused } from './sync-state';
import type { Store } from './types';

export interface OpenStoreOptions {
  /** PostgreSQL connection string (DATABASE_URL); never logged */
  databaseUrl?: string;
  /** PostgreSQL's connect, statement, lock and idle-in-transaction limits (default `DEFAULT_PG_TIMEOUTS`) */
  pgTimeouts?: Partial<PgTimeouts>;
  /** the embedded PGlite's folder (see `embeddedDatabaseDir`); without it PGlite runs in memory */
  pgliteDir?: string;
  logger?: Logger;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const db = await openDb(options);
  try {
    const applied = await migrate(db, options.logger);
    options.logger?.info('store.opened', `Banco de dados aberto (${db.backend})`, {
      backend: db.backend,
      migrationsApplied: applied.length,
      ...(db.backend === 'pglite' ? { rssMb: Math.round(process.memoryUsage().rss / 1048576) } : {}),
    });
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return storeOver(db);
}

async function openDb(options: OpenStoreOptions): Promise<Db> {
  if (options.databaseUrl) return createPgDb(options.databaseUrl, { timeouts: options.pgTimeouts });
  const { openPglite } = await import('./pglite-open');
  return openPglite(options.pgliteDir, options.logger);
}

/** The `Store` over any `Db` (exported for tests and benchmarks). */
export function storeOver(db: Db): Store {
  let closed: Promise<void> | null = null;
  const keepStatistics = createStatisticsKeeper(db);
  return {
    backend: db.backend,
    close: () => (closed ??= db.close()),
    getSyncState: () => getSyncState(db),
    nextFence: () => nextFence(db),
    setPaused: (paused, actor, reason, at) => setPaused(db, paused, actor, reason, at),
    insertRun: (run) => insertRun(db, run),
    finishRun: (runId, outcome) => finishRun(db, runId, outcome),
    recordRunSuccess: (runId, success, guard) => recordRunSuccess(db, runId, success, guard),
    getRun: (runId) => getRun(db, runId),
    listRuns: (listOptions) => listRuns(db, listOptions),
    lastSuccessfulSync: () => lastSuccessfulSync(db),
    openGaps: (candidates) => openGaps(db, candidates),
    abortStaleRuns: (host, pids, at, reason) => abortStaleRuns(db, host, pids, at, reason),
    abortRunsOfGoneProcesses: (runIds, at, reason) => abortRunsOfGoneProcesses(db, runIds, at, reason),
    abortFencedOutRuns: (fence, at) => abortFencedOutRuns(db, fence, at),
    applyOrders: async (batch, runId, guard) => {
      await keepStatistics.refreshIfDue();
      const counts = await applyOrders(db, batch, runId, guard);
      keepStatistics.inserted(counts.inserted);
      return counts;
    },
    localOrderVersions: () => localOrderVersions(db),
    activeOrderIds: () => activeOrderIds(db),
    ordersMissingFromOdoo: () => ordersMissingFromOdoo(db),
    activeRowsOf: (orderIds) => activeRowsOf(db, orderIds),
    ordersWrittenAfter: (at, limit) => ordersWrittenAfter(db, at, limit),
    keyCollisions: (listOptions) => listKeyCollisions(db, listOptions),
    collidingOrderIds: () => collidingOrderIds(db),
    totals: () => totals(db),
    listCarteira: (query) => listCarteira(db, query),
    appendAudit: (entry) => appendAudit(db, entry),
    updateAudit: (id, outcome) => updateAudit(db, id, outcome),
    listAudit: (listOptions) => listAudit(db, listOptions),
  };
}

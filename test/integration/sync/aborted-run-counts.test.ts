/**
 * A forced release of a live run (issue 10, lock diagnosis): the aborted run's row must
 * count exactly what it committed — not the whole window it planned, not 0 — and say that
 * nothing MORE was written after the release. Real engine: the Odoo simulator over HTTP
 * (slowed so the run is caught mid-way), PostgreSQL, Redis; the counts are compared with
 * the rows the run actually stamped in `carteira`.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../../shared/engine-types';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const ORDERS = 200; // 10 batches of 20 orders (the harness's SYNC_BATCH_ORDERS)

describe('aborted run counts after a forced release of a live run', () => {
  let h: SyncHarness;
  let db: pg.Client;

  beforeEach(async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: ORDERS, linesPerOrder: 3 });
    db = new pg.Client({ connectionString: h.env.DATABASE_URL });
    await db.connect();
  });
  afterEach(async () => {
    await db?.end();
    await h?.close();
  });

  /** Rows this run wrote, by what it did to them (a full load only inserts). */
  const rowsStampedBy = async (runId: number) =>
    Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM carteira WHERE sync_run_id = $1', [runId])).rows[0].n);
  /** The run's row and, in the same statement (one snapshot, so no batch can commit in between), the rows it stamped. */
  const storedRun = async (runId: number) =>
    (
      await db.query<{ status: string; rows_inserted: string; error: string | null; stamped: string }>(
        `SELECT status, rows_inserted, error, (SELECT count(*) FROM carteira WHERE sync_run_id = r.id) AS stamped
           FROM sync_runs r WHERE id = $1`,
        [runId],
      )
    ).rows[0];

  /** Starts a full load slowed per batch; resolves once `batches` batches are committed. */
  async function startSlowFullLoad(batches: number) {
    // Each batch's write waits 300 ms: a full load reads its lines in a few page-sized calls, so
    // slowing Odoo no longer paces the batches (the reads run ahead of the writes).
    const apply = h.store.applyOrders.bind(h.store);
    h.store.applyOrders = async (...batch) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return apply(...batch);
    };
    let reached!: (progress: RunProgress) => void;
    const caught = new Promise<RunProgress>((resolve) => (reached = resolve));
    const stop = h.engine.on((event) => {
      if (event.type === 'run-progress' && event.progress.ordersDone >= batches * 20) reached(event.progress);
    });
    const finished = h.engine.runSync({ kind: 'planned', trigger: 'scheduled' });
    const progress = await caught;
    stop();
    return { progress, finished };
  }

  it('counts what was committed before the release, and nothing is written after it', async () => {
    const { progress, finished } = await startSlowFullLoad(2);
    // mid-run, the row already tells what is committed (a process killed now would leave this)
    const midRun = await storedRun(progress.runId);
    expect(midRun.status).toBe('running');
    expect(Number(midRun.rows_inserted)).toBe(Number(midRun.stamped));
    expect(Number(midRun.rows_inserted)).toBeGreaterThan(0);

    const released = await h.engine.releaseLock({ force: true, actor: 'maria@ops', reason: 'teste: execução viva' });
    expect(released.released).toBe(true);
    const atRelease = await rowsStampedBy(progress.runId);
    // what the next holder does to a fenced-out run whose process may be dead: the row keeps its counts
    expect(await h.store.abortFencedOutRuns(released.fence!, h.clock.now())).toBe(1);
    expect(Number((await storedRun(progress.runId)).rows_inserted)).toBe(atRelease);

    const report = await finished;
    expect(report.run).toMatchObject({ status: 'aborted', problem: 'lockLost' });
    expect(report.exitCode).toBe(1);
    const stamped = await rowsStampedBy(progress.runId);
    expect(stamped).toBe(atRelease); // nothing more after the release
    expect(stamped).toBeGreaterThan(0);
    expect(stamped).toBeLessThan(h.sim.orm.search('sale.order.line', [['display_type', '=', false]]).length);
    // the row and the report count exactly the committed rows (a full load only inserts)
    expect(report.run.counts).toMatchObject({ inserted: stamped, updated: 0, deactivated: 0 });
    const row = await storedRun(progress.runId);
    expect(Number(row.rows_inserted)).toBe(stamped);
    expect(row.error).toMatch(/nothing more (is )?written/);
    expect(row.error).toMatch(/earlier batches stay applied|counts are what was applied/);
    expect(Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM carteira')).rows[0].n)).toBe(stamped);
  });
});

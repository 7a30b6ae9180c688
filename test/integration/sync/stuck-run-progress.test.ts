/**
 * Issue 16.4: the lock's renewal is tied to the run making progress. A run stuck on a wait that
 * no timeout bounds (here a batch write that never comes back; in the world, any await nobody
 * limited) used to keep its lock renewed for ever, so every instance skipped every run. Now,
 * after SYNC_PROGRESS_TIMEOUT_SECONDS without an answer from Odoo or PostgreSQL, its lock is
 * released and the run aborted: another instance proceeds and records the stuck run aborted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/cli-process';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const PROGRESS_TIMEOUT_SECONDS = 10;

describe('a run that makes no progress', () => {
  let h: SyncHarness;
  afterEach(async () => {
    await h?.close();
  });

  it('loses its lock after SYNC_PROGRESS_TIMEOUT_SECONDS; another instance proceeds', { timeout: 90_000 }, async () => {
    h = await createSyncHarness({
      backend: 'postgres',
      orders: 60,
      // the bound must exceed every single wait: Odoo 1 s × 4 tries + backoff, a statement 1 s + 5 s, a connection 2 s
      env: {
        ODOO_TIMEOUT_SECONDS: '1',
        PG_CONNECT_TIMEOUT_SECONDS: '2',
        PG_STATEMENT_TIMEOUT_SECONDS: '1',
        SYNC_PROGRESS_TIMEOUT_SECONDS: String(PROGRESS_TIMEOUT_SECONDS),
      },
    });
    // The second batch's write never comes back, and no timeout of ours covers it.
    const applyOrders = h.store.applyOrders.bind(h.store);
    let batches = 0;
    h.store.applyOrders = (...args) => (++batches === 2 ? new Promise(() => undefined) : applyOrders(...args));
    let stuckRunId: number | null = null;
    h.engine.on((event) => {
      if (event.type === 'run-started') stuckRunId = event.run.id;
    });
    void h.engine.runSync({ kind: 'planned', trigger: 'scheduled' }).catch(() => undefined);
    await waitFor(async () => batches >= 2, 'the run to get stuck');
    const stuckAt = Date.now();

    await waitFor(async () => !(await h.engine.lockStatus()).held, 'the stuck run to lose its lock', (PROGRESS_TIMEOUT_SECONDS + 20) * 1000);
    const after = Date.now() - stuckAt;
    expect(after).toBeGreaterThanOrEqual(PROGRESS_TIMEOUT_SECONDS * 1000 - 500);
    expect(after).toBeLessThan((PROGRESS_TIMEOUT_SECONDS + 5) * 1000);
    expect(h.logs.some((record) => record.event === 'lock.stalled')).toBe(true);

    const other = await h.openAnotherEngine();
    const report = await other.engine.runSync({ kind: 'planned', trigger: 'scheduled' });
    expect(report.run.status).toBe('succeeded');
    expect(stuckRunId).not.toBeNull();
    const stuck = await other.store.getRun(stuckRunId!);
    expect(stuck?.status).toBe('aborted'); // fenced out by the next holder
    expect(await h.check()).toEqual([]);
  });
});

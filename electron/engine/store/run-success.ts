/**
 * A run's success, committed at once: its `succeeded` record, the watermark and Odoo's clock
 * move in ONE fenced transaction. Committed separately, a connection cut between them left a
 * run recorded `failed` whose state had moved on (the next run then started past a stretch no
 * successful run covered: found by the chaos soak, seed 20261130, one day).
 */
import type { Db } from './db';
import { finishRun } from './runs';
import { checkFence } from './sync-state';
import type { RunSuccess, WriteGuard } from './types';

/** Returns the watermark after the commit. */
export async function recordRunSuccess(db: Db, runId: number, success: RunSuccess, guard: WriteGuard): Promise<Date | null> {
  const odooSyncedTo = success.odooSyncedTo;
  const notAfter = success.notAfter ?? null;
  if (![success.watermarkTo, odooSyncedTo?.at ?? null, success.windowTo, notAfter].every(isValidOrNull)) throw new Error('recordRunSuccess: invalid date');
  return db.transaction(async (tx) => {
    await checkFence(tx, guard);
    // Forward only (GREATEST ignores a NULL: nothing to move leaves the value as it is), except
    // that a value beyond Odoo's clock (`notAfter`: a future write_date kept before it was
    // bounded) is pulled back: the watermark to the bound, Odoo's clock to this run's.
    const { rows } = await tx.query<{ watermark: Date | null }>(
      `UPDATE sync_state
          SET watermark = GREATEST(LEAST(watermark, $4::timestamptz), $1::timestamptz),
              odoo_synced_to = GREATEST(CASE WHEN odoo_synced_to > $4::timestamptz THEN NULL ELSE odoo_synced_to END, $2::timestamptz),
              odoo_protocol = COALESCE($3::text, odoo_protocol),
              updated_at = now()
        WHERE id = 1 RETURNING watermark`,
      [success.watermarkTo, odooSyncedTo?.at ?? null, odooSyncedTo?.protocol ?? null, notAfter],
    );
    if (rows.length === 0) throw new Error('sync_state has no row: the store was not migrated');
    const watermarkAfter = rows[0].watermark;
    await finishRun(tx, runId, { ...success, status: 'succeeded', error: null, problem: null, watermarkAfter });
    await guard.beforeCommit?.();
    return watermarkAfter;
  });
}

const isValidOrNull = (at: Date | null) => at === null || (at instanceof Date && !Number.isNaN(at.getTime()));

/** `sync_state`: the single row holding the watermark, the fence counter and the pause flag. */
import type { Queryable } from './db';
import { FenceError, type SyncState, type WriteGuard } from './types';

interface SyncStateRow {
  watermark: Date | null;
  fence: number;
  paused: boolean;
  paused_reason: string | null;
  paused_by: string | null;
  paused_at: Date | null;
  odoo_synced_to: Date | null;
  odoo_protocol: string | null;
}

export async function getSyncState(db: Queryable): Promise<SyncState> {
  const { rows } = await db.query<SyncStateRow>(
    'SELECT watermark, fence, paused, paused_reason, paused_by, paused_at, odoo_synced_to, odoo_protocol FROM sync_state WHERE id = 1',
  );
  const row = rows[0];
  if (!row) throw new Error('sync_state has no row: the store was not migrated');
  return {
    watermark: row.watermark,
    fence: Number(row.fence),
    paused: row.paused,
    pausedReason: row.paused_reason,
    pausedBy: row.paused_by,
    pausedAt: row.paused_at,
    odooSyncedTo: row.odoo_synced_to,
    odooProtocol: row.odoo_protocol,
  };
}

/**
 * Row-locks the fence counter for the rest of the transaction and throws `FenceError` when
 * a newer acquisition exists. Every fenced write calls this first.
 */
export async function checkFence(tx: Queryable, guard: WriteGuard): Promise<void> {
  const { rows } = await tx.query<{ fence: number }>('SELECT fence FROM sync_state WHERE id = 1 FOR UPDATE');
  const current = Number(rows[0]?.fence ?? 0);
  if (current !== guard.fence) throw new FenceError(guard.fence, current);
}

export async function nextFence(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ fence: number }>('UPDATE sync_state SET fence = fence + 1, updated_at = now() WHERE id = 1 RETURNING fence');
  return Number(rows[0]?.fence);
}

export async function setPaused(db: Queryable, paused: boolean, actor: string, reason: string | null, at: Date): Promise<void> {
  // Paused: who, why and when. Resumed: the fields are cleared (the audit log keeps history).
  await db.query(
    `UPDATE sync_state
        SET paused = $1,
            paused_reason = CASE WHEN $1 THEN $3::text END,
            paused_by = CASE WHEN $1 THEN $2::text END,
            paused_at = CASE WHEN $1 THEN $4::timestamptz END,
            updated_at = now()
      WHERE id = 1`,
    [paused, actor, reason, at],
  );
}

/** `sync_audit`: who did what to the sync, and why. */
import type { AuditAction } from '../../../shared/engine-types';
import type { Queryable } from './db';
import type { AuditEntry, AuditOutcome, AuditRecord } from './types';

interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  /** only this program writes the table */
  action: AuditAction;
  reason: string | null;
  details: Record<string, unknown> | null;
}

export async function appendAudit(db: Queryable, entry: AuditEntry): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO sync_audit (at, actor, action, reason, details)
     VALUES ($1, $2, $3, $4, $5::text::jsonb) RETURNING id`,
    [entry.at, entry.actor, entry.action, entry.reason, JSON.stringify(entry.details ?? {})],
  );
  return Number(rows[0]?.id);
}

/** An action audited before it was taken (the row exists or nothing was done) gets its outcome here. */
export async function updateAudit(db: Queryable, id: number, outcome: AuditOutcome): Promise<void> {
  await db.query('UPDATE sync_audit SET action = $2, details = $3::text::jsonb WHERE id = $1', [id, outcome.action, JSON.stringify(outcome.details)]);
}

export async function listAudit(db: Queryable, options: { limit?: number } = {}): Promise<AuditRecord[]> {
  const { rows } = await db.query<AuditRow>('SELECT id, at, actor, action, reason, details FROM sync_audit ORDER BY at DESC, id DESC LIMIT $1', [
    options.limit ?? 100,
  ]);
  return rows.map((row) => ({
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    action: row.action,
    reason: row.reason,
    details: row.details ?? {},
  }));
}

/**
 * A real fence counter and audit table in a test database: the minimal stand-in for the
 * Store's `nextFence()` / `appendAudit()` (same SQL shape: one UPDATE ... RETURNING).
 */
import pg from 'pg';
import type { AuditEntry, AuditOutcome } from '../../../../electron/engine/store/types';

export interface FenceDb {
  nextFence(): Promise<number>;
  currentFence(): Promise<number>;
  appendAudit(entry: AuditEntry): Promise<number>;
  updateAudit(id: number, outcome: AuditOutcome): Promise<void>;
  audits(): Promise<Array<{ actor: string; action: string; reason: string | null; details: Record<string, unknown> }>>;
  close(): Promise<void>;
}

export async function prepareFenceTables(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`
    CREATE TABLE IF NOT EXISTS lock_fence (id int PRIMARY KEY, value bigint NOT NULL);
    INSERT INTO lock_fence VALUES (1, 0) ON CONFLICT DO NOTHING;
    CREATE TABLE IF NOT EXISTS lock_audit (id serial PRIMARY KEY, actor text NOT NULL, action text NOT NULL,
      reason text, details jsonb NOT NULL, at timestamptz NOT NULL);`);
  await client.end();
}

export function openFenceDb(url: string): FenceDb {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    async nextFence() {
      const result = await pool.query<{ value: string }>('UPDATE lock_fence SET value = value + 1 WHERE id = 1 RETURNING value');
      return Number(result.rows[0].value);
    },
    async currentFence() {
      const result = await pool.query<{ value: string }>('SELECT value FROM lock_fence WHERE id = 1');
      return Number(result.rows[0].value);
    },
    async appendAudit(entry) {
      const result = await pool.query<{ id: number }>('INSERT INTO lock_audit (actor, action, reason, details, at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
        entry.actor,
        entry.action,
        entry.reason,
        JSON.stringify(entry.details),
        entry.at,
      ]);
      return result.rows[0].id;
    },
    async updateAudit(id, outcome) {
      await pool.query('UPDATE lock_audit SET action = $2, details = $3 WHERE id = $1', [id, outcome.action, JSON.stringify(outcome.details)]);
    },
    async audits() {
      const result = await pool.query<{ actor: string; action: string; reason: string | null; details: Record<string, unknown> }>(
        'SELECT actor, action, reason, details FROM lock_audit ORDER BY id',
      );
      return result.rows;
    },
    close: () => pool.end(),
  };
}

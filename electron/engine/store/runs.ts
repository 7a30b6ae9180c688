/** `sync_runs`: the history of every run, with its window, outcome, counts and fence. */
import { hostname } from 'node:os';
import { boundText } from '../bounded-text';
import { instanceOfPid } from '../process-instance';
import type { Queryable } from './db';
import type { RunProblem } from '../../../shared/engine-types';
import { isFailureCauseCode } from '../../../shared/failure-cause';
import { findGaps, mergeIntervals, type Interval } from '../../../shared/coverage';
import { FRESH_SYNC_SLACK_MS } from '../../../shared/fresh-sync';
import type { LockBackendName, NewRun, RunOutcome, RunRecord, RunStatus, RunTrigger } from './types';

interface RunRow {
  id: number;
  trigger: RunTrigger;
  status: RunStatus;
  window_from: Date | null;
  window_to: Date;
  full_load: boolean;
  started_at: Date;
  finished_at: Date | null;
  host: string;
  pid: number;
  process_instance: string | null;
  fence: number | null;
  lock_backend: LockBackendName | null;
  degraded: boolean;
  demo: boolean;
  gap_from: Date | null;
  gap_to: Date | null;
  orders_seen: number;
  rows_inserted: number;
  rows_updated: number;
  rows_unchanged: number;
  rows_deactivated: number;
  error: string | null;
  problem: RunProblem | null;
  watermark_before: Date | null;
  watermark_after: Date | null;
  lock_token: string | null;
  lock_acquired_at: Date | null;
  actor: string | null;
  cause: string | null;
  cause_target: string | null;
}

const RUN_COLUMNS = `id, trigger, status, window_from, window_to, full_load, started_at, finished_at, host, pid, process_instance,
  fence, lock_backend, degraded, demo, gap_from, gap_to, orders_seen, rows_inserted, rows_updated,
  rows_unchanged, rows_deactivated, error, problem, watermark_before, watermark_after, lock_token, lock_acquired_at, actor, cause, cause_target`;

function toRecord(row: RunRow): RunRecord {
  return {
    id: Number(row.id),
    trigger: row.trigger,
    status: row.status,
    windowFrom: row.window_from,
    windowTo: row.window_to,
    fullLoad: row.full_load,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    host: row.host,
    pid: Number(row.pid),
    instance: row.process_instance,
    fence: row.fence === null ? null : Number(row.fence),
    lockBackend: row.lock_backend,
    degraded: row.degraded,
    demo: row.demo,
    gapFrom: row.gap_from,
    gapTo: row.gap_to,
    ordersSeen: Number(row.orders_seen),
    counts: {
      inserted: Number(row.rows_inserted),
      updated: Number(row.rows_updated),
      unchanged: Number(row.rows_unchanged),
      deactivated: Number(row.rows_deactivated),
    },
    // rows from before the bound may hold megabytes of an Odoo error: cut on the way out too
    error: row.error === null ? null : boundText(row.error),
    problem: row.problem,
    watermarkBefore: row.watermark_before,
    watermarkAfter: row.watermark_after,
    lockToken: row.lock_token,
    lockAcquiredAt: row.lock_acquired_at?.toISOString() ?? null,
    actor: row.actor,
    cause: isFailureCauseCode(row.cause) ? { code: row.cause, target: row.cause_target } : null,
  };
}

export async function insertRun(db: Queryable, run: NewRun): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO sync_runs (trigger, status, window_from, window_to, full_load, started_at, finished_at,
        host, pid, fence, lock_backend, degraded, demo, gap_from, gap_to, error, problem, watermark_before, lock_token, lock_acquired_at, actor, cause, cause_target,
        process_instance)
     SELECT $1, $2::text, $3::timestamptz, $4::timestamptz, $5, $6::timestamptz,
            CASE WHEN $2::text = 'skipped' THEN $6::timestamptz END,
            $7, $8, $9, $10, $11, $12, $13, $14, $15, $18, s.watermark, $16, $17::timestamptz, $19, $20, $21, $22
       FROM (SELECT 1) AS one LEFT JOIN sync_state s ON s.id = 1
     RETURNING id`,
    [
      run.trigger,
      run.status,
      run.windowFrom,
      run.windowTo,
      run.fullLoad,
      run.startedAt,
      run.host,
      run.pid,
      run.fence,
      run.lockBackend,
      run.degraded,
      run.demo,
      run.gapFrom,
      run.gapTo,
      run.error == null ? null : boundText(run.error),
      run.lockToken ?? null,
      run.lockAcquiredAt ?? null,
      run.problem ?? null,
      run.actor ?? null,
      run.cause?.code ?? null,
      run.cause?.target ?? null,
      run.instance !== undefined ? run.instance : run.host === hostname() ? instanceOfPid(run.pid) : null,
    ],
  );
  return Number(rows[0]?.id);
}

type SucceededOutcome = Omit<RunOutcome, 'status' | 'error' | 'problem'> & {
  status: 'succeeded';
  error: null;
  problem: null;
  watermarkAfter: Date | null;
  windowTo: Date | null;
};

/** A run's outcome; `succeeded` (with the watermark it left) only from `recordRunSuccess`, inside its transaction. */
export async function finishRun(db: Queryable, runId: number, outcome: RunOutcome | SucceededOutcome): Promise<void> {
  const result = await db.query(
    `UPDATE sync_runs
        SET status = $2, finished_at = $3, orders_seen = $4, rows_inserted = $5, rows_updated = $6,
            rows_unchanged = $7, rows_deactivated = $8, error = $9, watermark_after = $10, problem = $11,
            window_to = GREATEST(window_to, $12::timestamptz), cause = $13, cause_target = $14
      WHERE id = $1`,
    [
      runId,
      outcome.status,
      outcome.finishedAt,
      outcome.ordersSeen,
      outcome.counts.inserted,
      outcome.counts.updated,
      outcome.counts.unchanged,
      outcome.counts.deactivated,
      outcome.error === null ? null : boundText(outcome.error),
      outcome.status === 'succeeded' ? outcome.watermarkAfter : null,
      outcome.problem,
      outcome.status === 'succeeded' ? outcome.windowTo : null,
      outcome.cause?.code ?? null,
      outcome.cause?.target ?? null,
    ],
  );
  if (result.rowCount === 0) throw new Error(`finishRun: run ${runId} does not exist`);
}

export async function getRun(db: Queryable, runId: number): Promise<RunRecord | null> {
  const { rows } = await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE id = $1`, [runId]);
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Newest first; `before` pages back from a run already shown (keyset: its start and id). */
export async function listRuns(db: Queryable, options: { limit?: number; since?: Date; before?: { startedAt: Date; id: number } } = {}): Promise<RunRecord[]> {
  const { rows } = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM sync_runs
      WHERE ($1::timestamptz IS NULL OR started_at >= $1::timestamptz)
        AND ($3::timestamptz IS NULL OR (started_at, id) < ($3::timestamptz, $4::bigint))
      ORDER BY started_at DESC, id DESC
      LIMIT $2`,
    [options.since ?? null, options.limit ?? 100, options.before?.startedAt ?? null, options.before?.id ?? null],
  );
  return rows.map(toRecord);
}

/** A sync run that succeeded: its window counts as covered. A reconciliation is not one (it covers no window). */
export const isSuccessfulSync = (run: Pick<RunRecord, 'status' | 'trigger'>): boolean => run.status === 'succeeded' && run.trigger !== 'reconcile';
const SUCCESSFUL_SYNC_SQL = `status = 'succeeded' AND trigger <> 'reconcile'`;

/** `isFreshSync` (shared/fresh-sync.ts) in SQL: the one definition of "last success", for the status and the scheduler's catch-up. */
const FRESH_SYNC_SQL = `${SUCCESSFUL_SYNC_SQL} AND window_to >= started_at - interval '${FRESH_SYNC_SLACK_MS / 1000} seconds'`;

export async function lastSuccessfulSync(db: Queryable): Promise<RunRecord | null> {
  const { rows } = await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE ${FRESH_SYNC_SQL} ORDER BY started_at DESC, id DESC LIMIT 1`);
  return rows[0] ? toRecord(rows[0]) : null;
}

/**
 * What no successful sync has covered, of the gaps runs reported (beyond SYNC_MAX_CATCHUP_HOURS,
 * however old) and of `candidates` (holes the status saw between its newest runs). Checked
 * against every run, not only the newest: an old gap must not drop out of sight before an
 * operator recovers it, and a hole next to an old stretch an operator recovered is no gap.
 */
export async function openGaps(db: Queryable, candidates: readonly Interval[]): Promise<Interval[]> {
  // A gap is reported again by every run until it is recovered, growing at its end.
  const { rows: reported } = await db.query<{ gap_from: Date; gap_to: Date }>(
    `SELECT gap_from, max(gap_to) AS gap_to FROM sync_runs WHERE gap_from IS NOT NULL AND gap_to IS NOT NULL GROUP BY gap_from`,
  );
  const stretches = mergeIntervals([...reported.map((row) => ({ from: row.gap_from.getTime(), to: row.gap_to.getTime() })), ...candidates]);
  if (stretches.length === 0) return [];
  const { rows: synced } = await db.query<{ window_from: Date | null; window_to: Date }>(
    `SELECT DISTINCT window_from, window_to
       FROM sync_runs JOIN unnest($1::timestamptz[], $2::timestamptz[]) AS stretch(from_at, to_at)
         ON window_to > stretch.from_at AND (window_from IS NULL OR window_from < stretch.to_at)
      WHERE ${SUCCESSFUL_SYNC_SQL}`,
    [stretches.map((stretch) => new Date(stretch.from)), stretches.map((stretch) => new Date(stretch.to))],
  );
  const covered = synced.map((row) => ({ from: row.window_from?.getTime() ?? -Infinity, to: row.window_to.getTime() }));
  return stretches.flatMap((stretch) => findGaps(covered, stretch));
}

export async function abortStaleRuns(db: Queryable, host: string, pids: number[] | 'all', at: Date, reason: string): Promise<number> {
  const result = await db.query(
    `UPDATE sync_runs SET status = 'aborted', finished_at = $3, error = $4, problem = 'stopped'
      WHERE status = 'running' AND host = $1 AND ($2::int[] IS NULL OR pid = ANY($2::int[]))`,
    [host, pids === 'all' ? null : pids, at, boundText(reason)],
  );
  return result.rowCount;
}

/** Runs whose process is gone, by id: the engine decided it (by process instance, or pid: `recorded-process.ts`). */
export async function abortRunsOfGoneProcesses(db: Queryable, runIds: number[], at: Date, reason: string): Promise<number> {
  if (runIds.length === 0) return 0;
  const result = await db.query(
    `UPDATE sync_runs SET status = 'aborted', finished_at = $2, error = $3, problem = 'stopped'
      WHERE status = 'running' AND id = ANY($1::bigint[])`,
    [runIds, at, boundText(reason)],
  );
  return result.rowCount;
}

/**
 * Runs still marked `running` under an older fence than `fence` can never write again (the
 * fence check refuses them): their process died elsewhere or lost its lock. Called by the
 * new holder, so the history does not keep zombies from other hosts.
 */
export async function abortFencedOutRuns(db: Queryable, fence: number, at: Date): Promise<number> {
  const result = await db.query(
    `UPDATE sync_runs SET status = 'aborted', finished_at = $2, problem = 'lockLost',
            error = 'lock lost: fence ' || fence || ' was superseded by fence ' || $1::bigint || ' before the run finished; nothing more was written after that (the counts are what it applied before)'
      WHERE status = 'running' AND fence IS NOT NULL AND fence < $1::bigint`,
    [fence, at],
  );
  return result.rowCount;
}

/**
 * (i) Every wait has a limit (issue 16.4). Two views:
 *   - no engine session waits on a PostgreSQL lock (a row a reporting session holds FOR UPDATE,
 *     the fence row a stalled instance holds) longer than the lock timeout and a margin: sampled
 *     from pg_locks while the soak runs (`LockWaitMonitor` in the soak);
 *   - a run whose PostgreSQL stops answering (its proxy stalled) is over within the limits —
 *     the client gives up on a statement, the connection, the run — not when the server comes back.
 */
import type { Violation } from './violation';

export interface LockWaitSample {
  /** simulated time of the sample */
  at: Date;
  pid: number;
  /** when the wait began (PostgreSQL's pg_locks.waitstart), ISO: one wait, however often sampled */
  waitStart: string;
  waitedMs: number;
  lock: string;
  query: string;
}

export class LockWaitChecker {
  readonly violations: Violation[] = [];
  private readonly flagged = new Set<string>();

  constructor(private readonly limitMs: number) {}

  check(samples: readonly LockWaitSample[]): Violation[] {
    const found: Violation[] = [];
    for (const sample of samples) {
      const id = `${sample.pid}@${sample.waitStart}`;
      if (sample.waitedMs <= this.limitMs || this.flagged.has(id)) continue;
      this.flagged.add(id);
      found.push({
        invariant: 'bounded-wait',
        at: sample.at.toISOString(),
        message: `engine session ${sample.pid} has waited ${Math.round(sample.waitedMs / 100) / 10} s for a ${sample.lock} lock (limit ${this.limitMs / 1000} s): ${sample.query.slice(0, 160)}`,
      });
    }
    this.violations.push(...found);
    return found;
  }
}

/** The run that met a stalled PostgreSQL, `elapsedMs` after the stall began. */
export function checkStalledRunOver(
  stall: { instance: string; runId: number; at: Date },
  stillRunning: boolean,
  elapsedMs: number,
  limitMs: number,
): Violation[] {
  if (!stillRunning) return [];
  return [
    {
      invariant: 'bounded-wait',
      at: stall.at.toISOString(),
      message: `run #${stall.runId} on ${stall.instance} still running ${Math.round(elapsedMs / 1000)} s after its PostgreSQL stopped answering (limit ${Math.round(limitMs / 1000)} s: statement and connect timeouts)`,
    },
  ];
}

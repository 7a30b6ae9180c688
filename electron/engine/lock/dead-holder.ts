/**
 * When may a lock be taken over before its TTL runs out? Only when its holder is a run of
 * this host whose process is gone, and the lock value is exactly the one that run recorded
 * (token, acquisition time, host, pid), whether that run was still going or had finished: a
 * value typed by hand, one from another host (whose pids mean nothing here), or one whose
 * process lives is left to its TTL.
 */
import { processAlive } from '../process-alive';
import type { RunRecord } from '../store/types';
import type { LockHolder } from './types';

/** The run record the lock value points at (`runId`), as the store has it. */
export type RunLookup = (runId: number) => Promise<Pick<RunRecord, 'status' | 'host' | 'pid' | 'lockToken' | 'lockAcquiredAt'> | null>;

export async function isDeadRunsOwnLock(holder: LockHolder, thisHost: string, lookup: RunLookup): Promise<boolean> {
  if (holder.host !== thisHost || !holder.token || holder.runId === null || processAlive(holder.pid)) return false;
  const run = await lookup(holder.runId);
  // Whatever the run's outcome: a process killed between recording it and releasing the lock
  // left a finished run's lock behind, and a dead process writes nothing (found by the chaos soak).
  if (!run) return false;
  return run.host === holder.host && run.pid === holder.pid && run.lockToken === holder.token && sameInstant(run.lockAcquiredAt, holder.acquiredAt);
}

function sameInstant(recorded: string | null | undefined, held: string): boolean {
  return Boolean(recorded) && new Date(recorded!).getTime() === new Date(held).getTime();
}

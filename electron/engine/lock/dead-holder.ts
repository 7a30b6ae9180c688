/**
 * When may a lock be taken over before its TTL runs out? Only when its holder is a run of
 * this host whose process is gone, and the lock value is exactly the one that run recorded
 * (token, acquisition time, host, pid, and the process instance where both recorded one),
 * whether that run was still going or had finished: a value typed by hand, one from another
 * host (whose pids mean nothing here), or one whose process lives is left to its TTL.
 *
 * "Gone" is judged by the process instance where the value has one (`recorded-process.ts`): a
 * value naming our pid but not our instance was left by a previous process with our pid — a
 * container's PID 1 before it was killed and restarted — and is dead although pid 1 lives.
 */
import { isRecordedProcessGone, localProcessView, type ProcessView } from '../recorded-process';
import type { RunRecord } from '../store/types';
import type { LockHolder } from './types';

/** The run record the lock value points at (`runId`), as the store has it. */
export type RunLookup = (runId: number) => Promise<Pick<RunRecord, 'status' | 'host' | 'pid' | 'instance' | 'lockToken' | 'lockAcquiredAt'> | null>;

export async function isDeadRunsOwnLock(holder: LockHolder, thisHost: string, lookup: RunLookup, view: ProcessView = localProcessView()): Promise<boolean> {
  if (holder.host !== thisHost || !holder.token || holder.runId === null || !isRecordedProcessGone(holder, view)) return false;
  const run = await lookup(holder.runId);
  // Whatever the run's outcome: a process killed between recording it and releasing the lock
  // left a finished run's lock behind, and a dead process writes nothing (found by the chaos soak).
  if (!run) return false;
  return (
    run.host === holder.host &&
    run.pid === holder.pid &&
    sameInstance(run.instance, holder.instance) &&
    run.lockToken === holder.token &&
    sameInstant(run.lockAcquiredAt, holder.acquiredAt)
  );
}

/** Both recorded an instance and they differ: not the same process. A value or row from before instances were recorded matches by the rest. */
function sameInstance(recorded: string | null | undefined, held: string | null | undefined): boolean {
  return recorded == null || held == null || recorded === held;
}

function sameInstant(recorded: string | null | undefined, held: string): boolean {
  return Boolean(recorded) && new Date(recorded!).getTime() === new Date(held).getTime();
}

/**
 * Who holds the lock, told apart: a run visibly alive, a run just starting, a holder whose run
 * already finished, a holder with no run anyone knows of, or the old Python job (its plain
 * timestamp under the key, with the expiry it sets). Pure, from the status alone; the
 * console's lock card, its release dialog and the health verdict read the same answer.
 */
import type { EngineStatus, LockHolderInfo, RunProgress, RunSummary } from './engine-types';

/** A holder with no run recorded yet is "starting" this long after it took the lock. */
export const STARTING_GRACE_MS = 60_000;

export type HolderState = 'live' | 'starting' | 'finished' | 'unknown' | 'legacy';

export interface LockDiagnosis {
  holder: LockHolderInfo;
  state: HolderState;
  /** the holder's run as the store knows it (running or finished), when it is among the recent runs */
  run: RunSummary | null;
  /** progress of the holder's run when it runs in this process */
  progress: RunProgress | null;
  /** now − acquiredAt */
  ageMs: number;
}

type DiagnosisInput = Pick<EngineStatus, 'lock' | 'running' | 'recentRuns'> & { lockHolderProcess?: EngineStatus['lockHolderProcess'] };

export function diagnoseLock(status: DiagnosisInput, now: number): LockDiagnosis | null {
  const holder = status.lock.held ? status.lock.holder : null;
  if (!holder) return null;
  const ageMs = Math.max(0, now - Date.parse(holder.acquiredAt));
  const progress = status.running && holder.runId !== null && status.running.runId === holder.runId ? status.running : null;
  const run = holder.runId === null ? null : (status.recentRuns.find((candidate) => candidate.id === holder.runId) ?? null);
  let state: HolderState;
  // The old job at work (runs skip, as its runbook expects): its value expires by itself. One that never expires is stuck.
  if (holder.value?.kind === 'legacy') state = status.lock.ttlMs !== null ? 'legacy' : 'unknown';
  // A holder whose process is gone from this host runs nothing, whatever its run's row still says.
  else if (status.lockHolderProcess === 'dead') state = run ? 'finished' : 'unknown';
  else if (progress || run?.status === 'running') state = 'live';
  else if (run) state = 'finished';
  else if (ageMs < STARTING_GRACE_MS) state = 'starting';
  else state = 'unknown';
  return { holder, state, run, progress, ageMs };
}

/** A holder that is not a live run (nor one about to be): the lock is stuck. */
export function isStuck(diagnosis: LockDiagnosis | null): boolean {
  return diagnosis !== null && (diagnosis.state === 'finished' || diagnosis.state === 'unknown');
}

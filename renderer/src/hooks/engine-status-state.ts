/** What the console knows of the engine's status, and how each answer or event changes it. Pure. */
import type { EngineStatus, RunProgress } from '../../../shared/engine-types';
import type { FailureCause } from '../../../shared/failure-cause';

export interface EngineStatusState {
  status: EngineStatus | null;
  /** local time (Date.now()) the applied status arrived; 0 before the first */
  receivedAt: number;
  /** engine clock minus local clock, from the applied status's `now` */
  skew: number;
  /** the newest answer was a failure: its message */
  fetchError: string | null;
  /** and its cause, when the engine answered with one (PostgreSQL unreachable, say): the engine is up, its store is not */
  fetchCause: FailureCause | null;
  /** the running run's progress from `run-progress` events, fresher than `status.running` */
  progress: RunProgress | null;
}

export const initialEngineStatus: EngineStatusState = { status: null, receivedAt: 0, skew: 0, fetchError: null, fetchCause: null, progress: null };

/**
 * A status answer (already known to be the newest) applied at local time `at`. A status with no
 * run clears the event progress, unless that progress arrived after the status was asked for.
 */
export function statusReceived(state: EngineStatusState, status: EngineStatus, at: number, progressIsNewer = false): EngineStatusState {
  return {
    status,
    receivedAt: at,
    skew: Date.parse(status.now) - at,
    fetchError: null,
    fetchCause: null,
    progress: status.running || progressIsNewer ? state.progress : null,
  };
}

/** The newest status request failed: keep what is shown, say why it may be stale. */
export function statusFailed(state: EngineStatusState, message: string, cause: FailureCause | null = null): EngineStatusState {
  return { ...state, fetchError: message, fetchCause: cause };
}

export function progressReceived(state: EngineStatusState, progress: RunProgress): EngineStatusState {
  return { ...state, progress };
}

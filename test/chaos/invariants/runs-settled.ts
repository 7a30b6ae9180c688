/** (e) No run is left `running` once the soak is over (a dead instance's run is marked aborted by whoever takes over). */
import type { RunRecord } from '../../../electron/engine/store/types';
import type { Violation } from './violation';

export function checkNoRunLeftRunning(runs: readonly RunRecord[], at: Date): Violation[] {
  return runs
    .filter((run) => run.status === 'running')
    .map((run) => ({
      invariant: 'no-run-left-running' as const,
      at: at.toISOString(),
      message: `run #${run.id} (${run.trigger}, fence ${run.fence}, pid ${run.pid}, started ${run.startedAt.toISOString()}) is still 'running'`,
    }));
}

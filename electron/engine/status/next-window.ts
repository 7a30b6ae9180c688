/**
 * The window the next scheduled run will plan, worked out by the planner itself so the console's
 * "próxima janela" can never disagree with what the run will read.
 */
import type { EngineStatus } from '../../../shared/engine-types';
import type { RunRecord, SyncState } from '../store';
import { type PlannerConfig, planScheduledRun } from '../sync/window-planner';
import { syncedWindows } from './coverage';

export function nextScheduledWindow(
  state: Pick<SyncState, 'watermark' | 'odooSyncedTo'>,
  runs: readonly RunRecord[],
  nextRunAt: Date,
  config: PlannerConfig,
): EngineStatus['nextWindow'] {
  const plan = planScheduledRun(config, { now: nextRunAt, watermark: state.watermark, odooSyncedTo: state.odooSyncedTo, covered: syncedWindows(runs) });
  return plan.fullLoad || plan.from === null ? null : { from: plan.from.toISOString(), to: plan.to.toISOString() };
}

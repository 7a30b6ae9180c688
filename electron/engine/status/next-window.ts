/**
 * The window the next scheduled run will plan, worked out by the planner itself so the console's
 * "próxima janela" can never disagree with what the run will read.
 */
import type { EngineStatus } from '../../../shared/engine-types';
import { type EngineConfig, overlapMinutes } from '../config';
import type { RunRecord, SyncState } from '../store';
import { planScheduledWindow } from '../sync/window-planner';
import { syncedWindows } from './coverage';

export function nextScheduledWindow(
  state: Pick<SyncState, 'watermark' | 'odooSyncedTo'>,
  runs: readonly RunRecord[],
  nextRunAt: Date,
  config: Pick<EngineConfig, 'windowMinutes' | 'intervalMinutes' | 'maxCatchUpHours' | 'initialSince'>,
): EngineStatus['nextWindow'] {
  const plan = planScheduledWindow({
    now: nextRunAt,
    watermark: state.watermark,
    odooSyncedTo: state.odooSyncedTo,
    windowMinutes: config.windowMinutes,
    overlapMinutes: overlapMinutes(config),
    maxCatchUpHours: config.maxCatchUpHours,
    covered: syncedWindows(runs),
    initialSince: config.initialSince,
  });
  return plan.fullLoad || plan.from === null ? null : { from: plan.from.toISOString(), to: plan.to.toISOString() };
}

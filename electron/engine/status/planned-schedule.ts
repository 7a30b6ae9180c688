/** Without a scheduler in this process (the CLI), when a scheduler service would run next. */
import type { SchedulerStatus } from '../../../shared/engine-types';
import { nextDailyAt, slotOf, slotStart } from '../scheduler/slots';

export function plannedSchedule(now: Date, paused: boolean, config: { intervalMinutes: number; reconcileHourUtc: number | null }): SchedulerStatus {
  const { intervalMinutes, reconcileHourUtc } = config;
  return {
    active: false,
    intervalMinutes,
    nextRunAt: paused ? null : slotStart(slotOf(now, intervalMinutes) + 1, intervalMinutes).toISOString(),
    nextReconcileAt: reconcileHourUtc === null ? null : nextDailyAt(now, reconcileHourUtc).toISOString(),
  };
}

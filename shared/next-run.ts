/**
 * The next scheduled run as the console and the tray show it: never before now. A time already
 * past (the scheduler's first run after start when its minute went by, a status a few seconds
 * old, a skipped slot) gives way to the next slot of the schedule's grid, which is aligned to the
 * UTC clock as the scheduler's slots are (scheduler/slots.ts: slot n starts at n × interval).
 */
const MINUTE = 60_000;

export function upcomingRun(nextRunAt: string | null | undefined, intervalMinutes: number, now: number): number | null {
  if (!nextRunAt) return null;
  const at = Date.parse(nextRunAt);
  if (!Number.isFinite(at)) return null;
  if (at > now) return at;
  const interval = intervalMinutes * MINUTE;
  return (Math.floor(now / interval) + 1) * interval;
}

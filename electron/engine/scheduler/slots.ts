/**
 * Slot arithmetic for the scheduler, anchored to UTC: slot n of an interval of I minutes
 * starts at n × I minutes after the Unix epoch, so every instance of the service, on any
 * machine, agrees on when "the 10:30 run" is due.
 */
const MINUTE = 60_000;

export function slotOf(time: Date, intervalMinutes: number): number {
  return Math.floor(time.getTime() / (intervalMinutes * MINUTE));
}

export function slotStart(slot: number, intervalMinutes: number): Date {
  return new Date(slot * intervalMinutes * MINUTE);
}

/** The next daily reconciliation time at `hourUtc` strictly after `after`. */
export function nextDailyAt(after: Date, hourUtc: number): Date {
  const next = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), hourUtc));
  if (next <= after) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

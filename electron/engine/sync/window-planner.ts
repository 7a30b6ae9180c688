/**
 * Decides which stretch of Odoo `write_date`s a run covers. Pure: time comes in as `now`.
 *
 * A scheduled run covers [min(now − window, watermark − overlap), now): the overlap is the
 * late-commit budget (Odoo stamps rows with the transaction's START time, so a long
 * transaction commits "in the past"), and starting from the watermark means downtime of
 * any length is caught up by the next run. The start is bounded by `maxCatchUpHours`; what
 * lies before the bound and no successful run ever covered is reported as a gap.
 */
import { covers, findGaps, type Interval } from '../../../shared/coverage';

export interface WindowPlan {
  /** null → no lower bound (a full load of every order) */
  from: Date | null;
  to: Date;
  /** the first load of an empty store (every order, or those changed since SYNC_INITIAL_SINCE) */
  fullLoad: boolean;
  /** the part that should have been covered but is beyond the catch-up bound */
  gap: { from: Date; to: Date } | null;
}

export interface ScheduledPlanInput {
  now: Date;
  watermark: Date | null;
  windowMinutes: number;
  overlapMinutes: number;
  maxCatchUpHours: number;
  /** windows of past successful runs (epoch ms; a full load starts at -Infinity) */
  covered: readonly Interval[];
  /** first load starts here instead of loading every order */
  initialSince: Date | null;
}

const MINUTE = 60_000;

/** Which part of a run request (`RunRequest`'s field names) made the window invalid. */
export type WindowField = 'from' | 'to' | 'minutes';

/**
 * A window that cannot be planned: an inverted or future range, an invalid time, a
 * non-positive number of minutes. The caller's mistake, not the engine's: the console
 * answers it as a bad request, the CLI prints it with its flag names.
 */
export class InvalidWindowError extends Error {
  constructor(
    message: string,
    /** the request fields at fault */
    readonly fields: readonly WindowField[],
  ) {
    super(message);
    this.name = 'InvalidWindowError';
  }
}

export function planScheduledWindow(input: ScheduledPlanInput): WindowPlan {
  const { now, watermark } = input;
  if (watermark === null && input.covered.length === 0) {
    return { from: input.initialSince, to: now, fullLoad: true, gap: null };
  }
  const byWindow = now.getTime() - input.windowMinutes * MINUTE;
  const byWatermark = watermark ? watermark.getTime() - input.overlapMinutes * MINUTE : byWindow;
  const wanted = Math.min(byWindow, byWatermark);
  const bound = now.getTime() - input.maxCatchUpHours * 60 * MINUTE;
  if (wanted >= bound) return { from: new Date(wanted), to: now, fullLoad: false, gap: null };

  // Only what no successful run covered is a real gap: an idle Odoo leaves the watermark
  // behind without anything being missed.
  const uncovered = findGaps(input.covered, { from: wanted, to: bound });
  const gap = uncovered.length > 0 ? { from: new Date(uncovered[0].from), to: new Date(uncovered[uncovered.length - 1].to) } : null;
  return { from: new Date(bound), to: now, fullLoad: false, gap };
}

/** A manual window (`run --window MIN`, the console's window request): the last MIN minutes. */
export function planManualWindow(now: Date, minutes: number): WindowPlan {
  if (!Number.isInteger(minutes) || minutes < 1)
    throw new InvalidWindowError(`window minutes must be a whole number of at least 1 (got ${minutes})`, ['minutes']);
  return { from: new Date(now.getTime() - minutes * MINUTE), to: now, fullLoad: false, gap: null };
}

/** A recovery of an explicit stretch (`run --from ISO --to ISO`, the console's range request); its end is clipped to now. */
export function planRecoveryWindow(from: Date, to: Date, now: Date): WindowPlan {
  if (Number.isNaN(from.getTime())) throw new InvalidWindowError("the range's start is not a valid time", ['from']);
  if (Number.isNaN(to.getTime())) throw new InvalidWindowError("the range's end is not a valid time", ['to']);
  if (!(from < to)) throw new InvalidWindowError(`the range's start (${from.toISOString()}) must be before its end (${to.toISOString()})`, ['from', 'to']);
  if (from > now) throw new InvalidWindowError(`the range's start (${from.toISOString()}) is in the future (now ${now.toISOString()})`, ['from']);
  return { from, to: to > now ? now : to, fullLoad: false, gap: null };
}

/**
 * The watermark may move only when everything between it and the run's window start has
 * been seen: the window reaches back to it, or earlier successful runs covered the stretch
 * in between (an idle Odoo, or a window clipped at the catch-up bound). Otherwise advancing
 * it would jump over an unsynced stretch. It never moves backwards (the store takes the max).
 */
export function mayAdvanceWatermark(plan: WindowPlan, watermark: Date | null, covered: readonly Interval[] = []): boolean {
  if (plan.fullLoad || plan.from === null) return true;
  if (watermark === null) return false;
  return plan.from.getTime() <= watermark.getTime() || covers(covered, { from: watermark.getTime(), to: plan.from.getTime() });
}

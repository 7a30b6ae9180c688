/** The recovery form's request and its preview window. Pure. */
import type { Interval } from '../../../../shared/coverage';
import type { RunRequest } from '../../../../shared/console-schemas';
import type { Locale } from '../../../../shared/messages';
import { parseDateEntry } from './date-entry';

export const RECOVERY_PRESET_MINUTES = 120;
const MAX_MINUTES = 60 * 24 * 365;

export type RecoveryForm = { mode: 'window'; minutes: string } | { mode: 'range'; from: string; to: string };

/** Why the form cannot be sent yet: the minutes, one of the two dates (and what is wrong with it), their order, or a start still to come. */
export type RecoveryError = { error: 'minutes' } | { error: 'range' } | { error: 'future' } | { error: 'from' | 'to'; problem: 'empty' | 'format' | 'date' };

/** A request the form may send: the stretch it covers (its end at most now), whether its end was past now, whether it is long enough to ask twice. */
export interface RecoveryPlan {
  request: RunRequest;
  window: Interval;
  /** the typed end was after now: the engine reads up to now */
  clipped: boolean;
  /** longer than `longAfterMs`: the form asks the operator to confirm it */
  long: boolean;
}

/** Longer than this, a recovery is confirmed twice (the console passes the catch-up bound, SYNC_MAX_CATCHUP_HOURS). */
const DEFAULT_LONG_RECOVERY_MS = 72 * 3_600_000;

/**
 * The run request and the stretch it covers, or why the form is not valid yet — decided before
 * the operator confirms, with the engine's own rules (a start in the future is refused, an end
 * past now is read up to now: sync/window-planner.ts). The range's dates are read as the
 * console's language writes them (date-entry.ts), in local time.
 */
export function recoveryRequest(form: RecoveryForm, now: number, locale: Locale, options: { longAfterMs?: number } = {}): RecoveryPlan | RecoveryError {
  const longAfter = options.longAfterMs ?? DEFAULT_LONG_RECOVERY_MS;
  if (form.mode === 'window') {
    const minutes = Number(form.minutes);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES) return { error: 'minutes' };
    return { request: { kind: 'window', minutes }, window: { from: now - minutes * 60_000, to: now }, clipped: false, long: minutes * 60_000 > longAfter };
  }
  const from = parseDateEntry(form.from, locale);
  if ('error' in from) return { error: 'from', problem: from.error };
  const to = parseDateEntry(form.to, locale);
  if ('error' in to) return { error: 'to', problem: to.error };
  if (from.ms >= to.ms) return { error: 'range' };
  if (from.ms > now) return { error: 'future' };
  const end = Math.min(to.ms, now);
  return {
    request: { kind: 'range', from: new Date(from.ms).toISOString(), to: new Date(to.ms).toISOString() },
    window: { from: from.ms, to: end },
    clipped: to.ms > now,
    long: end - from.ms > longAfter,
  };
}

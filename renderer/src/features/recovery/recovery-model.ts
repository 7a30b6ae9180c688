/** The recovery form's request and its preview window. Pure. */
import type { Interval } from '../../../../shared/coverage';
import type { RunRequest } from '../../../../shared/console-schemas';
import type { Locale } from '../../../../shared/messages';
import { parseDateEntry } from './date-entry';

export const RECOVERY_PRESET_MINUTES = 120;
const MAX_MINUTES = 60 * 24 * 365;

export type RecoveryForm = { mode: 'window'; minutes: string } | { mode: 'range'; from: string; to: string };

/** Why the form cannot be sent yet: the minutes, one of the two dates (and what is wrong with it), or their order. */
export type RecoveryError = { error: 'minutes' } | { error: 'range' } | { error: 'from' | 'to'; problem: 'empty' | 'format' | 'date' };

/**
 * The run request and the stretch it covers, or why the form is not valid yet. The range's
 * dates are read as the console's language writes them (date-entry.ts), in local time.
 */
export function recoveryRequest(form: RecoveryForm, now: number, locale: Locale): { request: RunRequest; window: Interval } | RecoveryError {
  if (form.mode === 'window') {
    const minutes = Number(form.minutes);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES) return { error: 'minutes' };
    return { request: { kind: 'window', minutes }, window: { from: now - minutes * 60_000, to: now } };
  }
  const from = parseDateEntry(form.from, locale);
  if ('error' in from) return { error: 'from', problem: from.error };
  const to = parseDateEntry(form.to, locale);
  if ('error' in to) return { error: 'to', problem: to.error };
  if (from.ms >= to.ms) return { error: 'range' };
  return { request: { kind: 'range', from: new Date(from.ms).toISOString(), to: new Date(to.ms).toISOString() }, window: { from: from.ms, to: to.ms } };
}

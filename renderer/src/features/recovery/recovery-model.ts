/** The recovery form's request and its preview window. Pure. */
import type { Interval } from '../../../../shared/coverage';
import type { RunRequest } from '../../../../shared/console-schemas';

export const RECOVERY_PRESET_MINUTES = 120;
const MAX_MINUTES = 60 * 24 * 365;

export type RecoveryForm = { mode: 'window'; minutes: string } | { mode: 'range'; from: string; to: string };

/** `2025-01-15T10:00` (a datetime-local value, local time) for epoch ms. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The run request and the stretch it covers, or why the form is not valid yet. */
export function recoveryRequest(form: RecoveryForm, now: number): { request: RunRequest; window: Interval } | { error: 'minutes' | 'range' } {
  if (form.mode === 'window') {
    const minutes = Number(form.minutes);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES) return { error: 'minutes' };
    return { request: { kind: 'window', minutes }, window: { from: now - minutes * 60_000, to: now } };
  }
  const from = new Date(form.from).getTime();
  const to = new Date(form.to).getTime();
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) return { error: 'range' };
  return { request: { kind: 'range', from: new Date(from).toISOString(), to: new Date(to).toISOString() }, window: { from, to } };
}

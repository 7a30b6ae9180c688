/** How a run reads in the console: its window, its length, its row counts. Pure. */
import type { RowCounts, RunSummary } from '../../../../shared/engine-types';
import { formatDuration, formatTime, parseTime } from '../../format';

/** Start to finish; a running run counts up to `now`. */
export function runDuration(run: RunSummary, now: number): string {
  const start = parseTime(run.startedAt);
  const end = parseTime(run.finishedAt) ?? (run.status === 'running' ? now : null);
  return start === null || end === null ? '—' : formatDuration(end - start);
}

/** The window's length, or `full load` when it has no start. */
export function windowLength(run: RunSummary): string {
  return run.windowFrom ? formatDuration(Date.parse(run.windowTo) - Date.parse(run.windowFrom)) : 'full load';
}

/** `16:37:00 → 17:37:00 (1 h 00 min)`, or `… → 17:37:00 (full load)`. */
export function windowText(run: RunSummary, now: number): string {
  if (!run.windowFrom) return `… → ${formatTime(run.windowTo, now)} (full load)`;
  return `${formatTime(run.windowFrom, now)} → ${formatTime(run.windowTo, now)} (${windowLength(run)})`;
}

/** `+new ~changed −gone` rows. */
export function countsText(counts: RowCounts): string {
  return `+${counts.inserted} ~${counts.updated} −${counts.deactivated}`;
}

/** How a run reads in the console: its window, its length, its row counts. Pure. */
import type { RowCounts, RunProblem, RunSummary } from '../../../../shared/engine-types';
import { describeCause } from '../../../../shared/failure-text';
import { formatDuration, parseTime } from '../../format';
import type { Words } from '../../i18n/i18n';

/** Start to finish; a running run counts up to `now`. */
export function runDuration(run: RunSummary, now: number): string {
  const start = parseTime(run.startedAt);
  const end = parseTime(run.finishedAt) ?? (run.status === 'running' ? now : null);
  return start === null || end === null ? '—' : formatDuration(end - start);
}

/** The window's length, or `carga completa` when it has no start. */
export function windowLength(run: RunSummary, { m }: Words): string {
  return run.windowFrom ? formatDuration(Date.parse(run.windowTo) - Date.parse(run.windowFrom)) : m.runs.fullLoad;
}

/** `16:37:00 → 17:37:00 (1 h 00 min)`, or `… → 17:37:00 (carga completa)`. */
export function windowText(run: RunSummary, now: number, words: Words): string {
  const { f } = words;
  if (!run.windowFrom) return `… → ${f.time(run.windowTo, now)} (${windowLength(run, words)})`;
  return `${f.time(run.windowFrom, now)} → ${f.time(run.windowTo, now)} (${windowLength(run, words)})`;
}

/** `+new ~changed −gone` rows, grouped for the locale. */
export function countsText(counts: RowCounts, words?: Words): string {
  const n = words ? words.f.count : String;
  return `+${n(counts.inserted)} ~${n(counts.updated)} −${n(counts.deactivated)}`;
}

/** What went wrong with a run, in the operator's terms: the engine's `problem`, or a skip it did not explain. */
export type ShownProblem = RunProblem | 'skipped';

export function runProblem(run: Pick<RunSummary, 'status' | 'problem'>): ShownProblem | null {
  return run.problem ?? (run.status === 'skipped' ? 'skipped' : null);
}

export function runProblemText(problem: ShownProblem, { m }: Pick<Words, 'm'>): string {
  return problem === 'lockLost' ? m.runs.lockLost : m.runs.problem[problem];
}

/**
 * Why a run failed as the engine decided it (Odoo refused, PostgreSQL's database missing, who held
 * the lock…): what happened and where, then what to do. Null when the engine recorded no cause
 * (a lost lock or a stop, whose problem says it all; runs from before it was recorded).
 */
export function runCause(run: Pick<RunSummary, 'cause'>, { m }: Pick<Words, 'm'>): { title: string; next: string } | null {
  return run.cause ? describeCause(run.cause, m) : null;
}

/** How a run reads in the console: its window, its length, its row counts. Pure. */
import type { RowCounts, RunSummary } from '../../../../shared/engine-types';
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

/**
 * A run stopped because its lock went away (a forced release, or another holder fenced it
 * out): the engine's errors for every such way begin with `lock lost:`.
 */
export function abortedByLockLoss(run: Pick<RunSummary, 'status' | 'error'>): boolean {
  return run.status === 'aborted' && (run.error?.startsWith('lock lost:') ?? false);
}

/** What went wrong with a run, in the operator's terms (the engine's own text goes behind "Detalhes técnicos"). */
export type RunProblem = 'lockLost' | 'stopped' | 'failed' | 'lockHeld' | 'recent' | 'skipped';

export function runProblem(run: Pick<RunSummary, 'status' | 'error'>): RunProblem | null {
  if (!run.error) return null;
  if (run.status === 'aborted') return abortedByLockLoss(run) ? 'lockLost' : 'stopped';
  if (run.status === 'failed') return 'failed';
  if (run.status === 'skipped') {
    // the engine's skip reasons: `lock held by …` (sync-runner) or the SYNC_MIN_INTERVAL_MINUTES guard
    if (run.error.startsWith('lock held')) return 'lockHeld';
    return run.error.includes('SYNC_MIN_INTERVAL_MINUTES') ? 'recent' : 'skipped';
  }
  return null;
}

export function runProblemText(problem: RunProblem, { m }: Pick<Words, 'm'>): string {
  return problem === 'lockLost' ? m.runs.lockLost : m.runs.problem[problem];
}

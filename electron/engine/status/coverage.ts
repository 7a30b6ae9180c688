/**
 * The status's picture of coverage: which stretches successful sync runs covered, where
 * consecutive windows overlap, and the gaps between them, over the last day at least (or
 * back to the oldest run shown). A full load covers everything before its end, so it is
 * clipped to the start of the range.
 */
import { findGaps, findOverlaps, mergeIntervals, type Interval } from '../../../shared/coverage';
import type { EngineStatus } from '../../../shared/engine-types';
import { isSuccessfulSync, type RunRecord } from '../store';

const DAY = 24 * 3600_000;

/** The windows successful syncs covered (reconciliations have none); a full load starts at -Infinity. */
export function syncedWindows(runs: readonly RunRecord[]): Interval[] {
  return runs.filter(isSuccessfulSync).map((run) => ({ from: run.windowFrom ? run.windowFrom.getTime() : -Infinity, to: run.windowTo.getTime() }));
}

/** Its gaps are the holes between `runs`' windows: the status checks them against older runs too (`Store.openGaps`). */
export function coverageOf(runs: readonly RunRecord[], now: Date): EngineStatus['coverage'] {
  const windows = syncedWindows(runs);
  const finiteStarts = windows.flatMap((window) => (Number.isFinite(window.from) ? [window.from] : []));
  const range: Interval = { from: Math.min(now.getTime() - DAY, ...finiteStarts), to: now.getTime() };
  const intervals = windows.map((window) => ({ from: Math.max(window.from, range.from), to: window.to }));
  const covered = mergeIntervals(intervals);
  // Gaps lie between the first covered moment and the end of the latest window; what came
  // after that is simply the next run's job.
  const gaps = covered.length === 0 ? [] : findGaps(covered, { from: covered[0].from, to: covered[covered.length - 1].to });
  return { range, covered, overlaps: findOverlaps(intervals), gaps };
}

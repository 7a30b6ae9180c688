/**
 * The status's picture of coverage: which stretches successful sync runs covered, where
 * consecutive windows overlap, and the gaps between them, over the last day at least (or
 * back to the oldest run shown). A full load covers everything before its end, so it is
 * clipped to the start of the range.
 */
import { findGaps, findOverlaps, mergeIntervals, type Interval } from '../../shared/coverage';
import type { EngineStatus } from '../../shared/engine-types';
import type { RunRecord } from './store/types';

const DAY = 24 * 3600_000;

export function coverageOf(runs: readonly RunRecord[], now: Date): EngineStatus['coverage'] {
  const windows = runs.filter((run) => run.status === 'succeeded' && run.trigger !== 'reconcile');
  const finiteStarts = windows.flatMap((run) => (run.windowFrom ? [run.windowFrom.getTime()] : []));
  const range: Interval = { from: Math.min(now.getTime() - DAY, ...finiteStarts), to: now.getTime() };
  const intervals = windows.map((run) => ({ from: Math.max(run.windowFrom?.getTime() ?? range.from, range.from), to: run.windowTo.getTime() }));
  const covered = mergeIntervals(intervals);
  // Gaps lie between the first covered moment and the end of the latest window; what came
  // after that is simply the next run's job.
  const gaps = covered.length === 0 ? [] : findGaps(covered, { from: covered[0].from, to: covered[covered.length - 1].to });
  return { range, covered, overlaps: findOverlaps(intervals), gaps };
}

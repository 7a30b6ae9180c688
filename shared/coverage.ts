/**
 * Which stretches of time the successful sync runs covered, where they overlap, and where
 * the gaps are. Pure functions on epoch milliseconds, shared by the engine (window planning,
 * gap detection in `status`) and the console's timeline. A full load covers everything up to
 * its end, so its `from` is `-Infinity`.
 */
export interface Interval {
  from: number;
  to: number;
}

/** The union of the intervals, sorted and merged (touching intervals merge too). */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((interval) => interval.to > interval.from).sort((a, b) => a.from - b.from);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.from <= last.to) last.to = Math.max(last.to, interval.to);
    else merged.push({ ...interval });
  }
  return merged;
}

/** The parts of `range` that no interval covers. */
export function findGaps(intervals: readonly Interval[], range: Interval): Interval[] {
  const gaps: Interval[] = [];
  let cursor = range.from;
  for (const covered of mergeIntervals(intervals)) {
    if (covered.to <= cursor) continue;
    if (covered.from >= range.to) break;
    if (covered.from > cursor) gaps.push({ from: cursor, to: Math.min(covered.from, range.to) });
    cursor = Math.max(cursor, covered.to);
    if (cursor >= range.to) break;
  }
  if (cursor < range.to) gaps.push({ from: cursor, to: range.to });
  return gaps;
}

/** Stretches covered by two or more intervals (the overlaps the timeline shades). */
export function findOverlaps(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].filter((interval) => interval.to > interval.from).sort((a, b) => a.from - b.from);
  const overlaps: Interval[] = [];
  let reach = -Infinity;
  for (const interval of sorted) {
    if (interval.from < reach) overlaps.push({ from: interval.from, to: Math.min(reach, interval.to) });
    reach = Math.max(reach, interval.to);
  }
  return mergeIntervals(overlaps);
}

/** True when `range` is covered completely. */
export function covers(intervals: readonly Interval[], range: Interval): boolean {
  return findGaps(intervals, range).length === 0;
}

/**
 * (d) Every stretch of time is covered by a successful sync's window, or reported as a gap:
 * never silently skipped. Computed from the recorded runs with a plain interval union of its
 * own (not the engine's coverage code), from the first full load to the newest window's end.
 */
import type { RunRecord } from '../../../electron/engine/store/types';
import type { Violation } from './violation';

interface Span {
  from: number;
  to: number;
}

export interface CoverageResult {
  /** uncovered stretches that no run reported as a gap */
  unreportedGaps: Span[];
  /** uncovered stretches inside reported gaps (fine until recovered) */
  reportedGaps: Span[];
  violations: Violation[];
}

/** The union of spans, sorted and merged. */
export function unionOf(spans: readonly Span[]): Span[] {
  const sorted = [...spans].filter((span) => span.to > span.from).sort((a, b) => a.from - b.from);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else merged.push({ ...span });
  }
  return merged;
}

/** What of `range` the spans leave uncovered. */
export function holesIn(range: Span, spans: readonly Span[]): Span[] {
  const holes: Span[] = [];
  let cursor = range.from;
  for (const span of unionOf(spans)) {
    if (span.to <= cursor) continue;
    if (span.from >= range.to) break;
    if (span.from > cursor) holes.push({ from: cursor, to: Math.min(span.from, range.to) });
    cursor = Math.max(cursor, span.to);
    if (cursor >= range.to) break;
  }
  if (cursor < range.to) holes.push({ from: cursor, to: range.to });
  return holes;
}

export function checkCoverage(runs: readonly RunRecord[]): CoverageResult {
  const synced = runs.filter((run) => run.status === 'succeeded' && run.trigger !== 'reconcile');
  if (synced.length === 0) return { unreportedGaps: [], reportedGaps: [], violations: [] };
  const windows = synced.map((run) => ({ from: run.fullLoad || !run.windowFrom ? -Infinity : run.windowFrom.getTime(), to: run.windowTo.getTime() }));
  const fullLoads = synced.filter((run) => run.fullLoad);
  const start = fullLoads.length > 0 ? Math.min(...fullLoads.map((run) => run.windowTo.getTime())) : Math.min(...windows.map((w) => w.from));
  const end = Math.max(...windows.map((w) => w.to));
  const reported = runs.filter((run) => run.gapFrom && run.gapTo).map((run) => ({ from: run.gapFrom!.getTime(), to: run.gapTo!.getTime() }));
  const unreportedGaps: Span[] = [];
  const reportedGaps: Span[] = [];
  for (const hole of holesIn({ from: start, to: end }, windows)) {
    const outsideReports = holesIn(hole, reported);
    if (outsideReports.length === 0) reportedGaps.push(hole);
    else unreportedGaps.push(...outsideReports);
  }
  const violations = unreportedGaps.map((gap): Violation => ({
    invariant: 'no-unreported-gap',
    at: new Date(gap.to).toISOString(),
    message: `${new Date(gap.from).toISOString()} → ${new Date(gap.to).toISOString()} was covered by no successful sync and reported by no run as a gap`,
  }));
  return { unreportedGaps, reportedGaps, violations };
}

/** The timeline's geometry: the spans to choose from, runs packed into lanes, axis ticks, bar tooltips. Pure. */
import type { Interval } from '../../../../shared/coverage';
import type { RunSummary } from '../../../../shared/engine-types';
import { formatFull, parseTime } from '../../format';
import { countsText, windowLength } from '../runs/run-text';

const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const SPANS = [
  { key: '2h', label: '2 h', ms: 2 * HOUR },
  { key: '6h', label: '6 h', ms: 6 * HOUR },
  { key: '24h', label: '24 h', ms: DAY },
  { key: 'all', label: 'All', ms: null },
] as const;
export type SpanKey = (typeof SPANS)[number]['key'];
const TICK_STEPS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];
export const MAX_LANES = 6;

/** The stretch shown: `span` back from now (or from the end of coverage, when later); all of coverage, at least an hour, for `null`. */
export function viewWindow(now: number, range: Interval, span: number | null): Interval {
  const to = Math.max(now, range.to);
  return { from: span === null ? Math.min(range.from, to - HOUR) : to - span, to };
}

export interface Bar {
  run: RunSummary;
  from: number;
  to: number;
  lane: number;
}

export function windowOf(run: RunSummary): { from: number; to: number } {
  const to = parseTime(run.windowTo) ?? 0;
  const from = parseTime(run.windowFrom) ?? -Infinity;
  return { from, to: Math.max(to, from) };
}

/** Greedy lane packing: a run goes to the first lane whose last window ended before it starts. */
export function packLanes(runs: RunSummary[]): { bars: Bar[]; lanes: number } {
  const sorted = runs.map((run) => ({ run, ...windowOf(run) })).sort((a, b) => a.from - b.from || (a.run.id ?? 0) - (b.run.id ?? 0));
  const ends: number[] = [];
  const bars: Bar[] = [];
  for (const item of sorted) {
    let lane = ends.findIndex((end) => end <= item.from);
    if (lane === -1) lane = ends.length < MAX_LANES ? ends.length : MAX_LANES - 1;
    ends[lane] = Math.max(ends[lane] ?? -Infinity, item.to);
    bars.push({ ...item, lane });
  }
  return { bars, lanes: Math.max(1, ends.length) };
}

/** Axis ticks at round local times, at most about 8 in the view; midnights are major and show the date. */
export function ticksFor(from: number, to: number): { at: number; label: string; major: boolean }[] {
  const span = to - from;
  const step = TICK_STEPS.find((candidate) => span / candidate <= 8) ?? TICK_STEPS[TICK_STEPS.length - 1];
  const start = new Date(from);
  start.setHours(0, 0, 0, 0);
  let at = start.getTime();
  while (at < from) at += step;
  const ticks: { at: number; label: string; major: boolean }[] = [];
  for (; at <= to; at += step) {
    const d = new Date(at);
    const midnight = d.getHours() === 0 && d.getMinutes() === 0;
    const label = midnight
      ? `${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
      : `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    ticks.push({ at, label, major: midnight });
  }
  return ticks;
}

/** A bar's tooltip: run, status, trigger, window, counts, error. */
export function describeRun(run: RunSummary): string {
  const window = run.windowFrom
    ? `${formatFull(run.windowFrom)} → ${formatFull(run.windowTo)} (${windowLength(run)})`
    : `everything up to ${formatFull(run.windowTo)} (full load)`;
  const lines = [`Run #${run.id ?? '?'} · ${run.status} · ${run.trigger}`, `window ${window}`];
  if (run.status !== 'skipped') lines.push(`${run.ordersSeen} orders · ${countsText(run.counts)}`);
  if (run.error) lines.push(`error: ${run.error}`);
  return lines.join('\n');
}

/** How long the gaps last, all together. */
export function totalGapMs(gaps: Interval[]): number {
  return gaps.reduce((sum, gap) => sum + gap.to - gap.from, 0);
}

/** The timeline's geometry: the spans to choose from, runs packed into lanes, axis ticks, bar tooltips. Pure. */
import type { Interval } from '../../../../shared/coverage';
import type { RunSummary } from '../../../../shared/engine-types';
import { parseTime } from '../../format';
import type { Words } from '../../i18n/i18n';
import { countsText, windowLength } from '../runs/run-text';

const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const SPANS = [
  { key: '2h', label: '2 h', ms: 2 * HOUR },
  { key: '6h', label: '6 h', ms: 6 * HOUR },
  { key: '24h', label: '24 h', ms: DAY },
  { key: 'all', label: null, ms: null },
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
/** Up to this many lanes, bars are tall enough to carry their `#id`. */
export const MAX_LANES = 8;
/** Beyond MAX_LANES, lanes turn compact (bars without text, details on focus) up to this many. */
export const MAX_COMPACT_LANES = 24;
/** Lane heights (px): regular, and compact when more than MAX_LANES are needed. */
export const LANE_HEIGHT = 26;
export const COMPACT_LANE_HEIGHT = 12;

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

export interface Lanes {
  bars: Bar[];
  lanes: number;
  /** more than MAX_LANES lanes: bars are drawn compact, without text */
  compact: boolean;
  /** runs that fit in no lane (beyond MAX_COMPACT_LANES overlapping at once): the "+N" marker lists them */
  overflow: RunSummary[];
}

/**
 * Greedy lane packing: a run goes to the first lane whose last window ended before it starts,
 * so bars never overlap. Past MAX_LANES lanes turn compact; a run that finds no lane even then
 * is not drawn over another but counted in `overflow`.
 * Full loads (no start) are markers at their end, not windows reaching back forever: they take
 * no width, so they never flatten the view nor push every other bar to a lane of its own.
 */
export function packLanes(runs: RunSummary[]): Lanes {
  const sorted = runs
    .filter((run) => run.windowFrom !== null)
    .map((run) => ({ run, ...windowOf(run) }))
    .sort((a, b) => a.from - b.from || (a.run.id ?? 0) - (b.run.id ?? 0));
  const ends: number[] = [];
  const bars: Bar[] = [];
  const overflow: RunSummary[] = [];
  for (const item of sorted) {
    let lane = ends.findIndex((end) => end <= item.from);
    if (lane === -1 && ends.length < MAX_COMPACT_LANES) lane = ends.length;
    if (lane === -1) {
      overflow.push(item.run);
      continue;
    }
    ends[lane] = item.to;
    bars.push({ ...item, lane });
  }
  return { bars, lanes: Math.max(1, ends.length), compact: ends.length > MAX_LANES, overflow };
}

/** One lane's height for this packing. */
export const laneHeight = (lanes: Pick<Lanes, 'compact'>): number => (lanes.compact ? COMPACT_LANE_HEIGHT : LANE_HEIGHT);

const dayMonth = (locale: string) => new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit' });

/** Axis ticks at round local times, at most about `maxTicks` in the view; midnights are major and show the date (as the locale writes it). */
export function ticksFor(from: number, to: number, locale = 'pt-BR', maxTicks = 8): { at: number; label: string; major: boolean }[] {
  const span = to - from;
  const step = TICK_STEPS.find((candidate) => span / candidate <= maxTicks) ?? TICK_STEPS[TICK_STEPS.length - 1];
  const start = new Date(from);
  start.setHours(0, 0, 0, 0);
  let at = start.getTime();
  while (at < from) at += step;
  const ticks: { at: number; label: string; major: boolean }[] = [];
  for (; at <= to; at += step) {
    const d = new Date(at);
    const midnight = d.getHours() === 0 && d.getMinutes() === 0;
    const label = midnight ? dayMonth(locale).format(d) : `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    ticks.push({ at, label, major: midnight });
  }
  return ticks;
}

/** A bar's tooltip (and accessible description): run, status, trigger, window, counts, error. */
export function describeRun(run: RunSummary, words: Words): string {
  const { m, f } = words;
  const window = run.windowFrom
    ? `${f.full(run.windowFrom)} → ${f.full(run.windowTo)} (${windowLength(run, words)})`
    : m.timeline.everythingUpTo(f.full(run.windowTo));
  const lines = [m.timeline.describeRun(String(run.id ?? '?'), m.status[run.status], m.trigger[run.trigger]), m.timeline.describeWindow(window)];
  if (run.status !== 'skipped') lines.push(m.timeline.describeCounts(f.count(run.ordersSeen), countsText(run.counts, words)));
  if (run.error) lines.push(m.timeline.describeError(run.error));
  return lines.join('\n');
}

/** Full loads: a marker each, at the end of their window. */
export function fullLoadMarkers(runs: RunSummary[]): { run: RunSummary; at: number }[] {
  return runs.filter((run) => run.windowFrom === null).map((run) => ({ run, at: parseTime(run.windowTo) ?? 0 }));
}

/** The duration strip: each run's duration (ms) at its start, against the runbook's 5-minute line. */
export function durationPoints(runs: RunSummary[], now: number): { run: RunSummary; at: number; ms: number }[] {
  return runs.flatMap((run) => {
    const at = parseTime(run.startedAt);
    const end = parseTime(run.finishedAt) ?? (run.status === 'running' ? now : null);
    return at === null || end === null || run.status === 'skipped' ? [] : [{ run, at, ms: Math.max(0, end - at) }];
  });
}

/** How long the gaps last, all together. */
export function totalGapMs(gaps: Interval[]): number {
  return gaps.reduce((sum, gap) => sum + gap.to - gap.from, 0);
}

/** In "Tudo", a typical run window is drawn at least this wide (px). */
export const MIN_WINDOW_PX = 24;
/** In "Tudo", the plot grows at most to this width (px), scrolled sideways. */
export const MAX_PLOT_PX = 40_000;

/**
 * The plot's width in "Tudo", in px, so that the typical (median) run window stays
 * MIN_WINDOW_PX wide however long the history is: a months-long history on the plot's own width
 * squashed the recent runs into slivers. Null when the plot's own width is enough (a short
 * history, or no windows to measure); at most MAX_PLOT_PX.
 */
export function allPlotWidth(view: Interval, runs: RunSummary[]): number | null {
  const lengths = runs
    .filter((run) => run.windowFrom !== null)
    .map((run) => {
      const window = windowOf(run);
      return window.to - window.from;
    })
    .filter((ms) => ms > 0)
    .sort((a, b) => a - b);
  if (lengths.length === 0) return null;
  const typical = lengths[Math.floor(lengths.length / 2)];
  const width = Math.ceil(((view.to - view.from) / typical) * MIN_WINDOW_PX);
  // a plot narrower than this is what the page gives it anyway (the window's minimum is 1024 px)
  if (width <= 1200) return null;
  return Math.min(width, MAX_PLOT_PX);
}

/** "Carregar execuções anteriores" only once a page was asked for and came back full: older runs may be left. */
export function showLoadOlder(history: { loaded: boolean; exhausted: boolean }): boolean {
  return history.loaded && !history.exhausted;
}

import { describe, expect, it } from 'vitest';
import {
  COMPACT_LANE_HEIGHT,
  LANE_HEIGHT,
  MAX_COMPACT_LANES,
  MAX_LANES,
  MAX_PLOT_PX,
  MIN_WINDOW_PX,
  allPlotWidth,
  showLoadOlder,
  laneHeight,
  SPANS,
  describeRun,
  durationPoints,
  fullLoadMarkers,
  packLanes,
  ticksFor,
  totalGapMs,
  viewWindow,
  windowOf,
} from '../../../renderer/src/features/timeline/timeline-model';
import { wordsFor } from '../../../renderer/src/i18n/i18n';
import { messages } from '../../../shared/messages';
import { inTimeZone, run } from './fixtures';

inTimeZone('America/Sao_Paulo');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** a run whose window is [from, to) in minutes after 10:00 UTC */
const at = (minutes: number) => new Date(Date.parse('2025-01-15T10:00:00Z') + minutes * MINUTE).toISOString();
const windowRun = (id: number, from: number | null, to: number) => run({ id, windowFrom: from === null ? null : at(from), windowTo: at(to) });

describe('timeline model', () => {
  it('offers 2 h, 6 h, 24 h and everything', () => {
    expect(SPANS.map((span) => [span.key, span.ms])).toEqual([
      ['2h', 2 * HOUR],
      ['6h', 6 * HOUR],
      ['24h', 24 * HOUR],
      ['all', null],
    ]);
  });

  it('a window without a start (full load) reaches back forever', () => {
    expect(windowOf(windowRun(1, 0, 60))).toEqual({ from: Date.parse(at(0)), to: Date.parse(at(60)) });
    expect(windowOf(windowRun(1, null, 60))).toEqual({ from: -Infinity, to: Date.parse(at(60)) });
  });

  it('packs overlapping windows into lanes: a run takes the first lane free when it starts', () => {
    const { bars, lanes } = packLanes([windowRun(3, 60, 120), windowRun(2, 30, 90), windowRun(1, 0, 60), windowRun(0, null, 0)]);
    // The full load (#0, no start) is a marker, not a bar: it takes no lane.
    expect(bars.map((bar) => [bar.run.id, bar.lane])).toEqual([
      [1, 0],
      [2, 1],
      [3, 0],
    ]);
    expect(lanes).toBe(2);
    expect(fullLoadMarkers([windowRun(1, 0, 60), windowRun(0, null, 0)]).map((marker) => marker.run.id)).toEqual([0]);
  });

  it('the duration strip: one point per run that ran, at its start; a running run counts until now', () => {
    const running = run({ id: 9, status: 'running', startedAt: '2025-01-15T13:58:00Z', finishedAt: null });
    const skipped = run({ id: 10, status: 'skipped' });
    const points = durationPoints([run(), running, skipped], Date.parse('2025-01-15T14:00:00Z'));
    expect(points.map((point) => [point.run.id, point.ms])).toEqual([
      [7, 42_000],
      [9, 120_000],
    ]);
  });

  /** Every pair of bars sharing a lane: their windows must not overlap. */
  const overlapsInALane = (bars: ReturnType<typeof packLanes>['bars']) =>
    bars.flatMap((bar, i) =>
      bars
        .slice(i + 1)
        .filter((other) => other.lane === bar.lane && other.from < bar.to && bar.from < other.to)
        .map((other) => [bar.run.id, other.run.id]),
    );

  it('more than MAX_LANES overlapping runs: more lanes, compact, and never two bars over each other', () => {
    const runs = Array.from({ length: MAX_LANES + 2 }, (_, n) => windowRun(n + 1, n, 600));
    const packed = packLanes(runs);
    expect(packed.lanes).toBe(MAX_LANES + 2);
    expect(packed.compact).toBe(true);
    expect(laneHeight(packed)).toBe(COMPACT_LANE_HEIGHT);
    expect(packed.bars.map((bar) => bar.lane)).toEqual(Array.from({ length: MAX_LANES + 2 }, (_, n) => n));
    expect(overlapsInALane(packed.bars)).toEqual([]);
    expect(packed.overflow).toEqual([]);

    const few = packLanes(runs.slice(0, MAX_LANES));
    expect(few).toMatchObject({ lanes: MAX_LANES, compact: false, overflow: [] });
    expect(laneHeight(few)).toBe(LANE_HEIGHT);
    expect(packLanes([])).toMatchObject({ lanes: 1, compact: false, bars: [], overflow: [] });
  });

  it('beyond MAX_COMPACT_LANES at once, the rest goes to the "+N" overflow instead of over another bar', () => {
    const runs = Array.from({ length: MAX_COMPACT_LANES + 5 }, (_, n) => windowRun(n + 1, n, 600));
    const packed = packLanes(runs);
    expect(packed.lanes).toBe(MAX_COMPACT_LANES);
    expect(packed.bars).toHaveLength(MAX_COMPACT_LANES);
    expect(packed.overflow.map((r) => r.id)).toEqual([25, 26, 27, 28, 29]);
    expect(overlapsInALane(packed.bars)).toEqual([]);
  });

  it('a lane is reused once its last window ended, so a long history stays in few lanes', () => {
    // 60 half-hour runs, each overlapping the next by 10 minutes: two lanes are enough
    const runs = Array.from({ length: 60 }, (_, n) => windowRun(n + 1, n * 30 - 10, n * 30 + 30));
    const packed = packLanes(runs);
    expect(packed).toMatchObject({ lanes: 2, compact: false, overflow: [] });
    expect(overlapsInALane(packed.bars)).toEqual([]);
  });

  it('the view ends now (or at the end of coverage, if later) and reaches back the span, or over all coverage but at least an hour', () => {
    const now = Date.parse('2025-01-15T14:00:00Z');
    expect(viewWindow(now, { from: now - 10 * HOUR, to: now - HOUR }, 2 * HOUR)).toEqual({ from: now - 2 * HOUR, to: now });
    expect(viewWindow(now, { from: now - 10 * HOUR, to: now + HOUR }, 2 * HOUR)).toEqual({ from: now - HOUR, to: now + HOUR });
    expect(viewWindow(now, { from: now - 10 * HOUR, to: now }, null)).toEqual({ from: now - 10 * HOUR, to: now });
    expect(viewWindow(now, { from: now - 5 * MINUTE, to: now }, null)).toEqual({ from: now - HOUR, to: now });
  });

  it('ticks at round local hours across six hours', () => {
    // 11:10 → 17:10 in São Paulo
    const ticks = ticksFor(Date.parse('2025-01-15T14:10:00Z'), Date.parse('2025-01-15T20:10:00Z'));
    expect(ticks.map((tick) => tick.label)).toEqual(['12:00', '13:00', '14:00', '15:00', '16:00', '17:00']);
    expect(ticks.every((tick) => !tick.major)).toBe(true);
    expect(ticks[0].at).toBe(Date.parse('2025-01-15T15:00:00Z'));
  });

  it('a local midnight is a major tick labelled with the date, as the locale writes it', () => {
    // 22:10 on the 15th → 02:10 on the 16th in São Paulo: four hours, ticks every 30 min
    const ticks = ticksFor(Date.parse('2025-01-16T01:10:00Z'), Date.parse('2025-01-16T05:10:00Z'));
    expect(ticks.map((tick) => tick.label)).toEqual(['22:30', '23:00', '23:30', '16/01', '00:30', '01:00', '01:30', '02:00']);
    expect(ticks.filter((tick) => tick.major).map((tick) => tick.label)).toEqual(['16/01']);
    expect(ticksFor(Date.parse('2025-01-16T01:10:00Z'), Date.parse('2025-01-16T05:10:00Z'), 'en').find((tick) => tick.major)?.label).toBe('01/16');
  });

  it('fewer ticks when asked (a narrow timeline): labels do not collide', () => {
    const ticks = ticksFor(Date.parse('2025-01-15T00:00:00Z'), Date.parse('2025-01-16T00:00:00Z'), 'pt-BR', 5);
    expect(ticks.length).toBeLessThanOrEqual(5);
  });

  it('a bar tooltip: run, status, trigger, window in local time, counts, error', () => {
    expect(describeRun(windowRun(7, 0, 60), wordsFor('en'))).toBe(
      ['Run #7 · succeeded · scheduled', 'window 01/15/2025 07:00:00 → 01/15/2025 08:00:00 (1 h 00 min)', '34 orders · +9 ~23 −1'].join('\n'),
    );
    expect(describeRun(run({ id: null, status: 'skipped', windowFrom: null, windowTo: at(0), error: 'lock held' }), wordsFor('en'))).toBe(
      ['Run #? · skipped · scheduled', 'window everything up to 01/15/2025 07:00:00 (full load)', 'error: lock held'].join('\n'),
    );
    expect(describeRun(windowRun(7, 0, 60), wordsFor('pt-BR'))).toBe(
      ['Execução #7 · sucesso · agendada', 'janela 15/01/2025 07:00:00 → 15/01/2025 08:00:00 (1 h 00 min)', '34 pedidos · +9 ~23 −1'].join('\n'),
    );
  });

  it('adds up the gaps', () => {
    expect(totalGapMs([])).toBe(0);
    expect(
      totalGapMs([
        { from: 0, to: HOUR },
        { from: 2 * HOUR, to: 2.5 * HOUR },
      ]),
    ).toBe(1.5 * HOUR);
  });
});

describe('issue 18.6: the timeline in words and in "Tudo"', () => {
  it('says how many windows and gaps are out of view with proper plurals', () => {
    const pt = messages['pt-BR'].timeline.hidden;
    expect(pt(1, 0)).toBe('1 janela mais antiga fora desta vista — escolha um período maior.');
    expect(pt(3, 0)).toBe('3 janelas mais antigas fora desta vista — escolha um período maior.');
    expect(pt(1, 1)).toBe('1 janela mais antiga e 1 lacuna fora desta vista — escolha um período maior.');
    expect(pt(0, 2)).toBe('2 lacunas fora desta vista — escolha um período maior.');
    expect(messages.en.timeline.hidden(1, 2)).toBe('1 older window and 2 gaps out of this view — choose a longer span.');
  });

  it('"Tudo" keeps a typical window readable: the plot grows (and scrolls) instead of squashing recent runs into slivers', () => {
    const day = 24 * 3_600_000;
    const windows = Array.from({ length: 20 }, (_, i) =>
      run({
        id: i + 1,
        windowFrom: new Date(Date.parse('2025-01-15T00:00:00Z') + i * 1_800_000).toISOString(),
        windowTo: new Date(Date.parse('2025-01-15T00:40:00Z') + i * 1_800_000).toISOString(),
      }),
    );
    // 30 days of history, windows of 40 min: 40 min must be at least MIN_WINDOW_PX wide
    const width = allPlotWidth({ from: 0, to: 30 * day }, windows);
    expect(width).toBeGreaterThanOrEqual(((30 * day) / (40 * 60_000)) * MIN_WINDOW_PX);
    // a short history needs no growth (the plot's own width: null)
    expect(allPlotWidth({ from: 0, to: 6 * 3_600_000 }, windows)).toBeNull();
    // ten years of history: bounded (a scroll of at most MAX_PLOT_PX)
    expect(allPlotWidth({ from: 0, to: 3650 * day }, windows)).toBe(MAX_PLOT_PX);
    expect(allPlotWidth({ from: 0, to: 30 * day }, [])).toBeNull();
  });

  it('"Carregar execuções anteriores" shows only when older runs may be left', () => {
    expect(showLoadOlder({ loaded: false, exhausted: false })).toBe(false);
    expect(showLoadOlder({ loaded: true, exhausted: true })).toBe(false);
    expect(showLoadOlder({ loaded: true, exhausted: false })).toBe(true);
  });
});

/**
 * The sync windows on a time axis, as Dagster/Airflow draw runs: one bar per run's window
 * (green succeeded, red failed, grey skipped, amber aborted, blue running; full loads as a
 * marker), a coverage lane (covered green, overlaps hatched, gaps red), the time since the last
 * success shaded, the next scheduled slot, a recovery preview band, a run-duration strip with the
 * 5-minute line, and the gaps listed with a "Preencher lacuna" button. Bars are reachable with
 * the keyboard; the focused (or hovered) one is described under the plot.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Interval } from '../../../../shared/coverage';
import type { EngineStatus, RunSummary } from '../../../../shared/engine-types';
import { parseTime } from '../../format';
import { mergeRuns, type OlderRuns } from '../../hooks/useOlderRuns';
import { useI18n } from '../../i18n/i18n';
import {
  LANE_HEIGHT,
  SPANS,
  allPlotWidth,
  describeRun,
  durationPoints,
  fullLoadMarkers,
  laneHeight,
  packLanes,
  showLoadOlder,
  ticksFor,
  viewWindow,
  type SpanKey,
} from './timeline-model';

const STRIP = 44;
const MINUTE = 60_000;

export function Timeline({
  status,
  now,
  busy,
  preview,
  sinceSuccessLate,
  history,
  onFillGap,
}: {
  status: EngineStatus;
  now: number;
  busy: boolean;
  /** the recovery form's window, drawn before it is confirmed */
  preview: Interval | null;
  /** the health rule on the time since the last success is not OK: shade it red */
  sinceSuccessLate: boolean;
  /** older runs paged from the store, for "Tudo" */
  history: OlderRuns;
  onFillGap: (gap: Interval) => void;
}) {
  const words = useI18n();
  const { m, f, locale } = words;
  const [spanKey, setSpanKey] = useState<SpanKey>('6h');
  const [shown, setShown] = useState<RunSummary[]>([]);
  const runs = useMemo(
    () => (spanKey === 'all' ? mergeRuns(status.recentRuns, history.older) : status.recentRuns).filter((run) => run.trigger !== 'reconcile'),
    [status.recentRuns, history.older, spanKey],
  );
  const packed = useMemo(() => packLanes(runs), [runs]);
  const { bars, lanes, compact, overflow } = packed;
  const lane = laneHeight(packed);
  const markers = useMemo(() => fullLoadMarkers(runs), [runs]);
  const { coverage } = status;
  const maxRunMs = status.settings.health.maxRunMinutes * MINUTE;
  const nextRun = parseTime(status.scheduler?.nextRunAt);

  const span = SPANS.find((candidate) => candidate.key === spanKey)?.ms ?? null;
  // The axis reaches a little past the next scheduled slot, so it is on it.
  const end = Math.max(now, nextRun !== null ? nextRun + (span ?? 6 * 60 * MINUTE) * 0.03 : now, preview ? preview.to : now);
  const oldestShown = Math.min(...runs.map((run) => parseTime(run.windowFrom) ?? parseTime(run.windowTo) ?? Infinity));
  const range = { from: Math.min(coverage.range.from, oldestShown), to: coverage.range.to };
  const { from: viewFrom, to: viewTo } = viewWindow(end, range, span);
  const width = viewTo - viewFrom;
  const pct = (t: number) => ((Math.min(Math.max(t, viewFrom), viewTo) - viewFrom) / width) * 100;
  const visible = (i: { from: number; to: number }) => i.to > viewFrom && i.from < viewTo;
  const place = (i: { from: number; to: number }) => ({ left: `${pct(i.from)}%`, width: `max(3px, ${pct(i.to) - pct(i.from)}%)` });
  // "Tudo" over a long history: a wider plot, scrolled sideways (opened at now), so recent windows stay readable
  const plotWidth = spanKey === 'all' ? allPlotWidth({ from: viewFrom, to: viewTo }, runs) : null;
  const ticks = ticksFor(viewFrom, viewTo, locale, plotWidth ? Math.round(plotWidth / 160) : spanKey === '24h' || spanKey === 'all' ? 6 : 8);
  // how much narrower a percent of the plot is than on a plot of about 900 px (the axis' margins are in those percents)
  const zoom = plotWidth ? 900 / plotWidth : 1;
  const scroller = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (plotWidth && scroller.current) scroller.current.scrollLeft = scroller.current.scrollWidth;
  }, [plotWidth]);
  // "Tudo" asks the store for the first page of older runs itself: the button shows only when more may be left
  const { loaded, loading, loadMore } = history;
  useEffect(() => {
    if (spanKey === 'all' && !loaded && !loading) loadMore();
  }, [spanKey, loaded, loading, loadMore]);
  const hiddenRuns = bars.filter((bar) => !visible(bar)).length;
  const hiddenGaps = coverage.gaps.filter((gap) => !visible(gap)).length;
  const lastSuccessAt = parseTime(status.lastSuccess?.windowTo);
  const points = durationPoints(runs, now).filter((point) => point.at >= viewFrom && point.at <= viewTo);
  const stripMax = Math.max(maxRunMs * 2, ...points.map((point) => Math.min(point.ms, maxRunMs * 4)));
  // Full-load markers get a row of their own under the bars, and the "+N" one under that: nothing drawn over a bar.
  const shownMarkers = markers.filter((marker) => marker.at >= viewFrom && marker.at <= viewTo);
  const barRows = bars.length > 0 ? lanes : 0;
  const markersTop = barRows * lane + 4;
  const markerRow = shownMarkers.length > 0 ? LANE_HEIGHT : 0;
  const overflowTop = markersTop + markerRow + 2;
  const lanesHeight = Math.max(LANE_HEIGHT, barRows * lane + markerRow) + 8 + (overflow.length > 0 ? LANE_HEIGHT + 4 : 0);

  const barProps = (run: RunSummary) => ({
    tabIndex: 0,
    'aria-label': describeRun(run, words).replace(/\n/g, '; '),
    title: describeRun(run, words),
    onFocus: () => setShown([run]),
    onMouseEnter: () => setShown([run]),
  });

  return (
    <section className="panel timeline" data-testid="timeline" aria-labelledby="timeline-title">
      <div className="panel-head">
        <div>
          <h2 id="timeline-title">{m.timeline.title}</h2>
          <p className="muted">{m.timeline.subtitle}</p>
        </div>
        <ul className="legend" aria-label={m.timeline.legend}>
          {(['succeeded', 'failed', 'skipped', 'aborted', 'running'] as const).map((key) => (
            <li key={key}>
              <i className={`sw sw-${key}`} aria-hidden="true" />
              {m.status[key]}
            </li>
          ))}
          <li>
            <i className="sw sw-overlap" aria-hidden="true" />
            {m.timeline.overlap}
          </li>
          <li>
            <i className="sw sw-gap" aria-hidden="true" />
            {m.timeline.gap}
          </li>
          <li>
            <i className="sw sw-full" aria-hidden="true" />
            {m.timeline.fullLoad}
          </li>
        </ul>
        <div className="segmented" role="group" aria-label={m.timeline.span}>
          {SPANS.map((option) => (
            <button
              key={option.key}
              type="button"
              className={option.key === spanKey ? 'on' : ''}
              aria-pressed={option.key === spanKey}
              onClick={() => setSpanKey(option.key)}
              data-testid={`span-${option.key}`}
            >
              {option.label ?? m.timeline.all}
            </button>
          ))}
        </div>
      </div>

      {runs.length === 0 ? (
        <div className="empty" data-testid="timeline-empty">
          {m.timeline.empty(status.settings.intervalMinutes, status.settings.windowMinutes)}
        </div>
      ) : (
        <div className="tl">
          <div className="tl-labels" aria-hidden="true">
            <div className="tl-label cov">{m.timeline.coverage}</div>
            <div className="tl-label" style={{ height: `${lanesHeight}px` }}>
              {m.timeline.runs}
            </div>
            <div className="tl-label strip" style={{ height: `${STRIP}px` }}>
              {m.runs.took}
            </div>
          </div>
          <div
            className={`tl-scroll${plotWidth ? ' wide' : ''}`}
            ref={scroller}
            tabIndex={plotWidth ? 0 : undefined}
            role={plotWidth ? 'group' : undefined}
            aria-label={plotWidth ? m.timeline.all : undefined}
            data-testid="timeline-scroll"
          >
            <div className="tl-plot" style={plotWidth ? { width: `${plotWidth}px` } : undefined}>
              {ticks.map((tick) => (
                <div key={tick.at} className={`tl-grid${tick.major ? ' major' : ''}`} style={{ left: `${pct(tick.at)}%` }} />
              ))}
              <div className="tl-lane cov" data-testid="timeline-coverage">
                {coverage.covered.filter(visible).map((interval) => (
                  <div
                    key={`c${interval.from}`}
                    className="seg covered"
                    style={place(interval)}
                    title={m.timeline.covered(f.full(interval.from), f.full(interval.to))}
                  />
                ))}
                {coverage.overlaps.filter(visible).map((interval) => (
                  <div
                    key={`o${interval.from}`}
                    className="seg overlap"
                    style={place(interval)}
                    title={m.timeline.overlapTitle(f.full(interval.from), f.full(interval.to), f.duration(interval.to - interval.from))}
                  />
                ))}
                {coverage.gaps.filter(visible).map((gap) => (
                  <div
                    key={`g${gap.from}`}
                    className="seg gap"
                    style={place(gap)}
                    title={m.timeline.gapTitle(f.full(gap.from), f.full(gap.to), f.duration(gap.to - gap.from))}
                    data-testid="timeline-gap"
                  />
                ))}
              </div>
              <div className={`tl-lanes${compact ? ' compact' : ''}`} style={{ height: `${lanesHeight}px` }}>
                {lastSuccessAt !== null && lastSuccessAt < now && (
                  <div
                    className={`band since-success${sinceSuccessLate ? ' late' : ''}`}
                    style={place({ from: lastSuccessAt, to: now })}
                    title={`${m.timeline.sinceSuccess}: ${f.duration(now - lastSuccessAt)}`}
                    data-testid="timeline-since-success"
                  />
                )}
                {coverage.gaps.filter(visible).map((gap) => (
                  <div key={`gb${gap.from}`} className="band gap" style={place(gap)} />
                ))}
                {coverage.overlaps.filter(visible).map((interval) => (
                  <div key={`ob${interval.from}`} className="band overlap" style={place(interval)} />
                ))}
                {preview && visible(preview) && (
                  <div className="band preview" style={place(preview)} title={m.timeline.previewTitle} data-testid="timeline-preview" />
                )}
                {bars.filter(visible).map((bar) => (
                  <div
                    key={bar.run.id ?? `${bar.run.startedAt}`}
                    className={`bar bar-${bar.run.status}${bar.from < viewFrom ? ' clipped-left' : ''}`}
                    style={{ ...place(bar), top: `${bar.lane * lane + 4}px` }}
                    data-testid="timeline-bar"
                    data-status={bar.run.status}
                    data-run-id={bar.run.id ?? ''}
                    {...barProps(bar.run)}
                  >
                    {!compact && (
                      <span>
                        {bar.from < viewFrom ? '◀ ' : ''}#{bar.run.id}
                      </span>
                    )}
                  </div>
                ))}
                {overflow.length > 0 && (
                  <button
                    type="button"
                    className="tl-overflow"
                    style={{ top: `${overflowTop}px` }}
                    aria-label={m.timeline.overflowLabel(overflow.length)}
                    onFocus={() => setShown(overflow)}
                    onMouseEnter={() => setShown(overflow)}
                    onClick={() => setShown(overflow)}
                    data-testid="timeline-overflow"
                  >
                    {m.timeline.overflow(overflow.length)}
                  </button>
                )}
                {shownMarkers.map((marker) => (
                  <div
                    key={`f${marker.run.id ?? marker.run.startedAt}`}
                    className={`marker marker-${marker.run.status}`}
                    style={{ left: `${pct(marker.at)}%`, top: `${markersTop}px` }}
                    data-testid="timeline-bar"
                    data-status={marker.run.status}
                    data-run-id={marker.run.id ?? ''}
                    data-full-load="true"
                    {...barProps(marker.run)}
                  >
                    <span>#{marker.run.id}</span>
                  </div>
                ))}
              </div>
              <div className="tl-strip" style={{ height: `${STRIP}px` }} data-testid="timeline-durations">
                <div className="strip-limit" style={{ bottom: `${(maxRunMs / stripMax) * 100}%` }} title={`${status.settings.health.maxRunMinutes} min`}>
                  <span>{status.settings.health.maxRunMinutes} min</span>
                </div>
                {points.map((point) => (
                  <div
                    key={`d${point.run.id ?? point.at}`}
                    className={`strip-bar${point.ms > maxRunMs ? ' over' : ''} strip-${point.run.status}`}
                    style={{ left: `${pct(point.at)}%`, height: `${Math.max(2, (Math.min(point.ms, stripMax) / stripMax) * 100)}%` }}
                    title={`#${point.run.id} · ${f.duration(point.ms)}`}
                  />
                ))}
              </div>
              {nextRun !== null && nextRun >= viewFrom && nextRun <= viewTo && (
                <div
                  className={`tl-next${pct(nextRun) > 85 ? ' at-right' : ''}`}
                  style={{ left: `${pct(nextRun)}%` }}
                  title={m.timeline.nextSlot(f.full(nextRun))}
                  data-testid="timeline-next"
                >
                  <span>{f.timeShort(nextRun, now)}</span>
                </div>
              )}
              <div className="tl-now" style={{ left: `${pct(now)}%` }} title={m.timeline.now(f.full(now))} data-label={m.relative.now} />
              <div className="tl-axis" aria-hidden="true">
                {ticks
                  // Not under the "now" label (it ends at the now line, to its left), nor cut at the right edge
                  // (margins of a plot about 900 px wide, in px when "Tudo" widens it).
                  .filter((tick) => pct(tick.at) < 100 - 5 * zoom && (pct(tick.at) < pct(now) - 8 * zoom || pct(tick.at) > pct(now) + 3 * zoom))
                  .map((tick) => (
                    <span key={tick.at} className={tick.major ? 'major' : ''} style={{ left: `${pct(tick.at)}%` }}>
                      {tick.label}
                    </span>
                  ))}
              </div>
            </div>
          </div>
        </div>
      )}
      <div className="tl-detail mono" aria-live="polite" data-testid="timeline-detail">
        {shown.map((run) => (
          <p key={run.id ?? run.startedAt}>{describeRun(run, words).replace(/\n/g, ' · ')}</p>
        ))}
      </div>
      {(hiddenRuns > 0 || hiddenGaps > 0) && <p className="muted small">{m.timeline.hidden(hiddenRuns, hiddenGaps)}</p>}
      {spanKey === 'all' && (
        <p className="history small">
          <span className="muted">{m.timeline.loaded(runs.length)}</span>{' '}
          {showLoadOlder(history) ? (
            <button type="button" className="btn small" onClick={history.loadMore} disabled={history.loading} data-testid="load-older">
              {m.timeline.loadOlder}
            </button>
          ) : history.exhausted ? (
            <span className="muted" data-testid="all-loaded">
              · {m.timeline.allLoaded}
            </span>
          ) : null}
        </p>
      )}

      {coverage.gaps.length > 0 && (
        <ul className="gaps" data-testid="gap-list">
          {coverage.gaps.map((gap) => (
            <li key={gap.from} className="gap-item">
              <span className="pill pill-failed">{m.timeline.gapPill}</span>
              <span>
                {f.time(gap.from, now)} → {f.time(gap.to, now)} <span className="muted">{m.timeline.gapNotCovered(f.duration(gap.to - gap.from))}</span>
              </span>
              <button type="button" className="btn danger small" disabled={busy} onClick={() => onFillGap(gap)} data-testid="fill-gap">
                {m.actions.fillGap}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

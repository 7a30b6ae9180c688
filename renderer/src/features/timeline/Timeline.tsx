/**
 * The sync windows on a time axis, as Dagster/Airflow draw runs: one bar per run's window
 * (green succeeded, red failed, grey skipped, amber aborted, blue running), a coverage lane
 * (covered green, overlaps hatched, gaps red) and the gaps listed with a "Fill gap" button
 * that starts a range run over exactly that stretch.
 */
import { useMemo, useState } from 'react';
import type { Interval } from '../../../../shared/coverage';
import type { EngineStatus } from '../../../../shared/engine-types';
import { formatDuration, formatFull, formatTime } from '../../format';
import { SPANS, describeRun, packLanes, ticksFor, viewWindow, type SpanKey } from './timeline-model';

export function Timeline({ status, now, busy, onFillGap }: { status: EngineStatus; now: number; busy: boolean; onFillGap: (gap: Interval) => void }) {
  const [spanKey, setSpanKey] = useState<SpanKey>('6h');
  const runs = useMemo(() => status.recentRuns.filter((run) => run.trigger !== 'reconcile'), [status.recentRuns]);
  const { bars, lanes } = useMemo(() => packLanes(runs), [runs]);
  const { coverage } = status;

  const span = SPANS.find((candidate) => candidate.key === spanKey)?.ms ?? null;
  const { from: viewFrom, to: viewTo } = viewWindow(now, coverage.range, span);
  const width = viewTo - viewFrom;
  const pct = (t: number) => ((Math.min(Math.max(t, viewFrom), viewTo) - viewFrom) / width) * 100;
  const visible = (i: { from: number; to: number }) => i.to > viewFrom && i.from < viewTo;
  const place = (i: { from: number; to: number }) => ({ left: `${pct(i.from)}%`, width: `max(3px, ${pct(i.to) - pct(i.from)}%)` });
  const ticks = ticksFor(viewFrom, viewTo);
  const hiddenRuns = bars.filter((bar) => !visible(bar)).length;
  const hiddenGaps = coverage.gaps.filter((gap) => !visible(gap)).length;

  return (
    <section className="panel timeline" data-testid="timeline">
      <div className="panel-head">
        <div>
          <h2>Timeline</h2>
          <p className="muted">Odoo write_date windows each run covered · times local</p>
        </div>
        <div className="legend" aria-label="legend">
          <span>
            <i className="sw sw-succeeded" />
            succeeded
          </span>
          <span>
            <i className="sw sw-failed" />
            failed
          </span>
          <span>
            <i className="sw sw-skipped" />
            skipped
          </span>
          <span>
            <i className="sw sw-aborted" />
            aborted
          </span>
          <span>
            <i className="sw sw-running" />
            running
          </span>
          <span>
            <i className="sw sw-overlap" />
            overlap
          </span>
          <span>
            <i className="sw sw-gap" />
            gap
          </span>
        </div>
        <div className="segmented" role="group" aria-label="time span">
          {SPANS.map((option) => (
            <button
              key={option.key}
              type="button"
              className={option.key === spanKey ? 'on' : ''}
              onClick={() => setSpanKey(option.key)}
              data-testid={`span-${option.key}`}
            >
              {option.label}
            </button>
          ))}
        </div>
      </div>

      {runs.length === 0 ? (
        <div className="empty" data-testid="timeline-empty">
          No sync windows yet. <strong>Sync now</strong> makes the first load; scheduled runs then cover every {status.settings.intervalMinutes} min with a{' '}
          {status.settings.windowMinutes} min window.
        </div>
      ) : (
        <div className="tl">
          <div className="tl-labels">
            <div className="tl-label cov">Coverage</div>
            <div className="tl-label" style={{ height: `${lanes * 24 + 8}px` }}>
              Runs
            </div>
          </div>
          <div className="tl-plot">
            {ticks.map((tick) => (
              <div key={tick.at} className={`tl-grid${tick.major ? ' major' : ''}`} style={{ left: `${pct(tick.at)}%` }} />
            ))}
            <div className="tl-lane cov" data-testid="timeline-coverage">
              {coverage.covered.filter(visible).map((interval) => (
                <div
                  key={`c${interval.from}`}
                  className="seg covered"
                  style={place(interval)}
                  title={`covered ${formatFull(interval.from)} → ${formatFull(interval.to)}`}
                />
              ))}
              {coverage.overlaps.filter(visible).map((interval) => (
                <div
                  key={`o${interval.from}`}
                  className="seg overlap"
                  style={place(interval)}
                  title={`overlap ${formatFull(interval.from)} → ${formatFull(interval.to)} (${formatDuration(interval.to - interval.from)})`}
                />
              ))}
              {coverage.gaps.filter(visible).map((gap) => (
                <div
                  key={`g${gap.from}`}
                  className="seg gap"
                  style={place(gap)}
                  title={`GAP ${formatFull(gap.from)} → ${formatFull(gap.to)} (${formatDuration(gap.to - gap.from)}): not covered by any successful run`}
                  data-testid="timeline-gap"
                />
              ))}
            </div>
            <div className="tl-lanes" style={{ height: `${lanes * 24 + 8}px` }}>
              {coverage.gaps.filter(visible).map((gap) => (
                <div key={`gb${gap.from}`} className="band gap" style={place(gap)} />
              ))}
              {coverage.overlaps.filter(visible).map((interval) => (
                <div key={`ob${interval.from}`} className="band overlap" style={place(interval)} />
              ))}
              {bars.filter(visible).map((bar) => (
                <div
                  key={bar.run.id ?? `${bar.run.startedAt}`}
                  className={`bar bar-${bar.run.status}${bar.from < viewFrom ? ' clipped-left' : ''}`}
                  style={{ ...place(bar), top: `${bar.lane * 24 + 4}px` }}
                  title={describeRun(bar.run)}
                  data-testid="timeline-bar"
                  data-status={bar.run.status}
                  data-run-id={bar.run.id ?? ''}
                >
                  <span>
                    {bar.from < viewFrom ? '◀ ' : ''}#{bar.run.id}
                    {bar.run.fullLoad && !bar.run.windowFrom ? ' full load' : ''}
                  </span>
                </div>
              ))}
            </div>
            <div className="tl-now" style={{ left: `${pct(now)}%` }} title={`now ${formatFull(now)}`} />
            <div className="tl-axis">
              {ticks
                .filter((tick) => pct(tick.at) < 95)
                .map((tick) => (
                  <span key={tick.at} className={tick.major ? 'major' : ''} style={{ left: `${pct(tick.at)}%` }}>
                    {tick.label}
                  </span>
                ))}
            </div>
          </div>
        </div>
      )}
      {(hiddenRuns > 0 || hiddenGaps > 0) && (
        <p className="muted small">
          {hiddenRuns > 0 && `${hiddenRuns} older window(s)`}
          {hiddenRuns > 0 && hiddenGaps > 0 && ' and '}
          {hiddenGaps > 0 && `${hiddenGaps} gap(s)`} outside this view — choose a wider span.
        </p>
      )}

      {coverage.gaps.length > 0 && (
        <ul className="gaps" data-testid="gap-list">
          {coverage.gaps.map((gap) => (
            <li key={gap.from} className="gap-item">
              <span className="pill pill-failed">GAP</span>
              <span>
                {formatTime(gap.from, now)} → {formatTime(gap.to, now)}{' '}
                <span className="muted">({formatDuration(gap.to - gap.from)} not covered by any successful run)</span>
              </span>
              <button type="button" className="btn danger small" disabled={busy} onClick={() => onFillGap(gap)} data-testid="fill-gap">
                Fill gap
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The status cards: last run, watermark, schedule (with pause/resume) and the carteira totals. */
import type { EngineStatus } from '../../../../shared/engine-types';
import { upcomingRun } from '../../../../shared/next-run';
import { useI18n } from '../../i18n/i18n';
import { ErrorDetail } from '../actions/ErrorDetail';
import { StatusPill } from '../runs/StatusPill';
import { countsText, runProblem, runProblemText, windowText } from '../runs/run-text';
import { endedBadly, nextWindow, watermarkLag } from './status-model';

export function LastRunCard({ status, now }: { status: EngineStatus; now: number }) {
  const words = useI18n();
  const { m, f } = words;
  const { lastRun, lastSuccess } = status;
  const problem = lastRun ? runProblem(lastRun) : null;
  return (
    <article className={`card${endedBadly(lastRun) ? ' card-bad' : ''}`} data-testid="card-last-run" aria-labelledby="card-last-run-title">
      <h3 id="card-last-run-title">{m.cards.lastRun}</h3>
      {lastRun ? (
        <>
          <div className="big">
            <StatusPill status={lastRun.status} /> <span className="mono">#{lastRun.id}</span>
          </div>
          <dl>
            <dt>{m.cards.finished}</dt>
            <dd title={f.full(lastRun.finishedAt)}>
              {f.time(lastRun.finishedAt ?? lastRun.startedAt, now)} <span className="muted">({f.relative(lastRun.finishedAt ?? lastRun.startedAt, now)})</span>
            </dd>
            <dt>{m.cards.trigger}</dt>
            <dd>{m.trigger[lastRun.trigger]}</dd>
            <dt>{m.cards.window}</dt>
            <dd>{windowText(lastRun, now, words)}</dd>
            <dt>{m.cards.rows}</dt>
            <dd className="mono">{countsText(lastRun.counts, words)}</dd>
          </dl>
          {/* a failed or aborted run is told by the banner above (its cause, what to do, the details): not twice */}
          {lastRun.error && !endedBadly(lastRun) && (
            <div className="error-text" data-testid="last-run-error">
              {problem && <p>{runProblemText(problem, words)}</p>}
              <ErrorDetail detail={lastRun.error} />
            </div>
          )}
          {lastSuccess && lastSuccess.id !== lastRun.id && (
            <p className="muted small">{m.cards.lastSuccess(String(lastSuccess.id ?? '?'), f.relative(lastSuccess.finishedAt, now))}</p>
          )}
        </>
      ) : (
        <p className="muted" data-testid="last-run-none">
          {m.cards.noRuns}
        </p>
      )}
    </article>
  );
}

/** The watermark is the newest Odoo change applied: an Odoo nobody edits leaves it behind, which is no alarm (the health verdict watches gaps). */
export function WatermarkCard({ status, now }: { status: EngineStatus; now: number }) {
  const { m, f } = useI18n();
  const lag = watermarkLag(status, now);
  const next = nextWindow(status, now);
  return (
    <article className="card" data-testid="card-watermark" aria-labelledby="card-watermark-title">
      <h3 id="card-watermark-title">{m.cards.watermark}</h3>
      <div className="big mono" title={f.full(status.watermark)} data-testid="watermark">
        {f.time(status.watermark, now)}
      </div>
      <dl>
        <dt>{m.cards.newestChange}</dt>
        <dd>{lag === null ? m.cards.noData : f.relative(now - lag, now)}</dd>
        <dt>{m.cards.nextWindow}</dt>
        <dd title={m.cards.nextWindowNote} data-testid="next-window">
          {next ? m.cards.nextWindowText(f.time(next.from, now), f.duration(next.to - next.from)) : m.runs.fullLoad}
        </dd>
      </dl>
      <p className="muted small">{m.cards.watermarkNote(status.settings.overlapMinutes)}</p>
    </article>
  );
}

export function ScheduleCard({
  status,
  now,
  onPause,
  onResume,
}: {
  status: EngineStatus;
  now: number;
  onPause: () => void;
  /** opens the resume dialog (a resume is audited with its reason) */
  onResume: () => void;
}) {
  const { m, f } = useI18n();
  const { paused, scheduler } = status;
  // never in the past: a passed time (a skipped slot, a status a few seconds old) gives way to the next slot
  const nextRun = upcomingRun(scheduler?.nextRunAt, scheduler?.intervalMinutes ?? status.settings.intervalMinutes, now);
  return (
    <article className={`card${paused ? ' card-warn' : ''}`} data-testid="card-schedule" aria-labelledby="card-schedule-title">
      <h3 id="card-schedule-title">{m.cards.schedule}</h3>
      <div className="big" data-testid="schedule-state">
        {paused ? (
          <span className="pill pill-paused">{m.cards.paused}</span>
        ) : scheduler?.active ? (
          <span className="pill pill-succeeded">{m.cards.active}</span>
        ) : (
          <span className="pill pill-skipped" title={m.cards.notHereTitle}>
            {m.cards.notHere}
          </span>
        )}
      </div>
      <dl>
        <dt>{m.cards.every}</dt>
        <dd title={m.cards.everyNote}>{m.cards.everyText(status.settings.intervalMinutes)}</dd>
        <dt>{m.cards.nextRun}</dt>
        <dd data-testid="next-run">
          {paused ? <span className="muted">{m.cards.pausedShort}</span> : nextRun !== null ? `${f.time(nextRun, now)} (${f.relative(nextRun, now)})` : '—'}
        </dd>
        <dt>{m.cards.reconcile}</dt>
        <dd>{scheduler?.nextReconcileAt ? f.time(scheduler.nextReconcileAt, now) : '—'}</dd>
      </dl>
      {!scheduler?.active && <p className="muted small">{m.cards.notHereNote}</p>}
      {paused ? (
        <button type="button" className="btn primary block" onClick={onResume} data-testid="resume">
          {m.cards.resumeSchedule}
        </button>
      ) : (
        <button type="button" className="btn block" onClick={onPause} data-testid="pause">
          {m.cards.pauseSchedule}
        </button>
      )}
    </article>
  );
}

export function TotalsCard({ totals }: { totals: EngineStatus['totals'] }) {
  const { m, f } = useI18n();
  return (
    <article className="card" data-testid="card-totals" aria-labelledby="card-totals-title">
      <h3 id="card-totals-title">{m.cards.totals}</h3>
      <div className="big mono" data-testid="totals-active">
        {f.count(totals.active)} <span className="unit">{m.cards.activeLines}</span>
      </div>
      <dl>
        <dt>{m.cards.orders}</dt>
        <dd className="mono">{f.count(totals.orders)}</dd>
        <dt>{m.cards.allRows}</dt>
        <dd className="mono">{f.count(totals.rows)}</dd>
        <dt>{m.cards.inactive}</dt>
        <dd className="mono">{f.count(totals.rows - totals.active)}</dd>
      </dl>
    </article>
  );
}

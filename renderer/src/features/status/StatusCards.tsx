/** The status cards: last run, watermark, schedule (with pause/resume) and the carteira totals. */
import type { EngineStatus } from '../../../../shared/engine-types';
import { formatCount, formatDuration, formatFull, formatRelative, formatTime } from '../../format';
import { StatusPill } from '../runs/StatusPill';
import { countsText, windowText } from '../runs/run-text';
import { endedBadly, watermarkLag } from './status-model';

export function LastRunCard({ status, now }: { status: EngineStatus; now: number }) {
  const { lastRun, lastSuccess } = status;
  return (
    <article className={`card${endedBadly(lastRun) ? ' card-bad' : ''}`} data-testid="card-last-run">
      <h3>Last run</h3>
      {lastRun ? (
        <>
          <div className="big">
            <StatusPill status={lastRun.status} /> <span className="mono">#{lastRun.id}</span>
          </div>
          <dl>
            <dt>finished</dt>
            <dd title={formatFull(lastRun.finishedAt)}>
              {formatTime(lastRun.finishedAt ?? lastRun.startedAt, now)}{' '}
              <span className="muted">({formatRelative(lastRun.finishedAt ?? lastRun.startedAt, now)})</span>
            </dd>
            <dt>trigger</dt>
            <dd>{lastRun.trigger}</dd>
            <dt>window</dt>
            <dd>{windowText(lastRun, now)}</dd>
            <dt>rows</dt>
            <dd className="mono">{countsText(lastRun.counts)}</dd>
          </dl>
          {lastRun.error && (
            <p className="error-text" data-testid="last-run-error">
              {lastRun.error}
            </p>
          )}
          {lastSuccess && lastSuccess.id !== lastRun.id && (
            <p className="muted small">
              last success #{lastSuccess.id} {formatRelative(lastSuccess.finishedAt, now)}
            </p>
          )}
        </>
      ) : (
        <p className="muted" data-testid="last-run-none">
          No runs yet.
        </p>
      )}
    </article>
  );
}

export function WatermarkCard({ status, now }: { status: EngineStatus; now: number }) {
  const { lag, late } = watermarkLag(status, now);
  return (
    <article className={`card${late ? ' card-warn' : ''}`} data-testid="card-watermark">
      <h3>Watermark</h3>
      <div className="big mono" title={formatFull(status.watermark)} data-testid="watermark">
        {formatTime(status.watermark, now)}
      </div>
      <dl>
        <dt>behind now</dt>
        <dd>{lag === null ? 'no data synced yet' : formatDuration(lag)}</dd>
        <dt>next window</dt>
        <dd>
          {status.settings.windowMinutes} min back, {status.settings.overlapMinutes} min overlap
        </dd>
      </dl>
      <p className="muted small">newest Odoo write_date applied; the next run starts at or before it</p>
    </article>
  );
}

export function ScheduleCard({
  status,
  now,
  onPause,
  onResume,
  resuming,
}: {
  status: EngineStatus;
  now: number;
  onPause: () => void;
  onResume: () => void;
  resuming: boolean;
}) {
  const { paused, scheduler } = status;
  return (
    <article className={`card${paused ? ' card-warn' : ''}`} data-testid="card-schedule">
      <h3>Schedule</h3>
      <div className="big" data-testid="schedule-state">
        {paused ? (
          <span className="pill pill-paused">PAUSED</span>
        ) : scheduler?.active ? (
          <span className="pill pill-succeeded">ACTIVE</span>
        ) : (
          <span className="pill pill-skipped" title="no scheduler runs in this process; the times are when a scheduler service would run">
            NOT IN THIS PROCESS
          </span>
        )}
      </div>
      <dl>
        <dt>every</dt>
        <dd>{status.settings.intervalMinutes} min (UTC slots)</dd>
        <dt>next run</dt>
        <dd>
          {paused ? (
            <span className="muted">paused</span>
          ) : scheduler?.nextRunAt ? (
            `${formatTime(scheduler.nextRunAt, now)} (${formatRelative(scheduler.nextRunAt, now)})`
          ) : (
            '—'
          )}
        </dd>
        <dt>reconcile</dt>
        <dd>{scheduler?.nextReconcileAt ? formatTime(scheduler.nextReconcileAt, now) : '—'}</dd>
      </dl>
      {!scheduler?.active && <p className="muted small">no scheduler in this process: times are when a scheduler service would run</p>}
      {paused ? (
        <button type="button" className="btn primary block" onClick={onResume} disabled={resuming} data-testid="resume">
          Resume schedule
        </button>
      ) : (
        <button type="button" className="btn block" onClick={onPause} data-testid="pause">
          Pause schedule…
        </button>
      )}
    </article>
  );
}

export function TotalsCard({ totals }: { totals: EngineStatus['totals'] }) {
  return (
    <article className="card" data-testid="card-totals">
      <h3>Carteira</h3>
      <div className="big mono" data-testid="totals-active">
        {formatCount(totals.active)} <span className="unit">active lines</span>
      </div>
      <dl>
        <dt>orders</dt>
        <dd className="mono">{formatCount(totals.orders)}</dd>
        <dt>all rows</dt>
        <dd className="mono">{formatCount(totals.rows)}</dd>
        <dt>inactive</dt>
        <dd className="mono">{formatCount(totals.rows - totals.active)}</dd>
      </dl>
    </article>
  );
}

/** The status banners: not connected, paused, last run failed (with "Sincronizar agora"), a run in progress. */
import type { EngineStatus, RunProgress, RunSummary } from '../../../../shared/engine-types';
import { useI18n } from '../../i18n/i18n';
import { describeCause } from '../../../../shared/failure-text';
import { ErrorDetail } from '../actions/ErrorDetail';
import { runCause } from '../runs/run-text';
import type { Connection } from './TopBar';
import { endedBadly, progressPercent } from './status-model';

/**
 * What is shown may be stale: the engine cannot be reached, or it answered that it cannot answer
 * (its PostgreSQL unreachable, say: then its cause and what to do, issue 18.2).
 */
export function StaleAlert({ connection }: { connection: Connection }) {
  const { m, f } = useI18n();
  const { stale, sinceFetch, receivedAt, fetchError, fetchCause } = connection;
  if (!stale) return null;
  const cause = fetchCause ? describeCause(fetchCause, m) : null;
  return (
    <div className="alert alert-error" role="alert" data-testid="banner-stale" data-cause={fetchCause?.code ?? ''}>
      {cause ? (
        <>
          <b>{m.alerts.engineFailed}</b> <b>{cause.title}</b> {cause.next} {m.alerts.staleBody(f.duration(sinceFetch), f.full(receivedAt))}
        </>
      ) : (
        <>
          <b>{m.alerts.staleTitle}</b> {m.alerts.staleBody(f.duration(sinceFetch), f.full(receivedAt))}
        </>
      )}
      {fetchError && <ErrorDetail detail={fetchError} />}
    </div>
  );
}

/** "Retomar…" opens the resume dialog: a resume is audited with its reason, like the pause. */
export function PausedAlert({ paused, now, onResume }: { paused: EngineStatus['paused']; now: number; onResume: () => void }) {
  const { m, f } = useI18n();
  if (!paused) return null;
  return (
    <div className="alert alert-warn" role="status" data-testid="banner-paused">
      <b>{m.alerts.pausedTitle}</b>
      {paused.by ? m.alerts.pausedBy(paused.by) : ''}
      {paused.at ? m.alerts.pausedSince(f.time(paused.at, now), f.relative(paused.at, now)) : ''}
      {paused.reason ? ` — “${paused.reason}”` : ''}. {m.alerts.pausedManual}
      <button type="button" className="btn small" onClick={onResume} data-testid="banner-resume">
        {m.alerts.resume}
      </button>
    </div>
  );
}

/**
 * The last run failed: its cause and what to do (the engine's words for it, from the catalogue),
 * one offer to try again now (labelled apart from the top bar's "Sincronizar agora"), and the
 * engine's text behind "Detalhes técnicos". A run with no recorded cause (a lost lock, a stop)
 * says when the next run comes instead.
 */
export function LastRunFailedAlert({ lastRun, now, busy, onSyncNow }: { lastRun: RunSummary | null; now: number; busy: boolean; onSyncNow: () => void }) {
  const words = useI18n();
  const { m, f } = words;
  if (!lastRun || !endedBadly(lastRun)) return null;
  const cause = runCause(lastRun, words);
  return (
    <div className="alert alert-error" role="alert" data-testid="banner-last-failed" data-cause={lastRun.cause?.code ?? ''}>
      <span>
        <b>{m.alerts.lastFailed(String(lastRun.id ?? '?'), m.status[lastRun.status])}</b> {f.relative(lastRun.finishedAt ?? lastRun.startedAt, now)}
        {cause ? ': ' : '. '}
        {cause ? (
          <>
            <b data-testid="banner-cause">{cause.title}</b> {cause.next}
          </>
        ) : (
          m.alerts.afterFailure
        )}{' '}
        <button type="button" className="btn small primary" onClick={onSyncNow} disabled={busy} data-testid="offer-sync-now">
          {m.alerts.syncNowOffer}
        </button>
        {lastRun.error && <ErrorDetail detail={lastRun.error} />}
      </span>
    </div>
  );
}

export function RunningAlert({ running, now }: { running: RunProgress | null; now: number }) {
  const { m, f } = useI18n();
  if (!running) return null;
  return (
    <div className="alert alert-info" role="status" data-testid="banner-running">
      <b>{m.alerts.runningTitle(running.runId, m.trigger[running.trigger])}</b>{' '}
      {m.alerts.runningSince(f.time(running.startedAt, now), running.ordersDone, running.ordersTotal ? f.count(running.ordersTotal) : '?')}
      <div
        className="progress"
        role="progressbar"
        aria-label={m.alerts.runningTitle(running.runId, m.trigger[running.trigger])}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(progressPercent(running))}
      >
        <div style={{ width: `${progressPercent(running)}%` }} />
      </div>
    </div>
  );
}

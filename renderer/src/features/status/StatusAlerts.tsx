/** The status banners: not connected, paused, last run failed, a run in progress. */
import type { EngineStatus, RunProgress, RunSummary } from '../../../../shared/engine-types';
import { formatDuration, formatFull, formatRelative, formatTime } from '../../format';
import type { Connection } from './TopBar';
import { endedBadly, progressPercent } from './status-model';

export function StaleAlert({ connection }: { connection: Connection }) {
  const { stale, sinceFetch, receivedAt, fetchError } = connection;
  if (!stale) return null;
  return (
    <div className="alert alert-error" role="alert" data-testid="banner-stale">
      <b>Not connected to the engine.</b> What you see was last updated {formatDuration(sinceFetch)} ago ({formatFull(receivedAt)}).
      {fetchError ? ` ${fetchError}` : ''}
    </div>
  );
}

export function PausedAlert({ paused, now, onResume, resuming }: { paused: EngineStatus['paused']; now: number; onResume: () => void; resuming: boolean }) {
  if (!paused) return null;
  return (
    <div className="alert alert-warn" data-testid="banner-paused">
      <b>Scheduled runs are PAUSED</b>
      {paused.by ? ` by ${paused.by}` : ''}
      {paused.at ? ` since ${formatTime(paused.at, now)} (${formatRelative(paused.at, now)})` : ''}
      {paused.reason ? ` — “${paused.reason}”` : ''}. Manual runs still work.
      <button type="button" className="btn small" onClick={onResume} disabled={resuming}>
        Resume
      </button>
    </div>
  );
}

export function LastRunFailedAlert({ lastRun, now }: { lastRun: RunSummary | null; now: number }) {
  if (!lastRun || !endedBadly(lastRun)) return null;
  return (
    <div className="alert alert-error" data-testid="banner-last-failed">
      <b>
        Last run #{lastRun.id} {lastRun.status}
      </b>{' '}
      {formatRelative(lastRun.finishedAt ?? lastRun.startedAt, now)}
      {lastRun.error ? `: ${lastRun.error}` : ''}
    </div>
  );
}

export function RunningAlert({ running, now }: { running: RunProgress | null; now: number }) {
  if (!running) return null;
  return (
    <div className="alert alert-info" data-testid="banner-running">
      <b>
        Run #{running.runId} running ({running.trigger})
      </b>{' '}
      since {formatTime(running.startedAt, now)} · {running.ordersDone}/{running.ordersTotal || '?'} orders
      <div className="progress">
        <div style={{ width: `${progressPercent(running)}%` }} />
      </div>
    </div>
  );
}

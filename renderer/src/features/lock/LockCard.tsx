/** The lock card: free or held, by whom, since when, how long before it expires; "Release lock…" when held. */
import type { EngineStatus } from '../../../../shared/engine-types';
import { formatDuration, formatFull, formatRelative, formatTime } from '../../format';
import { backendText, holderTitle, ttlLeft } from './lock-model';

export function LockCard({ status, now, sinceFetch, onRelease }: { status: EngineStatus; now: number; sinceFetch: number; onRelease: () => void }) {
  const { lock } = status;
  const holder = lock.holder;
  const ttl = ttlLeft(lock.ttlMs, sinceFetch);
  return (
    <article className={`card${lock.held ? ' card-held' : ''}`} data-testid="card-lock">
      <h3>Lock</h3>
      <div className="big" data-testid="lock-state">
        {lock.held ? <span className="pill pill-running">HELD</span> : <span className="pill pill-free">FREE</span>}{' '}
        <span className="muted small">{backendText(lock)}</span>
      </div>
      {holder ? (
        <>
          <dl data-testid="lock-holder">
            <dt>holder</dt>
            <dd className="wrap" title={holderTitle(holder)}>
              {holder.owner}
            </dd>
            <dt>run</dt>
            <dd>{holder.runId === null ? '—' : `#${holder.runId}`}</dd>
            <dt>since</dt>
            <dd title={formatFull(holder.acquiredAt)}>
              {formatTime(holder.acquiredAt, now)} <span className="muted">({formatRelative(holder.acquiredAt, now)})</span>
            </dd>
            <dt>TTL</dt>
            <dd data-testid="lock-ttl">{ttl === null ? 'no expiry' : formatDuration(ttl)}</dd>
            <dt>fence</dt>
            <dd className="mono">{holder.fence ?? '—'}</dd>
          </dl>
          <button type="button" className="btn danger block" onClick={onRelease} data-testid="release-lock">
            Release lock…
          </button>
        </>
      ) : (
        <dl>
          <dt>holder</dt>
          <dd>none — the next run can start</dd>
          <dt>Redis</dt>
          <dd>{lock.redisReachable === null ? 'not configured' : lock.redisReachable ? 'reachable' : <b className="bad">unreachable</b>}</dd>
          <dt>timeout</dt>
          <dd>{formatDuration(status.settings.lockTimeoutSeconds * 1000)} (renewed while a run is alive)</dd>
        </dl>
      )}
    </article>
  );
}

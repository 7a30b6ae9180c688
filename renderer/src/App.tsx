/**
 * The operations console: what is happening now (alerts), the status cards (last run,
 * watermark, lock, schedule, totals), the timeline of sync windows with their gaps, the runs
 * and the live log. Everything comes from ConsoleApi (preload bridge or HTTP + SSE).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Interval } from '../../shared/coverage';
import type { EngineEvent, EngineStatus, RunProgress, RunReport } from '../../shared/engine-types';
import { formatCount, formatDuration, formatFull, formatRelative, formatTime, parseTime, utcOffsetLabel } from './format';
import { LogPanel, type LogLine } from './LogPanel';
import { ReasonDialog } from './ReasonDialog';
import { RunsTable, StatusPill, windowText } from './RunsTable';
import { Timeline } from './Timeline';
import { consoleApi } from './api';

const POLL_MS = 4000;
const MAX_LOG_LINES = 500;

type Notice = { kind: 'ok' | 'warn' | 'error' | 'info'; text: string; at: number };
type DialogKind = 'pause' | 'release' | null;

function describeReport(label: string, report: RunReport): Notice {
  const { run } = report;
  const at = Date.now();
  if (report.exitCode === 2) return { kind: 'warn', text: `${label}: skipped — the lock is held by ${report.heldBy?.owner ?? 'another run'}.`, at };
  if (report.exitCode === 1 || run.status === 'failed' || run.status === 'aborted') return { kind: 'error', text: `${label}: run #${run.id} ${run.status}${run.error ? ` — ${run.error}` : ''}`, at };
  const took = run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : '';
  return { kind: 'ok', text: `${label}: run #${run.id} succeeded in ${took} — ${run.ordersSeen} orders, +${run.counts.inserted} ~${run.counts.updated} −${run.counts.deactivated} rows.`, at };
}

export function App() {
  const [status, setStatus] = useState<EngineStatus | null>(null);
  const [receivedAt, setReceivedAt] = useState(0);
  const [skew, setSkew] = useState(0);
  const [fetchError, setFetchError] = useState<string | null>(null);
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [logs, setLogs] = useState<LogLine[]>([]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [, setTick] = useState(0);
  const logSeq = useRef(0);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refresh = useCallback(() => {
    consoleApi.getStatus().then(
      (next) => {
        setStatus(next);
        setReceivedAt(Date.now());
        setSkew(Date.parse(next.now) - Date.now());
        setFetchError(null);
        if (!next.running) setProgress(null);
      },
      (error: Error) => setFetchError(error.message),
    );
  }, []);

  /** Several events in a burst → one status fetch. */
  const refreshSoon = useCallback(() => {
    if (refreshTimer.current) return;
    refreshTimer.current = setTimeout(() => {
      refreshTimer.current = null;
      refresh();
    }, 120);
  }, [refresh]);

  useEffect(() => {
    refresh();
    // The backlog first; live lines that arrived meanwhile follow it (same time+event+msg = same line).
    consoleApi.getRecentLog().then(
      (backlog) => {
        const lines = backlog.slice(-MAX_LOG_LINES).map((entry) => ({ seq: logSeq.current++, ...entry }));
        setLogs((live) => {
          const known = new Set(lines.map((line) => `${line.time}|${line.event}|${line.msg}`));
          return [...lines, ...live.filter((line) => !known.has(`${line.time}|${line.event}|${line.msg}`))].slice(-MAX_LOG_LINES);
        });
      },
      () => undefined,
    );
    const unsubscribe = consoleApi.onEvent((event: EngineEvent) => {
      if (event.type === 'log') {
        const line = { seq: logSeq.current++, ...event.record };
        setLogs((previous) => (previous.length >= MAX_LOG_LINES ? [...previous.slice(-(MAX_LOG_LINES - 1)), line] : [...previous, line]));
        return;
      }
      if (event.type === 'run-progress') setProgress(event.progress);
      else refreshSoon();
    });
    const poll = setInterval(refresh, POLL_MS);
    const clock = setInterval(() => setTick((n) => n + 1), 1000);
    return () => {
      unsubscribe();
      clearInterval(poll);
      clearInterval(clock);
    };
  }, [refresh, refreshSoon]);

  const act = useCallback(
    async (key: string, label: string, action: () => Promise<Notice | null>) => {
      setPending((previous) => ({ ...previous, [key]: true }));
      setNotice({ kind: 'info', text: `${label}…`, at: Date.now() });
      try {
        setNotice(await action());
      } catch (error) {
        setNotice({ kind: 'error', text: `${label} failed: ${(error as Error).message}`, at: Date.now() });
      } finally {
        setPending((previous) => ({ ...previous, [key]: false }));
        refresh();
      }
    },
    [refresh],
  );

  const syncNow = () => act('sync', 'Sync now', async () => describeReport('Sync now', await consoleApi.runSync({ kind: 'planned', trigger: 'manual' })));
  const reconcile = () => act('reconcile', 'Reconcile', async () => describeReport('Reconcile', await consoleApi.reconcile()));
  const fillGap = (gap: Interval) =>
    act('sync', `Fill gap ${formatTime(gap.from)} → ${formatTime(gap.to)}`, async () =>
      describeReport('Fill gap', await consoleApi.runSync({ kind: 'range', from: new Date(gap.from).toISOString(), to: new Date(gap.to).toISOString() })),
    );
  const resume = () =>
    act('resume', 'Resume', async () => {
      await consoleApi.resume();
      return { kind: 'ok', text: 'Scheduled runs resumed.', at: Date.now() };
    });

  if (!status) {
    return (
      <main className="loading" data-testid="loading">
        <h1>Carteira Sync Console</h1>
        <p>{fetchError ? `Cannot reach the engine: ${fetchError}` : 'Connecting to the engine…'}</p>
      </main>
    );
  }

  const now = Date.now() + skew;
  const sinceFetch = Date.now() - receivedAt;
  const stale = fetchError !== null || sinceFetch > POLL_MS * 3;
  const running = progress ?? status.running;
  const runBusy = Boolean(pending.sync || pending.reconcile || running);
  const holder = status.lock.holder;
  const ttlLeft = status.lock.ttlMs === null ? null : Math.max(0, status.lock.ttlMs - sinceFetch);
  const lastRun = status.lastRun;
  const watermarkMs = parseTime(status.watermark);
  const lag = watermarkMs === null ? null : now - watermarkMs;
  const lagLimit = (status.settings.intervalMinutes + status.settings.windowMinutes) * 60_000;
  const gaps = status.coverage.gaps;
  const demo = status.mode === 'demo';

  return (
    <div className={`app${demo ? ' is-demo' : ''}`}>
      <header className="topbar">
        <div className="brand">
          <h1>Carteira Sync Console</h1>
          <span className={`mode ${demo ? 'mode-demo' : 'mode-odoo'}`} data-testid="mode" title={demo ? 'Demo mode: a simulated Odoo, not production data' : 'Connected to a real Odoo'}>
            {status.modeLabel}
          </span>
          {demo && <span className="demo-note">simulated Odoo · not production data</span>}
        </div>
        <div className="target">
          <span title="Odoo">
            <b>Odoo</b> {status.odoo.url} · {status.odoo.db} · {status.odoo.user}
          </span>
          <span title={status.database.target}>
            <b>DB</b> {status.database.backend}
          </span>
          <span>
            <b>Times</b> local {utcOffsetLabel(now)}
          </span>
        </div>
        <div className="top-actions">
          <span className={`conn ${stale ? 'conn-bad' : 'conn-ok'}`} data-testid="connection" title={fetchError ?? `last update ${formatFull(receivedAt)}`}>
            <i />
            {stale ? `STALE · updated ${formatDuration(sinceFetch)} ago` : 'Live'}
          </span>
          <button type="button" className="btn" onClick={reconcile} disabled={runBusy} data-testid="reconcile">
            {pending.reconcile ? 'Reconciling…' : 'Reconcile'}
          </button>
          <button type="button" className="btn primary" onClick={syncNow} disabled={runBusy} data-testid="sync-now" title={running ? 'a run is in progress' : 'one sync now, planned from the watermark'}>
            {pending.sync || running ? 'Running…' : 'Sync now'}
          </button>
        </div>
      </header>

      <div className="alerts">
        {stale && (
          <div className="alert alert-error" role="alert" data-testid="banner-stale">
            <b>Not connected to the engine.</b> What you see was last updated {formatDuration(sinceFetch)} ago ({formatFull(receivedAt)}).{fetchError ? ` ${fetchError}` : ''}
          </div>
        )}
        {status.paused && (
          <div className="alert alert-warn" data-testid="banner-paused">
            <b>Scheduled runs are PAUSED</b>
            {status.paused.by ? ` by ${status.paused.by}` : ''}
            {status.paused.at ? ` since ${formatTime(status.paused.at, now)} (${formatRelative(status.paused.at, now)})` : ''}
            {status.paused.reason ? ` — “${status.paused.reason}”` : ''}. Manual runs still work.
            <button type="button" className="btn small" onClick={resume} disabled={pending.resume}>
              Resume
            </button>
          </div>
        )}
        {lastRun && (lastRun.status === 'failed' || lastRun.status === 'aborted') && (
          <div className="alert alert-error" data-testid="banner-last-failed">
            <b>
              Last run #{lastRun.id} {lastRun.status}
            </b>{' '}
            {formatRelative(lastRun.finishedAt ?? lastRun.startedAt, now)}
            {lastRun.error ? `: ${lastRun.error}` : ''}
          </div>
        )}
        {gaps.length > 0 && (
          <div className="alert alert-error" data-testid="banner-gaps">
            <b>{gaps.length === 1 ? '1 gap' : `${gaps.length} gaps`} in coverage</b> ({formatDuration(gaps.reduce((sum, gap) => sum + gap.to - gap.from, 0))}): changes made in Odoo then may be missing. Use <b>Fill gap</b> in the timeline.
          </div>
        )}
        {status.lock.degraded && (
          <div className="alert alert-warn" data-testid="banner-degraded">
            <b>Lock degraded:</b> {status.lock.redisReachable === false ? 'Redis is unreachable; ' : ''}using the {status.lock.backend} lock. Two instances on different hosts are not kept apart by it; writes are still fenced.
          </div>
        )}
        {running && (
          <div className="alert alert-info" data-testid="banner-running">
            <b>
              Run #{running.runId} running ({running.trigger})
            </b>{' '}
            since {formatTime(running.startedAt, now)} · {running.ordersDone}/{running.ordersTotal || '?'} orders
            <div className="progress">
              <div style={{ width: `${running.ordersTotal ? Math.min(100, (running.ordersDone / running.ordersTotal) * 100) : 5}%` }} />
            </div>
          </div>
        )}
        {notice && (
          <div className={`alert alert-${notice.kind} notice`} role="status" data-testid="notice">
            <span>
              <span className="muted">{formatTime(notice.at)}</span> {notice.text}
            </span>
            <button type="button" className="link" onClick={() => setNotice(null)} aria-label="dismiss">
              ×
            </button>
          </div>
        )}
      </div>

      <section className="cards">
        <article className={`card${lastRun?.status === 'failed' || lastRun?.status === 'aborted' ? ' card-bad' : ''}`} data-testid="card-last-run">
          <h3>Last run</h3>
          {lastRun ? (
            <>
              <div className="big">
                <StatusPill status={lastRun.status} /> <span className="mono">#{lastRun.id}</span>
              </div>
              <dl>
                <dt>finished</dt>
                <dd title={formatFull(lastRun.finishedAt)}>
                  {formatTime(lastRun.finishedAt ?? lastRun.startedAt, now)} <span className="muted">({formatRelative(lastRun.finishedAt ?? lastRun.startedAt, now)})</span>
                </dd>
                <dt>trigger</dt>
                <dd>{lastRun.trigger}</dd>
                <dt>window</dt>
                <dd>{windowText(lastRun, now)}</dd>
                <dt>rows</dt>
                <dd className="mono">
                  +{lastRun.counts.inserted} ~{lastRun.counts.updated} −{lastRun.counts.deactivated}
                </dd>
              </dl>
              {lastRun.error && (
                <p className="error-text" data-testid="last-run-error">
                  {lastRun.error}
                </p>
              )}
              {status.lastSuccess && status.lastSuccess.id !== lastRun.id && (
                <p className="muted small">
                  last success #{status.lastSuccess.id} {formatRelative(status.lastSuccess.finishedAt, now)}
                </p>
              )}
            </>
          ) : (
            <p className="muted" data-testid="last-run-none">
              No runs yet.
            </p>
          )}
        </article>

        <article className={`card${lag !== null && lag > lagLimit ? ' card-warn' : ''}`} data-testid="card-watermark">
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

        <article className={`card${status.lock.held ? ' card-held' : ''}`} data-testid="card-lock">
          <h3>Lock</h3>
          <div className="big" data-testid="lock-state">
            {status.lock.held ? <span className="pill pill-running">HELD</span> : <span className="pill pill-free">FREE</span>}{' '}
            <span className="muted small">
              {status.lock.backend}
              {status.lock.degraded ? ' (degraded)' : ''}
            </span>
          </div>
          {holder ? (
            <>
              <dl data-testid="lock-holder">
                <dt>holder</dt>
                <dd className="wrap" title={`${holder.owner} @ ${holder.host} pid ${holder.pid}`}>
                  {holder.owner}
                </dd>
                <dt>run</dt>
                <dd>{holder.runId === null ? '—' : `#${holder.runId}`}</dd>
                <dt>since</dt>
                <dd title={formatFull(holder.acquiredAt)}>
                  {formatTime(holder.acquiredAt, now)} <span className="muted">({formatRelative(holder.acquiredAt, now)})</span>
                </dd>
                <dt>TTL</dt>
                <dd data-testid="lock-ttl">{ttlLeft === null ? 'no expiry' : formatDuration(ttlLeft)}</dd>
                <dt>fence</dt>
                <dd className="mono">{holder.fence ?? '—'}</dd>
              </dl>
              <button type="button" className="btn danger block" onClick={() => setDialog('release')} data-testid="release-lock">
                Release lock…
              </button>
            </>
          ) : (
            <dl>
              <dt>holder</dt>
              <dd>none — the next run can start</dd>
              <dt>Redis</dt>
              <dd>{status.lock.redisReachable === null ? 'not configured' : status.lock.redisReachable ? 'reachable' : <b className="bad">unreachable</b>}</dd>
              <dt>timeout</dt>
              <dd>{formatDuration(status.settings.lockTimeoutSeconds * 1000)} (renewed while a run is alive)</dd>
            </dl>
          )}
        </article>

        <article className={`card${status.paused ? ' card-warn' : ''}`} data-testid="card-schedule">
          <h3>Schedule</h3>
          <div className="big" data-testid="schedule-state">
            {status.paused ? (
              <span className="pill pill-paused">PAUSED</span>
            ) : status.scheduler?.active ? (
              <span className="pill pill-succeeded">ACTIVE</span>
            ) : (
              <span className="pill pill-skipped" title="no scheduler runs in this process; the times are when a scheduler service would run">NOT IN THIS PROCESS</span>
            )}
          </div>
          <dl>
            <dt>every</dt>
            <dd>
              {status.settings.intervalMinutes} min (UTC slots)
            </dd>
            <dt>next run</dt>
            <dd>
              {status.paused ? <span className="muted">paused</span> : status.scheduler?.nextRunAt ? `${formatTime(status.scheduler.nextRunAt, now)} (${formatRelative(status.scheduler.nextRunAt, now)})` : '—'}
            </dd>
            <dt>reconcile</dt>
            <dd>{status.scheduler?.nextReconcileAt ? formatTime(status.scheduler.nextReconcileAt, now) : '—'}</dd>
          </dl>
          {!status.scheduler?.active && <p className="muted small">no scheduler in this process: times are when a scheduler service would run</p>}
          {status.paused ? (
            <button type="button" className="btn primary block" onClick={resume} disabled={pending.resume} data-testid="resume">
              Resume schedule
            </button>
          ) : (
            <button type="button" className="btn block" onClick={() => setDialog('pause')} data-testid="pause">
              Pause schedule…
            </button>
          )}
        </article>

        <article className="card" data-testid="card-totals">
          <h3>Carteira</h3>
          <div className="big mono" data-testid="totals-active">
            {formatCount(status.totals.active)} <span className="unit">active lines</span>
          </div>
          <dl>
            <dt>orders</dt>
            <dd className="mono">{formatCount(status.totals.orders)}</dd>
            <dt>all rows</dt>
            <dd className="mono">{formatCount(status.totals.rows)}</dd>
            <dt>inactive</dt>
            <dd className="mono">{formatCount(status.totals.rows - status.totals.active)}</dd>
          </dl>
        </article>
      </section>

      <Timeline status={status} now={now} busy={runBusy} onFillGap={fillGap} />

      <div className="bottom">
        <RunsTable runs={status.recentRuns} now={now} />
        <LogPanel lines={logs} onClear={() => setLogs([])} />
      </div>

      {dialog === 'pause' && (
        <ReasonDialog
          title="Pause scheduled runs"
          confirmLabel="Pause"
          placeholder="e.g. Odoo maintenance until 06:00"
          onClose={() => setDialog(null)}
          onConfirm={async (reason) => {
            await consoleApi.pause({ reason });
            setNotice({ kind: 'warn', text: `Scheduled runs paused: ${reason}`, at: Date.now() });
            refresh();
          }}
        >
          <p>No scheduled run starts until someone resumes. A run in progress finishes; manual runs and gap fills still work. When resumed, the next run catches up from the watermark.</p>
        </ReasonDialog>
      )}
      {dialog === 'release' && holder && (
        <ReasonDialog
          title="Release the sync lock"
          confirmLabel="Release lock"
          danger
          placeholder="e.g. run #12 hung after the Odoo restart"
          onClose={() => setDialog(null)}
          onConfirm={async (reason) => {
            const outcome = await consoleApi.releaseLock({ expectedToken: holder.token, reason });
            setNotice(
              outcome.released
                ? { kind: 'warn', text: `Lock released (was held by ${outcome.previousOwner ?? holder.owner}). If that run is alive it stops at its next batch.`, at: Date.now() }
                : { kind: 'error', text: `Lock not released: it changed hands${outcome.currentOwner ? ` and is now held by ${outcome.currentOwner}` : ' or expired'}. Check again before retrying.`, at: Date.now() },
            );
            refresh();
          }}
        >
          <p>
            Held by <b>{holder.owner}</b> ({holder.host}, pid {holder.pid}){holder.runId !== null ? `, run #${holder.runId}` : ''}, since {formatTime(holder.acquiredAt, now)}, fence {holder.fence ?? '—'}.
          </p>
          <p>Only release a lock whose holder is stuck or gone. If that run is still alive it is fenced off: it stops writing at its next batch and ends <b>aborted</b>. The release is audited.</p>
        </ReasonDialog>
      )}
    </div>
  );
}

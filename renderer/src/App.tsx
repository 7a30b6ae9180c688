/**
 * The operations console (first cut): mode, watermark, lock holder and TTL, gaps, last runs,
 * and the one-click actions. The timeline view comes with the console issue.
 */
import { useCallback, useEffect, useState } from 'react';
import type { EngineStatus, RunSummary } from '../../shared/engine-types';
import { consoleApi } from './transport';

const time = (value: string | null) => (value ? new Date(value).toLocaleString() : '—');

function RunRow({ run }: { run: RunSummary }) {
  return (
    <tr className={`run run-${run.status}`}>
      <td>#{run.id}</td>
      <td>{run.status}</td>
      <td>{run.trigger}</td>
      <td>{run.fullLoad && !run.windowFrom ? 'full load' : `${time(run.windowFrom)} → ${time(run.windowTo)}`}</td>
      <td>{run.ordersSeen}</td>
      <td>
        +{run.counts.inserted} ~{run.counts.updated} -{run.counts.deactivated}
      </td>
      <td>{run.error ?? ''}</td>
    </tr>
  );
}

export function App() {
  const [status, setStatus] = useState<EngineStatus | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const refresh = useCallback(() => {
    consoleApi.getStatus().then(setStatus, (error: Error) => setMessage(error.message));
  }, []);

  useEffect(() => {
    refresh();
    const unsubscribe = consoleApi.onEvent((event) => {
      if (event.type !== 'log') refresh();
    });
    const timer = setInterval(refresh, 5000);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, [refresh]);

  const act = (label: string, action: () => Promise<unknown>) => () => {
    setMessage(`${label}…`);
    action().then(
      () => {
        setMessage(`${label}: done`);
        refresh();
      },
      (error: Error) => setMessage(`${label}: ${error.message}`),
    );
  };

  if (!status) return <main className="loading">{message ?? 'Connecting to the engine…'}</main>;
  const holder = status.lock.holder;
  return (
    <main>
      <header>
        <h1>Carteira Sync Console {status.mode === 'demo' && <span className="badge demo">DEMO</span>}</h1>
        <p>
          Odoo {status.odoo.url} ({status.odoo.db}) · {status.database.backend} · watermark {time(status.watermark)}
        </p>
      </header>
      <section className="cards">
        <div className="card">
          <h2>Lock</h2>
          {status.lock.held && holder ? (
            <p>
              held by {holder.owner} (run {holder.runId ?? '—'}) since {time(holder.acquiredAt)}; TTL {status.lock.ttlMs === null ? '—' : `${Math.round(status.lock.ttlMs / 1000)} s`}; fence {holder.fence}
            </p>
          ) : (
            <p>free ({status.lock.backend}{status.lock.degraded ? ', DEGRADED' : ''})</p>
          )}
          {holder && (
            <button onClick={act('Release lock', () => consoleApi.releaseLock({ expectedToken: holder.token, reason: 'released from the console' }))}>Release lock</button>
          )}
        </div>
        <div className="card">
          <h2>Schedule</h2>
          <p>
            every {status.settings.intervalMinutes} min, window {status.settings.windowMinutes} min; next {time(status.scheduler?.nextRunAt ?? null)}
          </p>
          {status.paused ? <p className="paused">PAUSED: {status.paused.reason}</p> : null}
          <button onClick={act('Sync now', () => consoleApi.runSync({ kind: 'planned', trigger: 'manual' }))}>Sync now</button>{' '}
          <button onClick={act('Reconcile', () => consoleApi.reconcile())}>Reconcile</button>
        </div>
        <div className="card">
          <h2>Carteira</h2>
          <p>
            {status.totals.rows} rows, {status.totals.active} active, {status.totals.orders} orders
          </p>
          <p>{status.coverage.gaps.length === 0 ? 'no gaps' : `${status.coverage.gaps.length} gap(s)`}</p>
          {status.coverage.gaps.map((gap) => (
            <button key={gap.from} onClick={act('Fill gap', () => consoleApi.runSync({ kind: 'range', from: new Date(gap.from).toISOString(), to: new Date(gap.to).toISOString() }))}>
              Fill {new Date(gap.from).toLocaleString()} → {new Date(gap.to).toLocaleString()}
            </button>
          ))}
        </div>
      </section>
      {message && <p className="message">{message}</p>}
      <table>
        <thead>
          <tr>
            <th>Run</th>
            <th>Status</th>
            <th>Trigger</th>
            <th>Window</th>
            <th>Orders</th>
            <th>Rows</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {status.recentRuns.map((run) => (
            <RunRow key={run.id} run={run} />
          ))}
        </tbody>
      </table>
    </main>
  );
}

/** The last runs, newest first, with their windows, counts and errors. */
import type { RunSummary } from '../../../../shared/engine-types';
import { formatFull, formatTime, formatTimeShort } from '../../format';
import { StatusPill } from './StatusPill';
import { runDuration, windowLength } from './run-text';

/** Compact window for the table: `16:37 → 17:37` plus its length. */
function windowCell(run: RunSummary, now: number) {
  return (
    <>
      {run.windowFrom ? formatTimeShort(run.windowFrom, now) : '…'} → {formatTimeShort(run.windowTo, now)} <span className="muted">· {windowLength(run)}</span>
    </>
  );
}

function Counts({ run }: { run: RunSummary }) {
  if (run.status === 'skipped') return <span className="muted">—</span>;
  return (
    <span title={`${run.counts.inserted} new, ${run.counts.updated} changed, ${run.counts.unchanged} unchanged, ${run.counts.deactivated} gone (inactive)`}>
      <span className="c-ins">+{run.counts.inserted}</span> <span className="c-upd">~{run.counts.updated}</span>{' '}
      <span className="c-del">−{run.counts.deactivated}</span>
    </span>
  );
}

export function RunsTable({ runs, now }: { runs: RunSummary[]; now: number }) {
  return (
    <section className="panel runs">
      <div className="panel-head">
        <div>
          <h2>Runs</h2>
          <p className="muted">last {runs.length} runs, newest first</p>
        </div>
      </div>
      <div className="table-wrap">
        <table data-testid="runs-table">
          <thead>
            <tr>
              <th>Run</th>
              <th>Status</th>
              <th>Trigger</th>
              <th>Started</th>
              <th className="num">Took</th>
              <th>Window</th>
              <th className="num">Orders</th>
              <th className="num" title="rows: +new ~changed −gone (inactive)">
                Rows
              </th>
              <th title="lock backend · fencing token">Lock</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {runs.length === 0 ? (
              <tr>
                <td colSpan={10} className="empty" data-testid="no-runs">
                  No runs yet.
                </td>
              </tr>
            ) : (
              runs.map((run) => (
                <tr key={run.id ?? run.startedAt} className={`row-${run.status}`} data-testid="run-row" data-status={run.status} data-run-id={run.id ?? ''}>
                  <td className="mono">#{run.id ?? '?'}</td>
                  <td>
                    <StatusPill status={run.status} />
                    {run.degraded && (
                      <span className="pill pill-warn" title="ran on a fallback lock backend">
                        degraded
                      </span>
                    )}
                  </td>
                  <td>{run.trigger}</td>
                  <td className="nowrap" title={formatFull(run.startedAt)}>
                    {formatTime(run.startedAt, now)}
                  </td>
                  <td className="num">{runDuration(run, now)}</td>
                  <td className="nowrap" title={`${formatFull(run.windowFrom)} → ${formatFull(run.windowTo)}`}>
                    {windowCell(run, now)}
                    {run.gap && (
                      <div className="cell-warn" title="beyond the catch-up limit: not synced by this run">
                        gap {formatTimeShort(run.gap.from, now)} → {formatTimeShort(run.gap.to, now)} not covered
                      </div>
                    )}
                  </td>
                  <td className="num">{run.status === 'skipped' ? '—' : run.ordersSeen}</td>
                  <td className="num mono nowrap">
                    <Counts run={run} />
                  </td>
                  <td className="small nowrap" title={run.fence !== null ? `fencing token ${run.fence}` : ''}>
                    {run.lockBackend ?? '—'}
                    {run.fence !== null && <span className="muted"> · {run.fence}</span>}
                  </td>
                  <td className={run.status === 'skipped' ? 'error-cell skip-reason' : 'error-cell'} title={run.error ?? ''}>
                    {run.error ?? ''}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

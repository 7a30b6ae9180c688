/** The last runs, newest first, with their windows, counts and errors. */
import type { RunSummary } from '../../../../shared/engine-types';
import { useI18n, type Words } from '../../i18n/i18n';
import { ErrorDetail } from '../actions/ErrorDetail';
import { StatusPill } from './StatusPill';
import { runCause, runDuration, runProblem, runProblemText, windowLength } from './run-text';

/** Compact window for the table: `16:37 → 17:37` plus its length (left to the cell's tooltip at the window's minimum width). */
function windowCell(run: RunSummary, now: number, words: Words) {
  const { f } = words;
  return (
    <>
      {run.windowFrom ? f.timeShort(run.windowFrom, now) : '…'} → {f.timeShort(run.windowTo, now)}{' '}
      <span className="muted window-length">· {windowLength(run, words)}</span>
    </>
  );
}

function Counts({ run }: { run: RunSummary }) {
  const { m, f } = useI18n();
  if (run.status === 'skipped') return <span className="muted">—</span>;
  const c = run.counts;
  return (
    <span title={m.runs.countsTitle(f.count(c.inserted), f.count(c.updated), f.count(c.unchanged), f.count(c.deactivated))}>
      <span className="c-ins">+{f.count(c.inserted)}</span> <span className="c-upd">~{f.count(c.updated)}</span>{' '}
      <span className="c-del">−{f.count(c.deactivated)}</span>
    </span>
  );
}

/**
 * What went wrong, in the operator's words, with the engine's text behind a disclosure: the cause
 * the engine recorded (what happened and where, then what to do), else the run's problem. A
 * skipped run says it in one line (cut with its full text on hover), beside the disclosure: skips
 * come in numbers and their rows stay as short as the others.
 */
function ProblemCell({ run }: { run: RunSummary }) {
  const words = useI18n();
  const problem = runProblem(run);
  if (!problem) return <td className="error-cell" />;
  const cause = runCause(run, words);
  const attributes = { 'data-testid': 'run-problem', 'data-problem': problem, 'data-cause': run.cause?.code ?? '' };
  if (run.status === 'skipped') {
    const text = cause ? `${cause.title} ${cause.next}` : runProblemText(problem, words);
    return (
      <td className="error-cell skip-reason" {...attributes}>
        <div className="skip-line">
          <span className="skip-text" title={text}>
            {text}
          </span>
          <ErrorDetail detail={run.error ?? ''} />
        </div>
      </td>
    );
  }
  return (
    <td className="error-cell note" {...attributes}>
      {cause ? (
        <>
          <strong className="cause-title">{cause.title}</strong> <span className="cause-next">{cause.next}</span>
        </>
      ) : (
        runProblemText(problem, words)
      )}
      <ErrorDetail detail={run.error ?? ''} />
    </td>
  );
}

export function RunsTable({ runs, now }: { runs: RunSummary[]; now: number }) {
  const words = useI18n();
  const { m, f } = words;
  return (
    <section className="panel runs" aria-labelledby="runs-title">
      <div className="panel-head">
        <div>
          <h2 id="runs-title">{m.runs.title}</h2>
          <p className="muted">{m.runs.subtitle(runs.length)}</p>
        </div>
      </div>
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="runs-table">
          <thead>
            <tr>
              <th scope="col">{m.runs.run}</th>
              <th scope="col">{m.runs.status}</th>
              <th scope="col">{m.runs.trigger}</th>
              <th scope="col">{m.runs.started}</th>
              <th scope="col" className="num">
                {m.runs.took}
              </th>
              <th scope="col">{m.runs.window}</th>
              <th scope="col" className="num">
                {m.runs.orders}
              </th>
              <th scope="col" className="num" title={m.runs.rowsTitle}>
                {m.runs.rows}
              </th>
              <th scope="col" title={m.runs.lockTitle}>
                {m.runs.lock}
              </th>
              <th scope="col" className="error-col">
                {m.runs.error}
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.length === 0 ? (
              <tr>
                <td colSpan={10} className="empty" data-testid="no-runs">
                  {m.runs.none}
                </td>
              </tr>
            ) : (
              runs.map((run) => (
                <tr
                  key={run.id ?? run.startedAt}
                  className={`row-${run.status}`}
                  data-testid="run-row"
                  data-status={run.status}
                  data-trigger={run.trigger}
                  data-run-id={run.id ?? ''}
                >
                  <td className="mono">#{run.id ?? '?'}</td>
                  <td>
                    <StatusPill status={run.status} />
                    {run.degraded && (
                      <span className="pill pill-warn" title={m.runs.degradedTitle}>
                        {m.runs.degraded}
                      </span>
                    )}
                  </td>
                  <td>
                    <span className={`trigger trigger-${run.trigger}`} title={m.runs.startedBy(run.actor)} data-actor={run.actor ?? ''}>
                      {m.trigger[run.trigger]}
                    </span>
                  </td>
                  <td className="nowrap" title={f.full(run.startedAt)}>
                    {f.time(run.startedAt, now)}
                  </td>
                  <td className="num">{runDuration(run, now)}</td>
                  <td className="nowrap" title={`${f.full(run.windowFrom)} → ${f.full(run.windowTo)} (${windowLength(run, words)})`}>
                    {windowCell(run, now, words)}
                    {run.gap && (
                      <div className="cell-warn" title={m.runs.gapTitle}>
                        {m.runs.gapNotCovered(f.timeShort(run.gap.from, now), f.timeShort(run.gap.to, now))}
                      </div>
                    )}
                  </td>
                  <td className="num">{run.status === 'skipped' ? '—' : f.count(run.ordersSeen)}</td>
                  <td className="num mono nowrap">
                    <Counts run={run} />
                  </td>
                  <td className="small nowrap" title={run.fence !== null ? m.runs.fence(run.fence) : ''}>
                    {run.lockBackend ?? '—'}
                    {run.fence !== null && <span className="muted"> · {run.fence}</span>}
                  </td>
                  <ProblemCell run={run} />
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

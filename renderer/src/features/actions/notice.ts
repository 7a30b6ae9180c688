/** The one-line notice an action leaves (the `notice` alert). Pure. */
import type { ReleaseLockOutcome, RunReport } from '../../../../shared/engine-types';
import { formatDuration } from '../../format';
import type { Words } from '../../i18n/i18n';
import { countsText } from '../runs/run-text';

export interface Notice {
  kind: 'ok' | 'warn' | 'error' | 'info';
  text: string;
  /** local time (ms) it was made */
  at: number;
  /** the next step offered with it: after a failure or a forced release, "Sincronizar agora" */
  offer?: 'sync-now';
  /** the technical detail behind a disclosure (the engine's own error text) */
  detail?: string;
}

/** What a run started from the console did: skipped (lock held), failed/aborted, or succeeded with its counts. */
export function describeReport(label: string, report: RunReport, words: Words, at: number = Date.now()): Notice {
  const { m, f } = words;
  const { run } = report;
  const id = String(run.id ?? '?');
  if (report.exitCode === 2) return { kind: 'warn', text: m.actions.skipped(label, report.heldBy?.owner ?? m.actions.anotherRun), at };
  if (report.exitCode === 1 || run.status === 'failed' || run.status === 'aborted') {
    return { kind: 'error', text: m.actions.runEnded(label, id, m.status[run.status]), at, offer: 'sync-now', ...(run.error ? { detail: run.error } : {}) };
  }
  const took = run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : '';
  return { kind: 'ok', text: m.actions.runSucceeded(label, id, took, f.count(run.ordersSeen), countsText(run.counts, words)), at };
}

/** What a release by token did; `holderOwner` is who held the lock when the dialog opened. */
export function describeRelease(outcome: ReleaseLockOutcome, holderOwner: string, { m }: Words, at: number = Date.now()): Notice {
  return outcome.released
    ? { kind: 'warn', text: m.actions.released(outcome.previousOwner ?? holderOwner), at, offer: 'sync-now' }
    : { kind: 'error', text: m.actions.notReleased(outcome.currentOwner), at };
}

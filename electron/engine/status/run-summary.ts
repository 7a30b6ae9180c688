/** Store records → the JSON-safe shapes of shared/engine-types.ts. */
import type { RunSummary } from '../../../shared/engine-types';
import type { RunRecord } from '../store';

export const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

export function toRunSummary(run: RunRecord): RunSummary {
  return {
    id: run.id,
    trigger: run.trigger,
    status: run.status,
    windowFrom: iso(run.windowFrom),
    windowTo: run.windowTo.toISOString(),
    fullLoad: run.fullLoad,
    startedAt: run.startedAt.toISOString(),
    finishedAt: iso(run.finishedAt),
    ordersSeen: run.ordersSeen,
    counts: run.counts,
    error: run.error,
    problem: run.problem,
    cause: run.cause,
    lockBackend: run.lockBackend,
    degraded: run.degraded,
    fence: run.fence,
    gap: run.gapFrom && run.gapTo ? { from: run.gapFrom.toISOString(), to: run.gapTo.toISOString() } : null,
    watermarkBefore: iso(run.watermarkBefore),
    watermarkAfter: iso(run.watermarkAfter),
    host: run.host,
    pid: run.pid,
    demo: run.demo,
    actor: run.actor,
  };
}

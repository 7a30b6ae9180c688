/** Human-readable lines for the CLI (the `--json` flag prints the engine's shapes instead). */
import type { EngineStatus, LockStatus, RunReport, RunSummary } from '../../../shared/engine-types';
import { showInvisible } from '../../../shared/operator-text-rule';
import { describeHolder, lockText } from './lock-text';

const time = (value: string | null) => (value ? value.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');

export function formatRun(run: RunSummary): string {
  const window = run.fullLoad && !run.windowFrom ? `full load → ${time(run.windowTo)}` : `${time(run.windowFrom)} → ${time(run.windowTo)}`;
  const counts = `orders ${run.ordersSeen}, +${run.counts.inserted} ~${run.counts.updated} =${run.counts.unchanged} -${run.counts.deactivated}`;
  const lock = run.lockBackend ? ` lock ${run.lockBackend}${run.degraded ? ' (DEGRADED)' : ''} fence ${run.fence ?? '—'}` : '';
  const error = run.error ? `\n      ${showInvisible(run.error, { lineBreaks: true })}` : '';
  return `#${run.id ?? '?'} ${run.status.padEnd(9)} ${run.trigger.padEnd(9)} ${window}  ${counts}${lock}${error}`;
}

export function formatReport(report: RunReport): string {
  const lines = [formatRun(report.run)];
  if (report.heldBy)
    lines.push(`lock ocupado por ${describeHolder(report.heldBy)}${report.heldBy.acquiredAt ? ` desde ${time(report.heldBy.acquiredAt)}` : ''}`);
  return lines.join('\n');
}

/** The lock block of `lock status` and `status`, in pt-BR (cli/lock-text.ts). */
export function formatLock(lock: LockStatus, now: Date = new Date()): string {
  return lockText(lock, now);
}

export function formatStatus(status: EngineStatus): string {
  const lines = [
    `mode: ${status.modeLabel}${status.mode === 'demo' ? ' (simulated Odoo)' : ''}   odoo ${status.odoo.url} db ${status.odoo.db} protocol ${status.odoo.protocol ?? 'auto (asked at the first run)'}`,
    `database: ${status.database.backend} ${status.database.target}`,
    `watermark: ${time(status.watermark)}   carteira: ${status.totals.rows} rows, ${status.totals.active} active, ${status.totals.orders} orders`,
    `schedule: every ${status.settings.intervalMinutes} min, window ${status.settings.windowMinutes} min (overlap ${status.settings.overlapMinutes} min)${status.paused ? `   PAUSED by ${showInvisible(status.paused.by ?? '?')}: ${showInvisible(status.paused.reason ?? '')}` : ''}`,
  ];
  if (status.scheduler) {
    const service = status.scheduler.active ? '' : '  (if a scheduler service is running)';
    lines.push(
      `next run: ${status.paused ? 'none: paused' : time(status.scheduler.nextRunAt)}   next reconcile: ${time(status.scheduler.nextReconcileAt)}${service}`,
    );
  }
  lines.push(formatLock(status.lock, new Date(status.now)));
  if (status.running)
    lines.push(`running: run #${status.running.runId} (${status.running.trigger}) ${status.running.ordersDone}/${status.running.ordersTotal} orders`);
  const gaps = status.coverage.gaps;
  lines.push(
    gaps.length === 0
      ? 'gaps: none'
      : `gaps: ${gaps.map((gap) => `${time(new Date(gap.from).toISOString())} → ${time(new Date(gap.to).toISOString())}`).join(', ')}  (run --from … --to … to fill)`,
  );
  lines.push('last runs:');
  for (const run of status.recentRuns.slice(0, 10)) lines.push(`  ${formatRun(run)}`);
  return lines.join('\n');
}

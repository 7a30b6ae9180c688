/**
 * `status`, `run` and `reconcile` as the CLI prints them (issue 18.4): pt-BR, in the catalogue's
 * words for statuses, triggers, health rules and why a run did not succeed; this host's local time
 * (shared/local-time.ts), the zone said once; grouped numbers. The engine's own text (an error
 * quoted from Odoo, PostgreSQL) follows as technical details, escaped (`showInvisible`). The lock
 * block is lock-text.ts's.
 */
import type { EngineStatus, RunReport, RunSummary } from '../../../shared/engine-types';
import { causeLine } from '../../../shared/failure-text';
import { localDateTime, localRange, localZone, utcOffset } from '../../../shared/local-time';
import { messages } from '../../../shared/messages';
import { showInvisible } from '../../../shared/operator-text-rule';
import { describeHolder, lockText } from './lock-text';

const m = messages['pt-BR'];
const NUMBER = new Intl.NumberFormat('pt-BR');
const count = (n: number) => NUMBER.format(n);
const time = (value: string | null | undefined) => localDateTime(value, { seconds: true });

/** Widest words, so the columns of the runs list line up. */
const STATUS_WIDTH = Math.max(...Object.values(m.status).map((word) => word.length));
const TRIGGER_WIDTH = Math.max(...Object.values(m.trigger).map((word) => word.length));

/** Why a run did not succeed, in the console's words (its problem; runs from before it was recorded by their status). */
function problemText(run: RunSummary): string | null {
  if (run.status === 'succeeded' || run.status === 'running') return null;
  // the engine's cause, when it knows one: what failed, where, and what to do (issue 18.2)
  if (run.cause && run.problem !== 'lockHeld') return causeLine(run.cause, m);
  if (run.problem === 'lockLost') return m.runs.lockLost;
  if (run.problem) return m.runs.problem[run.problem];
  if (run.status === 'skipped') return m.runs.problem.skipped;
  return run.status === 'aborted' ? m.runs.problem.stopped : m.runs.problem.failed;
}

export function formatRun(run: RunSummary): string {
  const window =
    run.fullLoad && !run.windowFrom
      ? `carga completa → ${time(run.windowTo)}`
      : !run.windowFrom
        ? `todos os pedidos → ${time(run.windowTo)}` // a reconciliation compares every order
        : localRange(run.windowFrom, run.windowTo, { seconds: true, zone: false });
  const counts = `${count(run.ordersSeen)} ${run.ordersSeen === 1 ? 'pedido' : 'pedidos'}, +${count(run.counts.inserted)} ~${count(run.counts.updated)} =${count(run.counts.unchanged)} -${count(run.counts.deactivated)}`;
  const lock = run.lockBackend ? `  lock ${run.lockBackend}${run.degraded ? ' (DEGRADADO)' : ''}, fence ${run.fence ?? '—'}` : '';
  const lines = [`#${run.id ?? '?'} ${m.status[run.status].padEnd(STATUS_WIDTH)} ${m.trigger[run.trigger].padEnd(TRIGGER_WIDTH)}  ${window}  ${counts}${lock}`];
  const problem = problemText(run);
  if (problem) lines.push(`      ${problem}`);
  if (run.error) lines.push(`      detalhes técnicos: ${showInvisible(run.error, { lineBreaks: true })}`);
  return lines.join('\n');
}

export function formatReport(report: RunReport): string {
  const lines = [formatRun(report.run)];
  if (report.heldBy)
    lines.push(`lock ocupado por ${describeHolder(report.heldBy)}${report.heldBy.acquiredAt ? ` desde ${time(report.heldBy.acquiredAt)}` : ''}`);
  return lines.join('\n');
}

/** `saúde: Crítico (Lacunas na cobertura: Crítico; Falhas consecutivas: Atenção)`. */
function healthLine(status: EngineStatus): string {
  const failing = status.health.rules.filter((rule) => rule.checked && rule.level !== 'ok');
  const rules = failing.map((rule) => `${m.health.rules[rule.id]}: ${m.health.level[rule.level]}`).join('; ');
  return `saúde: ${m.health.level[status.health.level]}${rules ? ` (${rules})` : ''}`;
}

/** `2025-01-14T20:00:00-03:00`: a `--from`/`--to` value in local time with its offset (the CLI reads it as ISO). */
function isoLocal(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const offset = utcOffset(date);
  const zone = offset === 'UTC' ? 'Z' : offset.slice(3).replace('−', '-');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${zone}`;
}

export function formatStatus(status: EngineStatus): string {
  const database = status.database.backend === 'pglite' ? `embutido (PGlite) ${status.database.target}` : `PostgreSQL ${status.database.target}`;
  const paused = status.paused ? `   PAUSADO por ${showInvisible(status.paused.by ?? '?')}: ${showInvisible(status.paused.reason ?? '')}` : '';
  const { intervalMinutes, windowMinutes, overlapMinutes } = status.settings;
  const lines = [
    healthLine(status),
    `modo: ${status.modeLabel}${status.mode === 'demo' ? ' (Odoo simulado)' : ''}   Odoo ${status.odoo.url}, banco ${status.odoo.db}, protocolo ${status.odoo.protocol ?? 'auto (escolhido na primeira execução)'}`,
    `banco de dados: ${database}`,
    `horários locais (${localZone(status.now)})`,
    `marca d’água: ${time(status.watermark)}   carteira: ${count(status.totals.rows)} linhas, ${count(status.totals.active)} ativas, ${count(status.totals.orders)} pedidos`,
    `agenda: a cada ${intervalMinutes} min, janela de ${windowMinutes} min (sobreposição de ${overlapMinutes} min)${paused}`,
  ];
  if (status.scheduler) {
    const elsewhere = status.scheduler.active ? '' : '   (se um serviço de agendamento estiver rodando)';
    const next = status.paused ? 'nenhuma (pausado)' : time(status.scheduler.nextRunAt);
    lines.push(`próxima execução: ${next}   próxima reconciliação: ${time(status.scheduler.nextReconcileAt)}${elsewhere}`);
  }
  lines.push(lockText(status.lock, new Date(status.now)));
  if (status.running) {
    const running = status.running;
    lines.push(`em andamento: execução #${running.runId} (${m.trigger[running.trigger]}), ${count(running.ordersDone)}/${count(running.ordersTotal)} pedidos`);
  }
  const gaps = status.coverage.gaps;
  lines.push(
    gaps.length === 0
      ? 'lacunas: nenhuma'
      : `lacunas: ${gaps.map((gap) => localRange(gap.from, gap.to, { seconds: true, zone: false })).join(', ')}  (preencha: ${gaps
          .slice(0, 1)
          .map((gap) => `run --from ${isoLocal(gap.from)} --to ${isoLocal(gap.to)}`)
          .join('')})`,
  );
  lines.push('últimas execuções (linhas: + novas, ~ alteradas, = sem mudança, - desativadas):');
  for (const run of status.recentRuns.slice(0, 10)) lines.push(`  ${formatRun(run).replace(/\n/g, '\n  ')}`);
  return lines.join('\n');
}

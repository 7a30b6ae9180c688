/**
 * One sync or reconciliation at a time, start to finish: plan the window, take the lock
 * (a held lock is a recorded skip), record the run, apply the window batch by batch under
 * the lock's fence, move the watermark only when everything applied, record the outcome
 * with the runbook's log messages, and release the lock only if it is still ours.
 */
import { hostname } from 'node:os';
import type { Interval } from '../../../shared/coverage';
import type { RunRequest } from '../../../shared/console-schemas';
import type { EngineEvent, RunProgress, RunReport } from '../../../shared/engine-types';
import type { FailureCause } from '../../../shared/failure-cause';
import { causeLine } from '../../../shared/failure-text';
import { localDateTime, localDateTimeZoned, localRange } from '../../../shared/local-time';
import { messages } from '../../../shared/messages';
import { classifyFailure, failureTargets, type FailureTargets } from '../classify-failure';
import type { Clock } from '../clock';
import { type EngineConfig, overlapMinutes } from '../config';
import { engineReasonText, lockReasonText } from '../lock/lock-reason-text';
import type { Logger } from '../logger';
import { type LockHandle, LockLostError } from '../lock/types';
import type { SyncLock } from '../lock';
import { OdooFault, type OdooClient } from '../odoo';
import { answersAsProgress, withRunScope } from '../run-scope';
import { iso, syncedWindows, toRunSummary } from '../status';
import { DeactivationLimitError } from '../store/deactivation-limit';
import { FenceError, type NewRun, type RunSuccess, type RunTrigger, type Store } from '../store/types';
import { budgetedStore, deactivationBudget } from './deactivation-budget';
import { beyondOdooClock, trustedOdooBound, watermarkCandidate } from './odoo-clock-bound';
import { OrderReader } from './order-reader';
import { readLimitsOf } from './read-limits';
import { reconcileOrders } from './reconcile';
import { emptyCounts, syncWindow } from './sync-window';
import { type WindowPlan, mayAdvanceWatermark, planManualWindow, planRecoveryWindow, planScheduledRun } from './window-planner';

export interface SyncRunnerDeps {
  config: EngineConfig;
  store: Store;
  odoo: OdooClient;
  lock: SyncLock;
  logger: Logger;
  clock: Clock;
  /** the process named in the runs it records (default this process) */
  pid?: number;
  emit: (event: EngineEvent) => void;
  /** the places a failure's cause names (default: from the configuration) */
  targets?: FailureTargets;
}

/** What a run did, and what it may move: recorded with its success in one transaction (`Store.recordRunSuccess`). */
type Work = Omit<RunSuccess, 'finishedAt'>;

interface Prepared {
  plan: WindowPlan;
  watermark: Date | null;
  odooSyncedTo: Date | null;
  /** windows of earlier successful syncs */
  covered: Interval[];
}

type WorkFn = (
  context: Prepared & {
    runId: number;
    handle: LockHandle;
    signal: AbortSignal;
    progress: (p: Omit<RunProgress, 'runId' | 'trigger' | 'startedAt' | 'windowFrom' | 'windowTo'>) => void;
  },
) => Promise<Work>;

export class SyncRunner {
  private current: { progress: RunProgress; controller: AbortController } | null = null;
  private readonly host = hostname();

  private readonly deps: SyncRunnerDeps;

  constructor(deps: SyncRunnerDeps) {
    // every answer a run gets, from Odoo or the store (either backend), is its progress: the lock is renewed only while there is some
    this.deps = { ...deps, odoo: answersAsProgress(deps.odoo), store: answersAsProgress(deps.store) };
  }

  get running(): RunProgress | null {
    return this.current ? { ...this.current.progress } : null;
  }

  /** Asks the current run to stop at its next batch boundary (graceful shutdown). */
  abortCurrent(reason: string): void {
    this.current?.controller.abort(new Error(reason));
  }

  /**
   * `minIntervalMinutes` guards against double fires: checked UNDER the lock, so of two
   * schedulers firing for the same slot the second sees the first's run and stands down.
   */
  async run(request: RunRequest, options: { minIntervalMinutes?: number; actor?: string } = {}): Promise<RunReport> {
    const { config, store } = this.deps;
    const trigger: RunTrigger = request.kind === 'planned' ? request.trigger : 'recovery';
    const prepare = async (): Promise<Prepared> => {
      const { watermark, odooSyncedTo } = await store.getSyncState();
      const covered = await this.coveredWindows(odooSyncedTo ?? watermark);
      return { plan: this.plan(request, this.deps.clock.now(), watermark, odooSyncedTo, covered), watermark, odooSyncedTo, covered };
    };
    const recentRun = options.minIntervalMinutes ? () => this.recentRun(options.minIntervalMinutes!) : undefined;
    return this.execute(trigger, options.actor, prepare, recentRun, async ({ plan, watermark, odooSyncedTo, covered, runId, handle, signal, progress }) => {
      if (plan.gap) {
        this.deps.logger.warn(
          'sync.gap',
          `Lacuna não coberta: ${localRange(plan.gap.from, plan.gap.to)}, além de SYNC_MAX_CATCHUP_HOURS=${config.maxCatchUpHours}; use uma sincronização de recuperação`,
          {
            runId,
            gapFrom: plan.gap.from.toISOString(),
            gapTo: plan.gap.to.toISOString(),
          },
        );
      }
      const reader = new OrderReader(this.deps.odoo, readLimitsOf(this.deps.config));
      const readsAllOdooHas = request.kind !== 'range';
      // Odoo's clock before reading: every row Odoo committed before it is read by this run.
      const readFrom = readsAllOdooHas ? this.notAheadOfLocalClock(await this.deps.odoo.serverTimeAtLeast(), runId) : null;
      // What the run reads ends when it begins reading, which a slow Odoo can put hours after the plan.
      const readsUpTo = readsAllOdooHas ? (readFrom ?? this.deps.clock.now()) : null;
      // one answer may not deactivate more than a share of the carteira (issue 16.1)
      const budget = deactivationBudget((await store.totals()).active, config.reconcileMaxDeactivatePercent, false);
      const result = await syncWindow(reader, budgetedStore(store, budget), {
        from: plan.from,
        // Only an operator's explicit stretch is closed; other runs read all Odoo has now,
        // so a row stamped in the very second the run started is not left to the next run.
        to: readsAllOdooHas ? null : plan.to,
        runId,
        guard: handle.guard,
        batchOrders: config.batchOrders,
        signal,
        onProgress: progress,
      });
      signal.throwIfAborted();
      const connected = mayAdvanceWatermark(plan, watermark, covered, odooSyncedTo);
      // A write_date beyond Odoo's clock (an import stamped 2099) is synced, but the watermark stops at the bound.
      const newest = watermarkCandidate(result.newestWriteDate, this.deps.clock.now());
      if (newest.future) await this.warnFutureWriteDates(runId);
      this.warnHealed(runId, watermark, odooSyncedTo);
      await this.reportCollisions(runId);
      // An empty Odoo's first load moves the watermark to its end, so scheduled runs continue from there.
      const watermarkTo = connected && newest.watermarkTo ? newest.watermarkTo : plan.fullLoad && !watermark ? plan.to : null;
      const protocol = this.deps.odoo.protocol;
      if (readsAllOdooHas && !readFrom)
        this.deps.logger.warn('sync.no_odoo_clock', 'Odoo não enviou o cabeçalho Date: a próxima execução parte da marca d’água', { runId });
      return {
        ordersSeen: result.ordersSeen,
        counts: result.counts,
        watermarkTo,
        odooSyncedTo: readFrom && connected && protocol ? { at: readFrom, protocol } : null,
        windowTo: readsUpTo,
        notAfter: trustedOdooBound(this.deps.clock.now()),
      };
    });
  }

  /**
   * Compares every Odoo order with the local copy: gone orders deactivated, missing or newer ones
   * re-synced. `deactivationConfirmed`: an operator confirmed (audited by the caller) that Odoo's
   * answer is right, so the gone orders are deactivated however many they are.
   */
  async reconcile(options: { deactivationConfirmed?: boolean; actor?: string } = {}): Promise<RunReport> {
    const prepare = async (): Promise<Prepared> => ({
      plan: { from: null, to: this.deps.clock.now(), fullLoad: false, gap: null },
      watermark: null,
      odooSyncedTo: null,
      covered: [],
    });
    return this.execute('reconcile', options.actor, prepare, undefined, async ({ plan, runId, handle, signal, progress }) => {
      const reader = new OrderReader(this.deps.odoo, readLimitsOf(this.deps.config));
      const since = new Date(plan.to.getTime() - this.deps.config.reconcileLookbackHours * 3600_000);
      const result = await reconcileOrders(reader, this.deps.store, {
        lineLookbackSince: since,
        maxDeactivatePercent: this.deps.config.reconcileMaxDeactivatePercent,
        deactivationConfirmed: options.deactivationConfirmed ?? false,
        runId,
        guard: handle.guard,
        batchOrders: this.deps.config.batchOrders,
        signal,
        onProgress: progress,
      });
      this.deps.logger.info('reconcile.compared', 'Reconciliação: pedidos comparados', { ...result.found });
      await this.reportCollisions(runId);
      if (result.held) {
        this.deps.logger.warn('reconcile.deactivation_held', result.held.message, {
          runId,
          goneOrders: result.held.goneOrders,
          wouldDeactivate: result.held.wouldDeactivate,
          activeRows: result.held.activeRows,
          allowed: result.held.allowed,
        });
        throw result.held;
      }
      return { ordersSeen: result.ordersSeen, counts: result.counts, watermarkTo: null, odooSyncedTo: null, windowTo: null };
    });
  }

  private plan(request: RunRequest, now: Date, watermark: Date | null, odooSyncedTo: Date | null, covered: Interval[]): WindowPlan {
    const { config } = this.deps;
    if (request.kind === 'window') return planManualWindow(now, request.minutes);
    if (request.kind === 'range') return planRecoveryWindow(new Date(request.from), new Date(request.to), now);
    return planScheduledRun(config, { now, watermark, odooSyncedTo, covered });
  }

  /**
   * Odoo's clock, but never more than a minute ahead of this host's: a `Date` header from a
   * proxy whose clock runs ahead would otherwise carry the next start past rows not yet
   * written, and the store keeps the maximum for good. Capping only moves the start earlier
   * (more re-read, nothing missed).
   */
  private notAheadOfLocalClock(odooTime: Date | null, runId: number): Date | null {
    if (odooTime === null) return null;
    if (!beyondOdooClock(odooTime, this.deps.clock.now())) return odooTime;
    this.deps.logger.warn(
      'sync.odoo_clock_ahead',
      'O relógio do Odoo (cabeçalho Date) está adiantado em relação a este host: a próxima execução parte do relógio local',
      {
        runId,
        odooTime: odooTime.toISOString(),
        localTime: this.deps.clock.now().toISOString(),
      },
    );
    return trustedOdooBound(this.deps.clock.now());
  }

  /** Rows stamped beyond Odoo's clock (an import with a wrong clock): synced, but named, and kept out of the watermark. */
  private async warnFutureWriteDates(runId: number): Promise<void> {
    const bound = trustedOdooBound(this.deps.clock.now());
    const future = await this.deps.store.ordersWrittenAfter(bound, 10);
    this.deps.logger.warn(
      'sync.future_write_date',
      `write_date no futuro no Odoo (além do relógio do Odoo + 1 min, ${localDateTimeZoned(bound, { seconds: true })}): as linhas foram sincronizadas, mas a marca d’água fica em ${localDateTime(bound, { seconds: true })}. Corrija a data no Odoo (importação com relógio errado?) ou, se o relógio deste host estiver atrasado, o NTP dele: ${future.map((order) => `${order.numPedido} (id ${order.odooOrderId}, ${localDateTime(order.writeDate, { seconds: true })})`).join(', ')}`,
      { runId, bound: bound.toISOString(), orders: future.map((order) => ({ ...order, writeDate: order.writeDate.toISOString() })) },
    );
  }

  /** A stored watermark or Odoo clock beyond Odoo's clock (from before the bound existed) is pulled back by this run's success. */
  private warnHealed(runId: number, watermark: Date | null, odooSyncedTo: Date | null): void {
    const now = this.deps.clock.now();
    const healed = [watermark, odooSyncedTo].filter((at): at is Date => at !== null && beyondOdooClock(at, now));
    if (healed.length === 0) return;
    this.deps.logger.warn(
      'sync.watermark_healed',
      `A marca d’água gravada (${localDateTime(watermark, { seconds: true })}; relógio do Odoo ${localDateTime(odooSyncedTo, { seconds: true })}) está no futuro: volta para ${localDateTimeZoned(trustedOdooBound(now), { seconds: true })} com o sucesso desta execução`,
      { runId, watermark: iso(watermark), odooSyncedTo: iso(odooSyncedTo) },
    );
  }

  /** Keys two orders claim (same name, same product): named in the log, one line each, until fixed in Odoo. */
  private async reportCollisions(runId: number): Promise<void> {
    const { total, items } = await this.deps.store.keyCollisions({ seenInRun: runId, limit: 20 });
    for (const c of items) {
      this.deps.logger.warn(
        'sync.key_collision',
        `Chave (${c.numPedido}, ${c.codProduto}) em dois pedidos do Odoo com o mesmo número: o pedido id ${c.keptOrderId} fica com a chave, a linha do pedido id ${c.skippedOrderId} não foi gravada. Renumere um deles no Odoo (sale.order.name)`,
        { runId, ...c, firstSeenAt: c.firstSeenAt.toISOString(), lastSeenAt: c.lastSeenAt.toISOString() },
      );
    }
    if (total > items.length)
      this.deps.logger.warn('sync.key_collisions_more', `… e mais ${total - items.length} chave(s) em colisão (veja o status)`, { runId, total });
  }

  /**
   * Windows of successful syncs that can matter for planning: a run covers up to about when it
   * started (later only if Odoo kept it waiting before it read), so only runs started after the
   * connection point (less a margin) can cover anything after it.
   */
  private async coveredWindows(watermark: Date | null): Promise<Interval[]> {
    const since = watermark ? new Date(watermark.getTime() - (overlapMinutes(this.deps.config) + 60) * 60_000) : undefined;
    return syncedWindows(await this.deps.store.listRuns({ since, limit: 100_000 }));
  }

  /** A sync that succeeded or is running, started less than `minutes` ago: the reason to skip. */
  private async recentRun(minutes: number): Promise<string | null> {
    const since = new Date(this.deps.clock.now().getTime() - minutes * 60_000);
    const recent = (await this.deps.store.listRuns({ since, limit: 20 })).find(
      (run) => run.trigger !== 'reconcile' && (run.status === 'succeeded' || run.status === 'running'),
    );
    return recent
      ? `a execução #${recent.id} começou ${localDateTimeZoned(recent.startedAt, { seconds: true })}, há menos de SYNC_MIN_INTERVAL_MINUTES (${minutes} min)`
      : null;
  }

  /**
   * `prepare` plans the window; it runs once before the lock (so a skipped run is recorded
   * with the window it would have covered) and again under the lock, where the watermark
   * can no longer move under our feet.
   */
  private async execute(
    trigger: RunTrigger,
    /** who asked for the run (recorded with it, skips included) */
    actor: string | undefined,
    prepare: () => Promise<Prepared>,
    skipReason: (() => Promise<string | null>) | undefined,
    work: WorkFn,
  ): Promise<RunReport> {
    const { store, lock, clock } = this.deps;
    const record = (plan: WindowPlan): Omit<NewRun, 'status' | 'fence' | 'lockBackend' | 'degraded'> => ({
      trigger,
      windowFrom: plan.from,
      windowTo: plan.to,
      fullLoad: plan.fullLoad,
      startedAt: clock.now(),
      host: this.host,
      pid: this.deps.pid ?? process.pid,
      demo: this.deps.config.mode === 'demo',
      gapFrom: plan.gap?.from ?? null,
      gapTo: plan.gap?.to ?? null,
      actor: actor ?? null,
    });
    const base = record((await prepare()).plan);

    let acquired;
    try {
      acquired = await lock.tryAcquire({ runId: null });
    } catch (error) {
      const message = errorMessage(error);
      const cause = this.causeOf(error);
      const runId = await store.insertRun({ ...base, status: 'running', fence: null, lockBackend: null, degraded: false });
      await store.finishRun(runId, {
        status: 'failed',
        finishedAt: clock.now(),
        ordersSeen: 0,
        counts: emptyCounts(),
        error: message,
        problem: 'failed',
        cause,
      });
      this.deps.logger.error('sync.failed', `Erro na sincronização: ${failedText(cause, message)}`, { runId, trigger, ...causeFields(cause) });
      return this.report(runId, 1, null);
    }

    if (!acquired.acquired) {
      const holder = acquired.holder;
      const runId = await store.insertRun({
        ...base,
        status: 'skipped',
        fence: null,
        lockBackend: acquired.backend,
        degraded: acquired.degraded,
        error: holder
          ? `lock held by ${holder.owner} on ${holder.host} (pid ${holder.pid}, run ${holder.runId ?? '?'}) since ${holder.acquiredAt}`
          : 'lock held',
        problem: 'lockHeld',
        // who holds it, when it is one of ours (a legacy or foreign value is told by the lock card)
        cause: holder && (holder.value?.kind ?? 'ours') === 'ours' ? { code: 'lockHeld', target: holder.owner.slice(0, 120) } : null,
      });
      this.deps.logger.info('sync.skipped', 'Sincronização já em execução - pulando', { runId, trigger, holder });
      const report = await this.report(runId, 2, holder ? { ...holder } : null);
      this.deps.emit({ type: 'run-finished', run: report.run });
      return report;
    }

    const handle = acquired.handle;
    try {
      // The run's statements are cancelled when it is aborted, and its answers keep the lock renewed (run-scope.ts).
      const current = () => this.current;
      const scope = {
        get signal() {
          return current()?.controller.signal;
        },
        answered: () => handle.progress(),
      };
      return await withRunScope(scope, () => this.holding(handle, trigger, prepare, record, skipReason, work));
    } finally {
      // Only if still ours: a lock an operator released, or another holder took, is left alone.
      await handle.release().catch((error: unknown) => this.deps.logger.warn('lock.release_failed', `Falha ao liberar o lock: ${errorMessage(error)}`));
    }
  }

  /** Everything done while holding the lock: re-plan, record, work, record the outcome. */
  private async holding(
    handle: LockHandle,
    trigger: RunTrigger,
    prepare: () => Promise<Prepared>,
    record: (plan: WindowPlan) => Omit<NewRun, 'status' | 'fence' | 'lockBackend' | 'degraded'>,
    skipReason: (() => Promise<string | null>) | undefined,
    work: WorkFn,
  ): Promise<RunReport> {
    const { store, lock, clock } = this.deps;
    const prepared = await prepare();
    const plan = prepared.plan;
    const base = record(plan);
    const skipBecause = skipReason ? await skipReason().catch(() => null) : null;
    if (skipBecause) {
      const runId = await store.insertRun({
        ...base,
        status: 'skipped',
        fence: handle.fence,
        lockBackend: handle.backend,
        degraded: handle.degraded,
        error: skipBecause,
        problem: 'recent',
      });
      this.deps.logger.info('sync.skipped_recent', `Sincronização recente - pulando (${skipBecause})`, { runId, trigger });
      return this.finish(runId, 2);
    }
    const zombies = await store.abortFencedOutRuns(handle.fence, clock.now());
    if (zombies > 0)
      this.deps.logger.warn('sync.zombies_aborted', `${zombies} execução(ões) marcada(s) como abortada(s): perderam o lock antes de terminar`, {
        fence: handle.fence,
      });
    const runId = await store.insertRun({
      ...base,
      status: 'running',
      fence: handle.fence,
      lockBackend: handle.backend,
      degraded: handle.degraded,
      lockToken: handle.token,
      lockAcquiredAt: handle.holder.acquiredAt,
    });
    const log = this.deps.logger.child({ runId, trigger });
    const controller = new AbortController();
    const unsubscribe = handle.onLost((reason) => controller.abort(new LockLostError(reason, handle.token)));
    this.current = {
      controller,
      progress: {
        runId,
        trigger,
        startedAt: base.startedAt.toISOString(),
        windowFrom: iso(plan.from),
        windowTo: plan.to.toISOString(),
        ordersTotal: 0,
        ordersDone: 0,
        counts: emptyCounts(),
      },
    };
    try {
      await handle.setRunId(runId);
      const started = await store.getRun(runId);
      if (started) this.deps.emit({ type: 'run-started', run: toRunSummary(started) });
      log.info(
        'sync.started',
        trigger === 'reconcile'
          ? 'Iniciando reconciliação: todos os pedidos do Odoo comparados com a carteira'
          : `Iniciando sincronização (${messages['pt-BR'].trigger[trigger]}) ${plan.fullLoad || !plan.from ? 'carga completa' : `janela ${localRange(plan.from, plan.to)}`}`,
        {
          windowFrom: iso(plan.from),
          windowTo: plan.to.toISOString(),
          fence: handle.fence,
          lockBackend: handle.backend,
          degraded: handle.degraded,
        },
      );
      const result = await work({
        ...prepared,
        runId,
        handle,
        signal: controller.signal,
        progress: (progress) => {
          if (!this.current) return;
          Object.assign(this.current.progress, progress);
          this.deps.emit({ type: 'run-progress', progress: { ...this.current.progress } });
        },
      });
      const watermarkAfter = await store.recordRunSuccess(runId, { ...result, finishedAt: clock.now() }, handle.guard);
      await lock.recordSuccess(clock.now()).catch((error: unknown) => log.warn('lock.last_run_failed', `last_run não gravado: ${errorMessage(error)}`));
      log.info('sync.succeeded', 'SINCRONIZAÇÃO INCREMENTAL CONCLUÍDA COM SUCESSO', {
        ordersSeen: result.ordersSeen,
        ...result.counts,
        watermark: iso(watermarkAfter),
      });
      return await this.finish(runId, 0);
    } catch (caught) {
      const error = controller.signal.aborted && !(caught instanceof FenceError) ? (controller.signal.reason ?? caught) : caught;
      const lost = error instanceof LockLostError;
      const problem = lost ? 'lockLost' : controller.signal.aborted ? 'stopped' : error instanceof DeactivationLimitError ? 'deactivationHeld' : 'failed';
      const status = problem === 'lockLost' || problem === 'stopped' ? 'aborted' : 'failed';
      const message = errorMessage(error);
      // why it failed, in the operator's words (a lost lock, a stop, a held deactivation say it themselves)
      const cause = problem === 'failed' ? this.causeOf(error) : null;
      // After a lost lock nothing more is written; the counts are what earlier batches applied.
      const recorded =
        lost && !(error instanceof FenceError) ? `${message} (nothing more written after that; the counts are what was applied before)` : message;
      await store.finishRun(runId, {
        status,
        finishedAt: clock.now(),
        ordersSeen: this.current?.progress.ordersTotal ?? 0,
        counts: this.current?.progress.counts ?? emptyCounts(),
        error: recorded,
        problem,
        cause,
      });
      if (lost) log.error('lock.lost', `Lock perdido durante a sincronização; nada mais foi gravado: ${lockReasonText(message)}`);
      log.error('sync.failed', `Erro na sincronização: ${failedText(cause, message)}`, { status, ...causeFields(cause) });
      // the message quotes Odoo cut to a few kB; the whole text (a traceback) only at debug level
      if (error instanceof OdooFault) log.debug('sync.failed_odoo_text', 'Texto completo do erro do Odoo', { odooText: error.faultString });
      return await this.finish(runId, 1);
    } finally {
      unsubscribe();
      this.current = null;
    }
  }

  private causeOf(error: unknown): FailureCause {
    return classifyFailure(error, this.deps.targets ?? failureTargets(this.deps.config));
  }

  private async finish(runId: number, exitCode: 0 | 1 | 2): Promise<RunReport> {
    const report = await this.report(runId, exitCode, null);
    this.deps.emit({ type: 'run-finished', run: report.run });
    return report;
  }

  private async report(runId: number, exitCode: 0 | 1 | 2, heldBy: RunReport['heldBy']): Promise<RunReport> {
    const record = await this.deps.store.getRun(runId);
    if (!record) throw new Error(`run ${runId} vanished from sync_runs`);
    return { run: toRunSummary(record), exitCode, heldBy };
  }
}

/** The runbook's `Erro na sincronização:` line: the cause in pt-BR and what to do, then the engine's own text. */
function failedText(cause: FailureCause | null, message: string): string {
  return cause ? `${causeLine(cause, messages['pt-BR'])} (${message})` : engineReasonText(message);
}

const causeFields = (cause: FailureCause | null) => (cause ? { cause: cause.code, causeTarget: cause.target } : {});

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

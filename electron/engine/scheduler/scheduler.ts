/**
 * The scheduler, in Temporal Schedules' terms: a run every SYNC_INTERVAL_MINUTES on
 * UTC-anchored slots, overlap policy "skip" (a run that finds the lock held is recorded as
 * skipped), catch-up on start and on wake from sleep (the window planner covers the whole
 * downtime from the watermark), pause/resume persisted in the store, a daily
 * reconciliation, and a graceful stop.
 *
 * Time only enters through `tick()`: node-cron calls it every minute in production, tests
 * call it with a driven clock.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { RunRequest } from '../../../shared/console-schemas';
import type { RunReport, RunSummary, SchedulerStatus } from '../../../shared/engine-types';
import { causeLine } from '../../../shared/failure-text';
import { localDateTimeZoned } from '../../../shared/local-time';
import { messages } from '../../../shared/messages';
import { classifyFailure, type FailureTargets } from '../classify-failure';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { nextDailyAt, slotOf, slotStart } from './slots';

/** What the scheduler needs from the engine, and nothing more. */
export interface SchedulerEngine {
  isPaused(): Promise<boolean>;
  lastSuccessfulSync(): Promise<RunSummary | null>;
  runSync(request: RunRequest, options?: { minIntervalMinutes?: number; actor?: string }): Promise<RunReport>;
  reconcile(options?: { actor?: string }): Promise<RunReport>;
  abortCurrentRun(reason: string): void;
}

export interface SchedulerOptions {
  intervalMinutes: number;
  minIntervalMinutes: number;
  reconcileHourUtc: number | null;
  clock: Clock;
  logger: Logger;
  /** how long stop() lets the current run finish before asking it to abort */
  stopGraceMs?: number;
  /** the places a failure's cause names, for a run that could not even be recorded (PostgreSQL down) */
  failureTargets?: FailureTargets;
}

const MINUTE = 60_000;
/** The actor recorded with the runs the scheduler starts (its slots, catch-ups, reconciliations). */
const SCHEDULER_ACTOR = 'scheduler';
/** Why a catch-up runs, as the log says it. */
const CATCH_UP_WORDS: Record<'start' | 'wake' | 'resume', string> = {
  start: 'ao iniciar',
  wake: 'ao acordar de uma suspensão',
  resume: 'ao retomar o agendamento',
};

/** How long stop() waits for an aborted run to wind down (cancel its statement, record the outcome) before leaving it behind. */
const ABORT_WAIT_MS = 5_000;
/** A minute tick that arrives this late means the machine slept (or the process was frozen). */
const WAKE_THRESHOLD_MS = 3 * MINUTE;

export class Scheduler {
  private task: ScheduledTask | null = null;
  private lastTickAt: Date | null = null;
  private lastSlot: number | null = null;
  private firstRunAt: Date | null = null;
  private nextReconcileAt: Date | null = null;
  private inFlight: Promise<unknown> | null = null;
  private stopping = false;

  constructor(
    private readonly engine: SchedulerEngine,
    private readonly options: SchedulerOptions,
  ) {}

  /** Starts ticking every minute (node-cron, UTC). With `runNow` the first run starts at once. */
  async start(options: { runNow?: boolean; timer?: boolean } = {}): Promise<void> {
    const now = this.options.clock.now();
    this.lastTickAt = now;
    this.lastSlot = slotOf(now, this.options.intervalMinutes);
    this.nextReconcileAt = this.options.reconcileHourUtc === null ? null : nextDailyAt(now, this.options.reconcileHourUtc);
    this.firstRunAt = options.runNow ? null : new Date(now.getTime() + MINUTE);
    const first = localDateTimeZoned(this.firstRunAt ?? now);
    const reconcile = this.nextReconcileAt ? `; reconciliação diária, a próxima ${localDateTimeZoned(this.nextReconcileAt)}` : '';
    this.options.logger.info('scheduler.started', `Agendador iniciado: a cada ${this.options.intervalMinutes} min; primeira execução ${first}${reconcile}`, {
      firstRunAt: this.firstRunAt?.toISOString() ?? now.toISOString(),
      nextReconcileAt: this.nextReconcileAt?.toISOString() ?? null,
    });
    if (options.timer !== false) {
      this.task = cron.schedule('* * * * *', () => void this.tick(), { timezone: 'Etc/UTC' });
    }
    if (options.runNow) this.launch({ kind: 'planned', trigger: 'manual' });
    else await this.catchUp('start');
  }

  /**
   * If the last success is older than the interval (downtime, sleep), run now: the planner
   * starts at the watermark, so the whole stretch is covered by this one run.
   */
  async catchUp(reason: 'start' | 'wake' | 'resume'): Promise<boolean> {
    if (this.stopping || this.inFlight) return false;
    if (await this.engine.isPaused()) return false;
    const lastSuccess = await this.engine.lastSuccessfulSync();
    const now = this.options.clock.now();
    const stale = !lastSuccess || now.getTime() - Date.parse(lastSuccess.startedAt) > this.options.intervalMinutes * MINUTE;
    if (!stale) return false;
    this.options.logger.info(
      'scheduler.catch_up',
      `Recuperando atraso (${CATCH_UP_WORDS[reason]}): última sincronização ${lastSuccess ? localDateTimeZoned(lastSuccess.startedAt) : 'nunca'}`,
      { reason, lastSuccessAt: lastSuccess?.startedAt ?? null },
    );
    this.firstRunAt = null;
    this.launch({ kind: 'planned', trigger: 'catch-up' });
    return true;
  }

  /** One scheduler beat: called every minute by node-cron, or by tests with a driven clock. */
  async tick(): Promise<void> {
    if (this.stopping) return;
    const now = this.options.clock.now();
    const late = this.lastTickAt !== null && now.getTime() - this.lastTickAt.getTime() > WAKE_THRESHOLD_MS;
    this.lastTickAt = now;
    if (late) {
      this.options.logger.warn('scheduler.wake', 'Temporizador atrasado (suspensão ou processo congelado): verificando atraso');
      if (await this.catchUp('wake')) {
        // The catch-up run covers the current slot too.
        this.lastSlot = slotOf(now, this.options.intervalMinutes);
        return;
      }
    }

    if (this.nextReconcileAt && now >= this.nextReconcileAt && !this.inFlight) {
      this.nextReconcileAt = nextDailyAt(now, this.options.reconcileHourUtc!);
      this.launch('reconcile');
      return;
    }

    const slot = slotOf(now, this.options.intervalMinutes);
    const firstDue = this.firstRunAt !== null && now >= this.firstRunAt;
    const slotDue = this.lastSlot !== null && slot > this.lastSlot;
    if (!firstDue && !slotDue) return;
    this.firstRunAt = null;
    this.lastSlot = slot;
    if (await this.engine.isPaused()) {
      this.options.logger.info('scheduler.paused_skip', 'Sincronização agendada não executada: agendador pausado');
      return;
    }
    this.launch({ kind: 'planned', trigger: 'scheduled' });
  }

  /** A manual run through the same lock and skip policy, recorded with `actor` (who asked, e.g. the tray's user); resolves with its report. */
  runNow(request: RunRequest, actor?: string): Promise<RunReport> {
    return this.track(this.engine.runSync(request, { actor }));
  }

  describe(): SchedulerStatus {
    const now = this.options.clock.now();
    const nextSlot = slotStart(slotOf(now, this.options.intervalMinutes) + 1, this.options.intervalMinutes);
    const nextRunAt = this.firstRunAt && this.firstRunAt < nextSlot ? this.firstRunAt : nextSlot;
    return {
      active: this.task !== null && !this.stopping,
      intervalMinutes: this.options.intervalMinutes,
      nextRunAt: this.stopping ? null : nextRunAt.toISOString(),
      nextReconcileAt: this.nextReconcileAt?.toISOString() ?? null,
    };
  }

  /** Waits for whatever the scheduler started (tests use it after a tick). */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
  }

  /** No new run from here on; a run in flight goes on (`stop()` is what waits for it, within the grace). */
  async stopTicking(): Promise<void> {
    this.stopping = true;
    await this.task?.stop();
    this.task = null;
  }

  /**
   * No new runs; the current one gets `stopGraceMs` to finish, then is asked to abort (its
   * database statement is cancelled, else it stops at its next batch boundary; it releases the
   * lock only if still ours, in its own `finally`). A run its abort cannot reach within
   * `ABORT_WAIT_MS` (a wait nobody bounded) is left behind, so the stop keeps its promise: the
   * engine's close releases that run's lock, and the next holder records it aborted.
   */
  async stop(): Promise<void> {
    await this.stopTicking();
    if (!this.inFlight) return;
    const grace = this.options.stopGraceMs ?? 30_000;
    if (await this.idleWithin(grace)) return;
    this.options.logger.warn('scheduler.stop_abort', `Execução atual não terminou em ${grace} ms: abortando`);
    this.engine.abortCurrentRun('scheduler stopping');
    if (await this.idleWithin(ABORT_WAIT_MS)) return;
    this.options.logger.error(
      'scheduler.stop_abandoned',
      `Execução atual não parou ${ABORT_WAIT_MS} ms depois de abortada: encerrando sem ela (o lock é liberado ao fechar; a próxima execução a registra como abortada)`,
    );
  }

  /** Whether what the scheduler started finished within `ms`. */
  private idleWithin(ms: number): Promise<boolean> {
    return Promise.race([this.idle().then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
  }

  private launch(what: RunRequest | 'reconcile'): void {
    const minIntervalMinutes = this.options.minIntervalMinutes;
    const actor = SCHEDULER_ACTOR;
    const work = what === 'reconcile' ? this.engine.reconcile({ actor }) : this.engine.runSync(what, { minIntervalMinutes, actor });
    void this.track(work).catch((error: unknown) => {
      // a run that could not even be recorded (its database unreachable, say): the runbook's line with its cause in pt-BR (issue 18.2)
      const message = error instanceof Error ? error.message : String(error);
      const cause = classifyFailure(error, this.options.failureTargets);
      const said = cause.code === 'unknown' ? message : `${causeLine(cause, messages['pt-BR'])} (${message})`;
      this.options.logger.error(
        'sync.failed',
        `Erro na sincronização: ${said}`,
        cause.code === 'unknown' ? {} : { cause: cause.code, causeTarget: cause.target },
      );
    });
  }

  private track<T>(work: Promise<T>): Promise<T> {
    const tracked = work.finally(() => {
      if (this.inFlight === tracked) this.inFlight = null;
    });
    this.inFlight = tracked;
    return tracked;
  }
}

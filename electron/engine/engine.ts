/**
 * The product's heart as one object: the Electron main process, the CLI and the headless HTTP
 * host are thin doors onto it. It runs syncs and reconciliations (one at a time, under the
 * lock), pauses and resumes the schedule, releases the lock on an operator's word, answers
 * status, and emits events a UI can follow. Its parts (store, lock, Odoo client, simulator)
 * are built by `composeEngine` and stay private. It imports nothing from `electron`.
 */
import { hostname } from 'node:os';
import type { AuditEntrySummary, EngineEvent, EngineStatus, LockStatus, LogEntry, RunReport, RunSummary, SchedulerStatus } from '../../shared/engine-types';
import type { RunRequest } from '../../shared/console-schemas';
import { failureTargets } from './classify-failure';
import type { Clock } from './clock';
import { composeEngine, type EngineOptions, type EngineParts } from './compose-engine';
import type { EngineConfig } from './config';
import type { Logger } from './logger';
import type { ForceReleaseOptions, ForceReleaseResult } from './lock/types';
import { checkOperatorText } from './operator-text';
import { isRecordedProcessGone, localProcessView } from './recorded-process';
import type { Store } from './store';
import { engineStatus, toRunSummary } from './status';
import { SyncRunner } from './sync/sync-runner';

export type { EngineOptions } from './compose-engine';

export class Engine {
  readonly config: EngineConfig;
  readonly clock: Clock;
  /** for the doors' own log lines (listening, stopping, tray actions) */
  readonly logger: Logger;
  private readonly runner: SyncRunner;
  private describeScheduler: () => SchedulerStatus | null = () => null;

  private constructor(private readonly parts: EngineParts) {
    const { config, store, odoo, lock, logger, clock, events, pid } = parts;
    this.config = config;
    this.clock = clock;
    this.logger = logger;
    // a failure names the Odoo actually spoken to (the simulator's, in demo mode)
    const targets = failureTargets(config, parts.odooTarget.url);
    this.runner = new SyncRunner({ config, store, odoo, lock, logger, clock, pid, targets, emit: (event) => events.emit(event) });
  }

  static async open(config: EngineConfig, options: EngineOptions = {}): Promise<Engine> {
    return Engine.fromParts(await composeEngine(config, options));
  }

  /** An engine over parts composed by the caller (tests keep the parts to look inside). */
  static async fromParts(parts: EngineParts): Promise<Engine> {
    await abortRunsOfDeadProcesses(parts.store, parts.clock.now(), parts.pid);
    return new Engine(parts);
  }

  on(listener: (event: EngineEvent) => void): () => void {
    return this.parts.events.on(listener);
  }

  /** The latest log lines (up to 500), oldest first. */
  recentLog(): LogEntry[] {
    return this.parts.events.recentLog();
  }

  /** One sync now, through the lock (exit code 2 in the report when the lock is held); `actor` (who asked) is recorded with the run. */
  runSync(request: RunRequest = { kind: 'planned', trigger: 'manual' }, options: { minIntervalMinutes?: number; actor?: string } = {}): Promise<RunReport> {
    return this.runner.run(request, options);
  }

  /**
   * A reconciliation; `actor` (who asked) is recorded with the run. With `confirmDeactivation`,
   * an operator confirms that the orders Odoo no longer lists are really gone, however many they
   * are (a reconciliation stops before a mass deactivation otherwise: `deactivationHeld`). The
   * confirmation is audited before the run (no row, no run), and its outcome written over that row.
   */
  async reconcile(options: { actor?: string; confirmDeactivation?: { actor: string; reason: string } } = {}): Promise<RunReport> {
    const confirm = options.confirmDeactivation;
    if (!confirm) return this.runner.reconcile({ actor: options.actor });
    const { store, logger } = this.parts;
    const reason = checkOperatorText('reason', confirm.reason);
    const action = 'reconcile.confirm_deactivation';
    const auditId = await store.appendAudit({ actor: confirm.actor, action, reason, details: { outcome: 'requested' }, at: this.clock.now() });
    logger.warn('reconcile.deactivation_confirmed', `Desativação em massa confirmada por ${confirm.actor}: ${reason}`, { auditId });
    const report = await this.runner.reconcile({ deactivationConfirmed: true, actor: options.actor ?? confirm.actor });
    const { run } = report;
    await store
      .updateAudit(auditId, { action, details: { runId: run.id, status: run.status, deactivated: run.counts.deactivated } })
      .catch((error: unknown) => logger.warn('audit.update_failed', `Auditoria da confirmação não atualizada: ${(error as Error).message}`, { auditId }));
    return report;
  }

  /** Asks the current run, if any, to stop at its next batch boundary. */
  abortCurrentRun(reason: string): void {
    this.runner.abortCurrent(reason);
  }

  get isRunning(): boolean {
    return this.runner.running !== null;
  }

  async isPaused(): Promise<boolean> {
    return (await this.parts.store.getSyncState()).paused;
  }

  /** The newest successful sync that read Odoo up to when it started (the one definition: shared/fresh-sync.ts). */
  async lastSuccessfulSync(): Promise<RunSummary | null> {
    const run = await this.parts.store.lastSuccessfulSync();
    return run ? toRunSummary(run) : null;
  }

  async pause(actor: string, givenReason: string): Promise<void> {
    const { store, logger, events } = this.parts;
    const reason = checkOperatorText('reason', givenReason);
    await store.setPaused(true, actor, reason, this.clock.now());
    await store.appendAudit({ actor, action: 'scheduler.pause', reason, details: {}, at: this.clock.now() });
    logger.warn('scheduler.paused', `Sincronização agendada pausada por ${actor}: ${reason}`);
    events.emit({ type: 'paused', reason });
  }

  /** Audited with its reason, like a pause. */
  async resume(actor: string, givenReason: string): Promise<void> {
    const { store, logger, events } = this.parts;
    const reason = checkOperatorText('reason', givenReason);
    await store.setPaused(false, actor, null, this.clock.now());
    await store.appendAudit({ actor, action: 'scheduler.resume', reason, details: {}, at: this.clock.now() });
    logger.info('scheduler.resumed', `Sincronização agendada retomada por ${actor}: ${reason}`);
    events.emit({ type: 'resumed', reason });
  }

  /** A page of runs, newest first, started before `before` (keyset paging for the console's history). */
  async runs(page: { before?: { startedAt: string; id: number }; limit?: number } = {}): Promise<RunSummary[]> {
    const before = page.before ? { startedAt: new Date(page.before.startedAt), id: page.before.id } : undefined;
    return (await this.parts.store.listRuns({ limit: page.limit ?? 100, before })).map(toRunSummary);
  }

  /** The newest audit rows, newest first (the console's audit panel). */
  async audit(limit = 50): Promise<AuditEntrySummary[]> {
    const rows = await this.parts.store.listAudit({ limit });
    return rows.map((row) => ({ id: row.id, at: row.at.toISOString(), actor: row.actor, action: row.action, reason: row.reason, details: row.details ?? {} }));
  }

  lockStatus(): Promise<LockStatus> {
    return this.parts.lock.inspect();
  }

  /** Forced release (audited): with `expectedValueSha1` only while the key holds that exact value, with `expectedToken` only if the lock still carries it. */
  async releaseLock(options: ForceReleaseOptions): Promise<ForceReleaseResult> {
    const result = await this.parts.lock.forceRelease(options);
    if (result.released) this.parts.events.emit({ type: 'lock-released', actor: options.actor, reason: options.reason });
    return result;
  }

  /** The scheduler of this process registers how to describe itself in the status. */
  attachScheduler(describe: () => SchedulerStatus): void {
    this.describeScheduler = describe;
  }

  status(): Promise<EngineStatus> {
    const { config, store, lock, odoo } = this.parts;
    const odooTarget = odoo.protocol ? { ...this.parts.odooTarget, protocol: odoo.protocol } : this.parts.odooTarget;
    return engineStatus({ config, store, lock, odooTarget, now: this.clock.now(), running: () => this.runner.running, scheduler: this.describeScheduler() });
  }

  async close(): Promise<void> {
    const { lock, store, odoo, simulator, events } = this.parts;
    this.runner.abortCurrent('engine closing');
    await lock.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    odoo.close();
    if (simulator?.owned) await simulator.instance.close().catch(() => undefined);
    events.clear();
  }
}

/**
 * Runs left `running` by a process of this host that no longer exists can never finish: say so.
 * "No longer exists" by process instance where the run recorded one: in a container the service is
 * PID 1 on every start, and a run the killed PID 1 left names our pid but not our instance
 * (`recorded-process.ts`); by pid for runs from before instances were recorded. By run id, so a
 * live run of this process (another engine in it) that shares the pid is never touched.
 */
async function abortRunsOfDeadProcesses(store: Store, now: Date, pid: number): Promise<void> {
  const host = hostname();
  const view = localProcessView(pid);
  const dead = (await store.listRuns({ limit: 200 }))
    .filter((run) => run.status === 'running' && run.host === host && isRecordedProcessGone(run, view))
    .map((run) => run.id);
  if (dead.length > 0) await store.abortRunsOfGoneProcesses(dead, now, 'the process ended before the run finished');
}

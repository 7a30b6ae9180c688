/**
 * The product's heart as one object: the Electron main process, the CLI and the headless
 * HTTP host are thin doors onto it. It owns the store, the Odoo client, the lock and (in
 * demo mode) the Odoo simulator; it runs syncs and reconciliations, gives a JSON-safe status
 * snapshot, and emits events a UI can follow. It imports nothing from `electron`.
 */
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import type { EngineEvent, EngineStatus, LockStatus, LogEntry, RunReport, RunRequest, SchedulerStatus } from '../../shared/engine-types';
import { type Clock, systemClock } from './clock';
import { type EngineConfig, overlapMinutes } from './config';
import { createLogger, type LogRecord, type Logger, type LogSink, stderrSink } from './logger';
import { createSyncLock, type SyncLock } from './lock';
import type { ForceReleaseResult } from './lock/types';
import { OdooClient } from './odoo';
import { iso, toRunSummary } from './run-summary';
import { processAlive } from './process-alive';
import { openStore, type Store } from './store';
import { nextDailyAt, slotOf, slotStart } from './scheduler/slots';
import { coverageOf } from './status-coverage';
import { SyncRunner } from './sync-runner';
import type { OdooSimulator } from './odoo-sim';

export interface EngineOptions {
  clock?: Clock;
  /** where log records go besides the engine's `log` events; default JSON lines on stderr */
  logSink?: LogSink;
  /** who this instance is, in the lock value and the audit log */
  owner?: string;
  /** an already running simulator for demo mode (tests); by default demo mode starts one */
  simulator?: OdooSimulator;
}

const STATUS_RUNS = 50;
const RECENT_LOG_LINES = 500;

export class Engine {
  private readonly events = new EventEmitter();
  private readonly runner: SyncRunner;
  private schedulerStatus: () => SchedulerStatus | null = () => null;

  private constructor(
    readonly config: EngineConfig,
    readonly store: Store,
    readonly lock: SyncLock,
    readonly odoo: OdooClient,
    readonly logger: Logger,
    readonly clock: Clock,
    private readonly odooTarget: { url: string; db: string; user: string },
    private readonly simulator: { instance: OdooSimulator; owned: boolean } | null,
    private readonly recent: readonly LogEntry[],
  ) {
    this.runner = new SyncRunner({ config, store, odoo, lock, logger, clock, emit: (event) => this.emit(event) });
  }

  static async open(config: EngineConfig, options: EngineOptions = {}): Promise<Engine> {
    const clock = options.clock ?? systemClock;
    const demo = config.mode === 'demo';
    const sink = options.logSink ?? stderrSink;
    let engine: Engine | null = null;
    const recent: LogEntry[] = [];
    // Log records also become engine events, so a console can show the live log, and the
    // latest ones are kept for a console that opens later.
    const logger = createLogger({
      now: () => clock.now(),
      base: demo ? { mode: 'DEMO' } : {},
      sink: (record: LogRecord) => {
        sink(record);
        const entry: LogEntry = { time: record.time, level: record.level, event: record.event, msg: record.msg };
        if (recent.push(entry) > RECENT_LOG_LINES) recent.shift();
        engine?.emit({ type: 'log', record: entry });
      },
    });

    let simulator: { instance: OdooSimulator; owned: boolean } | null = null;
    let connection = config.odoo;
    if (demo) {
      simulator = options.simulator ? { instance: options.simulator, owned: false } : { instance: await startDemoSimulator(config), owned: true };
      const sim = simulator.instance;
      connection = { url: sim.url, db: sim.db, username: sim.login, password: sim.password };
      logger.info('demo.started', `DEMO: sem ODOO_URL, usando o simulador Odoo em ${sim.url} (banco ${sim.db})`);
    }
    if (!connection) throw new Error('ODOO_URL is not configured');

    let store: Store;
    try {
      store = await openStore({ databaseUrl: config.databaseUrl ?? undefined, dataDir: config.dataDir, logger });
    } catch (error) {
      if (simulator?.owned) await simulator.instance.close();
      const where = config.databaseUrl ? `PostgreSQL at ${redactUrl(config.databaseUrl)} (DATABASE_URL)` : `the embedded database in ${config.dataDir} (CARTEIRA_DATA_DIR)`;
      throw new Error(`cannot open ${where}: ${(error as Error).message}`);
    }
    const owner = options.owner ?? `carteira-sync@${hostname()}:${process.pid}`;
    const lock = createSyncLock({
      redisUrl: config.redisUrl,
      prefix: config.redisPrefix,
      ttlMs: config.lockTimeoutSeconds * 1000,
      fallback: config.lockFallback,
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      fences: store,
      audit: store,
      logger,
      clock,
      owner,
    });
    const odoo = new OdooClient({
      url: connection.url,
      db: connection.db,
      username: connection.username,
      password: connection.password,
      timeoutMs: config.odooTimeoutSeconds * 1000,
    });
    engine = new Engine(config, store, lock, odoo, logger, clock, { url: connection.url, db: connection.db, user: connection.username }, simulator, recent);
    await abortRunsOfDeadProcesses(store, clock.now());
    return engine;
  }

  on(listener: (event: EngineEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  private emit(event: EngineEvent): void {
    this.events.emit('event', event);
  }

  /** The latest log lines (up to 500), oldest first. */
  recentLog(): LogEntry[] {
    return [...this.recent];
  }

  /** One sync now, through the lock (exit code 2 in the report when the lock is held). */
  runSync(request: RunRequest = { kind: 'planned', trigger: 'manual' }, options: { minIntervalMinutes?: number } = {}): Promise<RunReport> {
    return this.runner.run(request, options);
  }

  reconcile(): Promise<RunReport> {
    return this.runner.reconcile();
  }

  /** Asks the current run, if any, to stop at its next batch boundary. */
  abortCurrentRun(reason: string): void {
    this.runner.abortCurrent(reason);
  }

  get isRunning(): boolean {
    return this.runner.running !== null;
  }

  async pause(actor: string, reason: string): Promise<void> {
    await this.store.setPaused(true, actor, reason, this.clock.now());
    await this.store.appendAudit({ actor, action: 'scheduler.pause', reason, details: {}, at: this.clock.now() });
    this.logger.warn('scheduler.paused', `Sincronização agendada pausada por ${actor}: ${reason}`);
    this.emit({ type: 'paused', reason });
  }

  async resume(actor: string): Promise<void> {
    await this.store.setPaused(false, actor, null, this.clock.now());
    await this.store.appendAudit({ actor, action: 'scheduler.resume', reason: null, details: {}, at: this.clock.now() });
    this.logger.info('scheduler.resumed', `Sincronização agendada retomada por ${actor}`);
    this.emit({ type: 'resumed' });
  }

  async lockStatus(): Promise<LockStatus> {
    return this.lock.inspect();
  }

  /** Forced release (audited): with `expectedToken` only if the lock still carries it. */
  async releaseLock(options: { expectedToken?: string; force?: boolean; actor: string; reason: string }): Promise<ForceReleaseResult> {
    const result = await this.lock.forceRelease(options);
    if (result.released) this.emit({ type: 'lock-released', actor: options.actor, reason: options.reason });
    return result;
  }

  /** The scheduler registers how to describe itself in the status. */
  attachScheduler(describe: () => SchedulerStatus): void {
    this.schedulerStatus = describe;
  }

  async status(): Promise<EngineStatus> {
    const now = this.clock.now();
    const [state, runs, totals, lock] = await Promise.all([
      this.store.getSyncState(),
      this.store.listRuns({ limit: STATUS_RUNS }),
      this.store.totals(),
      this.lockStatus().catch((error: unknown): LockStatus => ({ ...this.unknownLock(), error: (error as Error).message })),
    ]);
    const summaries = runs.map(toRunSummary);
    return {
      mode: this.config.mode,
      modeLabel: this.config.mode === 'demo' ? 'DEMO' : 'ODOO',
      now: now.toISOString(),
      odoo: this.odooTarget,
      database: { backend: this.store.backend, target: this.config.databaseUrl ? redactUrl(this.config.databaseUrl) : `${this.config.dataDir}/pglite` },
      watermark: iso(state.watermark),
      paused: state.paused ? { reason: state.pausedReason, by: state.pausedBy, at: iso(state.pausedAt) } : null,
      running: this.runner.running,
      lastRun: summaries.find((run) => run.status !== 'running') ?? null,
      lastSuccess: summaries.find((run) => run.status === 'succeeded') ?? null,
      recentRuns: summaries,
      coverage: coverageOf(runs, now),
      totals,
      lock,
      scheduler: this.schedulerStatus() ?? this.plannedSchedule(now, state.paused),
      settings: {
        intervalMinutes: this.config.intervalMinutes,
        windowMinutes: this.config.windowMinutes,
        overlapMinutes: overlapMinutes(this.config),
        lockTimeoutSeconds: this.config.lockTimeoutSeconds,
        maxCatchUpHours: this.config.maxCatchUpHours,
      },
    };
  }

  /** What the status shows when the lock could not even be inspected. */
  private unknownLock(): LockStatus {
    const backend = this.lock.redisConfigured || this.config.lockFallback === 'none' ? 'redis' : this.config.lockFallback;
    return { held: false, holder: null, ttlMs: null, backend, degraded: true, redisReachable: null };
  }

  /** Without a scheduler in this process (the CLI), when a scheduler service would run next. */
  private plannedSchedule(now: Date, paused: boolean): SchedulerStatus {
    const { intervalMinutes, reconcileHourUtc } = this.config;
    return {
      active: false,
      intervalMinutes,
      nextRunAt: paused ? null : slotStart(slotOf(now, intervalMinutes) + 1, intervalMinutes).toISOString(),
      nextReconcileAt: reconcileHourUtc === null ? null : nextDailyAt(now, reconcileHourUtc).toISOString(),
    };
  }

  async close(): Promise<void> {
    this.runner.abortCurrent('engine closing');
    await this.lock.close().catch(() => undefined);
    await this.store.close().catch(() => undefined);
    this.odoo.close();
    if (this.simulator?.owned) await this.simulator.instance.close().catch(() => undefined);
    this.events.removeAllListeners();
  }
}

/** Runs left `running` by a process of this host that no longer exists can never finish: say so. */
async function abortRunsOfDeadProcesses(store: Store, now: Date): Promise<void> {
  const host = hostname();
  const dead = (await store.listRuns({ limit: 200 }))
    .filter((run) => run.status === 'running' && run.host === host && !processAlive(run.pid))
    .map((run) => run.pid);
  if (dead.length > 0) await store.abortStaleRuns(host, [...new Set(dead)], now, 'the process ended before the run finished');
}


async function startDemoSimulator(config: EngineConfig): Promise<OdooSimulator> {
  const { startOdooSimulator } = await import('./odoo-sim');
  const simulator = await startOdooSimulator({ port: 0, seed: config.demo.seed, orders: config.demo.orders, linesPerOrder: config.demo.linesPerOrder });
  if (config.demo.changesPerMinute > 0) simulator.changes.start(config.demo.changesPerMinute);
  return simulator;
}

/** A connection string without its password, for status and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}

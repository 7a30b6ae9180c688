/**
 * The chaos soak: N engine instances on one PostgreSQL database, one Redis prefix and the
 * Odoo simulator with its change generator, driven minute by minute through simulated days
 * while the seed's faults hit them; every committed write is checked as it lands, every
 * successful sync is checked against the truth, and the whole history at the end.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import pg from 'pg';
import type { EngineEvent } from '../../shared/engine-types';
import { ManualClock } from '../../electron/engine/clock';
import type { LogRecord } from '../../electron/engine/logger';
import { startOdooSimulator, type FaultSpec, type OdooSimulator } from '../../electron/engine/odoo-sim';
import { openStore, type Store } from '../../electron/engine/store';
import type { CarteiraRecord } from '../../electron/engine/store/types';
import { expectedClaims, type ReportedCollision } from '../support/carteira-truth';
import { POSTGRES_ADMIN_URL, REDIS_URL, createTestDatabase, deleteRedisKeys, uniqueRedisPrefix } from '../support/services';
import { injectFault, type FaultWorld } from './fault-actions';
import { PLANNED_FAULT_KINDS, planFaults, type FaultKind, type PlannedFaultKind } from './fault-plan';
import { formatEntry, History } from './history';
import { Instance, type Endpoint } from './instance';
import { InstancePool } from './instance-pool';
import { checkStalledRunOver, LockWaitChecker, type LockWaitSample } from './invariants/bounded-waits';
import { checkCoverage } from './invariants/coverage';
import { checkForcedReleasesAudited, type ForcedRelease } from './invariants/forced-release-audit';
import { checkNoBulkDeactivation, type BulkCheckedRun } from './invariants/no-bulk-deactivation';
import { checkFinalTruth, checkFreshAfterRun, type FinishedSync } from './invariants/nothing-lost';
import { NoStaleOverwriteChecker } from './invariants/no-stale-overwrite';
import { OneWriterChecker } from './invariants/one-writer';
import { checkNoRunLeftRunning } from './invariants/runs-settled';
import type { Violation } from './invariants/violation';
import { checkWatermarkBound } from './invariants/watermark-bound';
import { differences } from './oracle';
import { Prng } from './prng';
import { WriteObserver } from './write-observer';

export interface SoakOptions {
  days: number;
  seed: number;
  instances: number;
  /** progress lines (one per simulated day); default none */
  progress?: (line: string) => void;
  /** writes the whole history there (one line per entry), whatever the outcome */
  historyFile?: string;
}

export interface SoakResult {
  days: number;
  seed: number;
  instances: number;
  simulated: { from: string; to: string };
  elapsedSeconds: number;
  runs: Record<string, number>;
  faults: Record<string, number>;
  faultsTotal: number;
  /** fault kinds of the plan that never fired */
  faultKindsMissing: string[];
  changes: number;
  writesObserved: number;
  freshnessChecks: number;
  lost: number;
  staleOverwrites: number;
  concurrentWriters: number;
  unreportedGaps: number;
  reportedGaps: number;
  /** reconciliations that started while Odoo listed no orders */
  reconcilesUnderEmptyList: number;
  /** samples of engine sessions waiting on a PostgreSQL lock */
  lockWaitsSeen: number;
  violations: Violation[];
}

const MINUTE = 60_000;
const START = '2026-06-01T00:00:00Z';
/** Redis keeps TTLs in real time while the soak's clock runs ~1000× faster: the lock TTL is the configuration's minimum. */
const LOCK_TTL_SECONDS = 10;
const MAX_CATCHUP_HOURS = 6;
/** how long a simulated minute waits for runs in flight before the clock moves on (real ms) */
const SETTLE_MS = 3000;
/** changes Odoo sees per simulated minute, on average */
const CHANGES_PER_MINUTE = 0.4;
/**
 * PostgreSQL's limits (real seconds, like the lock TTL): short, so a stalled server or a row
 * lock held costs the soak seconds, not minutes. The progress timeout must exceed an Odoo call
 * tried 4 times (ODOO_TIMEOUT_SECONDS 12).
 */
const PG_CONNECT_TIMEOUT_SECONDS = 3;
const PG_STATEMENT_TIMEOUT_SECONDS = 4;
const PG_LOCK_TIMEOUT_SECONDS = 2;
const PROGRESS_TIMEOUT_SECONDS = 60;
/** the engine's client gives up on a server that never answers this long after the statement timeout */
const PG_NO_ANSWER_MARGIN_SECONDS = 5;
/** A run whose PostgreSQL stops answering: its statement given up, then recording its failure given up too (a statement or a new connection), and a margin. */
const STALLED_RUN_LIMIT_MS = (2 * (PG_STATEMENT_TIMEOUT_SECONDS + PG_NO_ANSWER_MARGIN_SECONDS) + PG_CONNECT_TIMEOUT_SECONDS + 5) * 1000;
/** A lock wait ends with the lock timeout; the margin is the sampling's. */
const LOCK_WAIT_LIMIT_MS = (PG_LOCK_TIMEOUT_SECONDS + 3) * 1000;
const MAX_DEACTIVATE_PERCENT = 20;
const RECONCILE_LOOKBACK_HOURS = 48;
/** how far Odoo's clock may lead an instance's before the engine caps it (`sync/odoo-clock-bound.ts`) */
const ODOO_CLOCK_LEAD_MS = 60_000;

interface Armed {
  kind: PlannedFaultKind;
  act: (instance: Instance, runId: number) => Promise<void>;
}

interface RunStart {
  at: Date;
  seq: number;
  instance: Instance;
  /** the empty-list lie, as it was when the run started */
  lieEpoch: number;
  lieActive: boolean;
}

const endpointOf = (url: string, defaultPort: number): Endpoint => {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || defaultPort) };
};

const realDelay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const soak = await Soak.create(options);
  try {
    return await soak.run();
  } finally {
    if (options.historyFile) await writeFile(options.historyFile, `${soak.history.entries.map(formatEntry).join('\n')}\n`);
    await soak.cleanUp();
  }
}

class Soak implements FaultWorld {
  readonly random: Prng;
  readonly lockTtlMs = LOCK_TTL_SECONDS * 1000;
  readonly maxCatchUpMinutes = MAX_CATCHUP_HOURS * 60;
  readonly history: History;
  private readonly pool: InstancePool;
  private readonly armed: Armed[] = [];
  private readonly timed = new Map<number, Array<() => Promise<void>>>();
  private readonly background = new Set<Promise<unknown>>();
  private readonly faultCounts = new Map<FaultKind, number>();
  private readonly forcedReleases: ForcedRelease[] = [];
  private readonly reportedGaps = new Map<string, { from: string; to: string; recovered: boolean }>();
  private readonly runStarts = new Map<number, RunStart>();
  /** the run each instance started last */
  private readonly currentRun = new Map<Instance, number>();
  /** orders events (changes made visible, runs started) within one simulated minute */
  private seq = 0;
  private readonly finishedSyncs: FinishedSync[] = [];
  /** per order, the event counter when its latest change became visible */
  private readonly visibleSince = new Map<number, number>();
  private readonly oneWriter = new OneWriterChecker();
  private readonly noStale = new NoStaleOverwriteChecker();
  private readonly violations: Violation[] = [];
  private readonly lockWaits = new LockWaitChecker(LOCK_WAIT_LIMIT_MS);
  /** finished runs whose deactivations are still to be counted */
  private readonly bulkChecks: BulkCheckedRun[] = [];
  /** faults still on, lifted when their time comes or when the final checks begin */
  private readonly lifts = new Set<() => Promise<void>>();
  /** Odoo listing no orders: on or off, and a counter that moves at each change */
  private readonly lie = { active: false, epoch: 0, specs: [] as FaultSpec[], reconciles: 0, linesToo: false };
  private reconcilesUnderLie = 0;
  /** runs that met the lie, whose deactivations are still to be noted */
  private readonly liedRuns: number[] = [];
  /** orders a run that met the lie left inactive: a reconciliation's business until one succeeds */
  private readonly liedAbout = new Set<number>();
  private lockWaitsSeen = 0;
  /** the most any instance's clock has run ahead of the true one */
  private maxSkewAheadMs = 0;
  /** a direct session for the soak's own queries (lock waits, reported collisions), through no proxy */
  private inspector: pg.Client | null = null;
  private lockMonitor: NodeJS.Timeout | null = null;
  private collisionsReadable = true;
  private observer: WriteObserver | null = null;
  private store: Store | null = null;
  private minute = 0;
  private writes = 0;
  private freshnessChecks = 0;
  private activity = false;
  private forcedReleaseCount = 0;

  private constructor(
    private readonly options: SoakOptions,
    private readonly clock: ManualClock,
    private readonly sim: OdooSimulator,
    private readonly database: { url: string; name: string; drop: () => Promise<void> },
    private readonly prefix: string,
    private readonly dataDir: string,
    private readonly redis: Redis,
    private readonly env: Record<string, string>,
  ) {
    this.random = new Prng(options.seed);
    this.history = new History(() => clock.now());
    this.pool = new InstancePool({
      count: options.instances,
      launch: (name, skewMs) => this.launch(name, skewMs),
      history: this.history,
      random: this.random,
      later: (minutes, act) => this.later(minutes, act),
      minute: () => this.minute,
    });
  }

  static async create(options: SoakOptions): Promise<Soak> {
    if (!Number.isInteger(options.days) || options.days < 1) throw new Error(`--days must be a whole number of at least 1 (got ${options.days})`);
    if (!Number.isInteger(options.instances) || options.instances < 1 || options.instances > 26)
      throw new Error(`--instances must be a whole number from 1 to 26 (got ${options.instances})`);
    if (!Number.isInteger(options.seed) || options.seed < 0) throw new Error(`--seed must be a whole number ≥ 0 (got ${options.seed})`);
    const clock = new ManualClock(START);
    const sim = await startOdooSimulator({ port: 0, clock, seed: options.seed, orders: 80, linesPerOrder: 4, serverVersion: '16.0' });
    const database = await createTestDatabase('chaos');
    const prefix = uniqueRedisPrefix('chaos');
    const dataDir = await mkdtemp(join(tmpdir(), 'carteira-chaos-'));
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const env: Record<string, string> = {
      ODOO_DB: sim.db,
      ODOO_USER: sim.login,
      ODOO_PASSWORD: sim.password,
      ODOO_PROTOCOL: 'jsonrpc',
      ODOO_TIMEOUT_SECONDS: '12',
      SYNC_INTERVAL_MINUTES: '30',
      SYNC_WINDOW_MINUTES: '40',
      SYNC_LOCK_TIMEOUT_SECONDS: String(LOCK_TTL_SECONDS),
      SYNC_MAX_CATCHUP_HOURS: String(MAX_CATCHUP_HOURS),
      SYNC_BATCH_ORDERS: '10',
      SYNC_RECONCILE_HOUR: '3',
      SYNC_RECONCILE_LOOKBACK_HOURS: String(RECONCILE_LOOKBACK_HOURS),
      SYNC_RECONCILE_MAX_DEACTIVATE_PERCENT: String(MAX_DEACTIVATE_PERCENT),
      PG_CONNECT_TIMEOUT_SECONDS: String(PG_CONNECT_TIMEOUT_SECONDS),
      PG_STATEMENT_TIMEOUT_SECONDS: String(PG_STATEMENT_TIMEOUT_SECONDS),
      PG_LOCK_TIMEOUT_SECONDS: String(PG_LOCK_TIMEOUT_SECONDS),
      SYNC_PROGRESS_TIMEOUT_SECONDS: String(PROGRESS_TIMEOUT_SECONDS),
      SYNC_REDIS_PREFIX: prefix,
      CARTEIRA_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    };
    return new Soak(options, clock, sim, database, prefix, dataDir, redis, env);
  }

  // ── the run ────────────────────────────────────────────────────────────────

  async run(): Promise<SoakResult> {
    // An unhandled rejection or an uncaught exception (an 'error' event nobody listens to) ends a
    // real engine's process: here each is a violation, and the soak goes on.
    const describe = (reason: unknown) =>
      reason instanceof Error ? `${reason.name}: ${reason.message} ${reason.stack?.split('\n').slice(1, 4).join(' ') ?? ''}` : String(reason);
    const onUnhandled = (reason: unknown) => this.flag({ invariant: 'no-unhandled-rejection', at: this.clock.now().toISOString(), message: describe(reason) });
    const onUncaught = (error: unknown) => this.flag({ invariant: 'no-uncaught-exception', at: this.clock.now().toISOString(), message: describe(error) });
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUncaught);
    try {
      return await this.runAll();
    } finally {
      process.off('unhandledRejection', onUnhandled);
      process.off('uncaughtException', onUncaught);
    }
  }

  private async runAll(): Promise<SoakResult> {
    const started = performance.now();
    const total = this.options.days * 24 * 60;
    const plan = planFaults(this.random, this.options.days);
    this.sim.changes.onChange((change) => {
      if (!change.committed) return;
      // a master-data correction reaches every order using the record
      const seq = ++this.seq;
      for (const orderId of change.orderIds ?? [change.orderId]) this.visibleSince.set(orderId, seq);
    });
    await this.pool.startMissing();
    // The engine migrated the database when it opened: now the observer's trigger can go on `carteira`.
    this.observer = await WriteObserver.install(this.database.url);
    this.store = await openStore({ databaseUrl: this.database.url });
    this.inspector = new pg.Client({ connectionString: this.database.url, application_name: 'chaos-inspector' });
    await this.inspector.connect();
    this.watchLockWaits();
    this.history.add('harness', 'soak started', {
      seed: this.options.seed,
      days: this.options.days,
      instances: this.options.instances,
      faultsPlanned: plan.length,
    });

    let next = 0;
    for (this.minute = 1; this.minute <= total; this.minute++) {
      this.clock.advance(MINUTE);
      this.makeChanges();
      for (const act of this.timed.get(this.minute) ?? []) await this.guarded('timed action', act);
      this.timed.delete(this.minute);
      while (next < plan.length && plan[next].minute <= this.minute) {
        await this.inject(plan[next++].kind);
      }
      for (const instance of this.alive()) await this.guarded(`tick ${instance.name}`, () => instance.scheduler.tick());
      await this.settle(SETTLE_MS);
      if (this.activity) await this.checkAsWeGo();
      if (this.minute % (24 * 60) === 0) this.options.progress?.(this.progressLine(this.minute / (24 * 60), started));
    }
    await this.finalRecovery();
    return this.verdict(started);
  }

  /** A fault that needs an instance up waits for one (during a long downtime nobody is). */
  private async inject(kind: PlannedFaultKind): Promise<void> {
    const applied = await this.guarded(`fault ${kind}`, () => injectFault(kind, this));
    if (applied !== false) return;
    this.history.add('harness', `fault ${kind} postponed (no instance up)`);
    this.later(30, () => this.inject(kind));
  }

  private makeChanges(): void {
    // About CHANGES_PER_MINUTE changes a minute (a Bernoulli per tenth of a minute), late transactions committed when due.
    let count = 0;
    for (let i = 0; i < 10; i++) if (this.random.chance(CHANGES_PER_MINUTE / 10)) count++;
    this.sim.changes.tick(count);
  }

  /** Waits for runs and fault actions in flight, at most `ms` of real time (a slow run keeps going while the clock moves on). */
  private async settle(ms: number): Promise<void> {
    const inFlight = [...this.alive().map((instance) => instance.scheduler.idle()), ...this.background];
    await Promise.race([Promise.allSettled(inFlight), realDelay(ms)]);
  }

  /** Continuous checks: every committed write since the last look, and each sync that just succeeded against the truth. */
  private async checkAsWeGo(): Promise<void> {
    this.activity = false;
    const now = this.clock.now();
    const writes = await this.observer!.drain();
    this.writes += writes.length;
    const before = this.oneWriter.violations.length + this.noStale.violations.length;
    this.oneWriter.check(writes, now);
    this.noStale.check(writes, now);
    for (const violation of [...this.oneWriter.violations, ...this.noStale.violations].slice(before)) this.flag(violation);
    const state = await this.store!.getSyncState();
    for (const violation of checkWatermarkBound(state, now, this.allowedClockLeadMs())) this.flag(violation);
    if (this.finishedSyncs.length === 0 && this.bulkChecks.length === 0) return;
    const table = await this.store!.listCarteira();
    for (const runId of this.liedRuns.splice(0)) for (const row of table) if (row.syncRunId === runId && !row.ativo) this.liedAbout.add(row.odooOrderId);
    const claims = expectedClaims(this.sim);
    for (const run of this.bulkChecks.splice(0))
      for (const violation of checkNoBulkDeactivation(run, table, claims, MAX_DEACTIVATE_PERCENT, now)) this.flag(violation);
    if (this.finishedSyncs.length === 0) return;
    const diffs = differences(this.sim, table, { claims, collisions: await this.reportedCollisions() });
    for (const run of this.finishedSyncs.splice(0)) {
      this.freshnessChecks++;
      const violations = checkFreshAfterRun(
        run,
        diffs,
        (orderId) => this.visibleSince.get(orderId),
        now,
        (orderId) => this.liedAbout.has(orderId),
      );
      if (run.reconcile) this.liedAbout.clear();
      for (const violation of violations) this.flag(violation);
      if (violations.length > 0) this.describeOrders(diffs, table);
    }
  }

  /** What the table and Odoo hold for the orders that differ: the evidence a violation needs. */
  private describeOrders(diffs: ReturnType<typeof differences>, table: CarteiraRecord[]): void {
    for (const id of new Set(diffs.flatMap((diff) => [...diff.orderIds, ...(diff.heldByDeletedOrder === null ? [] : [diff.heldByDeletedOrder])]))) {
      const rows = table
        .filter((row) => row.odooOrderId === id)
        .map((row) => `${row.codProduto} qty ${row.qtdProdutoPedido} wd ${row.odooWriteDate.toISOString()} run ${row.syncRunId}`);
      const lines = this.sim.orm
        .searchRead('sale.order.line', [['order_id', '=', id]], { fields: ['product_id', 'product_uom_qty', 'write_date'] })
        .map(
          (line) =>
            `#${line.id} product ${(line.product_id as [number, string] | false) ? (line.product_id as [number, string])[0] : '-'} qty ${line.product_uom_qty} wd ${line.write_date}`,
        );
      const [order] = this.sim.orm.searchRead('sale.order', [['id', '=', id]], { fields: ['name', 'write_date', 'state', 'partner_id'] });
      this.history.add('checker', `order ${id}`, {
        table: rows,
        odooOrder: order,
        odooLines: lines,
        visibleSinceEvent: this.visibleSince.get(id) ?? null,
      });
    }
  }

  private flag(violation: Violation): void {
    this.violations.push({ ...violation, seed: this.options.seed, history: this.history.excerpt(new Date(violation.at)) });
    this.history.add('checker', `VIOLATION ${violation.invariant}`, { message: violation.message });
  }

  /** The end: faults lifted, late transactions committed, one sync, one reconciliation, one recovery of every reported gap; then the whole-history checks. */
  private async finalRecovery(): Promise<void> {
    this.history.add('harness', 'final recovery: faults lifted');
    this.armed.length = 0;
    for (const lift of [...this.lifts]) {
      this.lifts.delete(lift);
      await this.guarded('lifting a fault', lift);
    }
    this.sim.faults.clear();
    this.lie.active = false;
    this.lie.epoch++;
    await this.settle(60_000);
    for (const instance of this.alive()) instance.proxies.redis.up();
    await this.pool.startMissing();
    this.sim.changes.flush();
    this.clock.advance(MINUTE);
    const instance = this.alive()[0];
    await this.untilDone('final sync', () => instance.engine.runSync({ kind: 'planned', trigger: 'manual' }));
    await this.untilDone('final reconciliation', () => instance.engine.reconcile());
    for (const gap of this.reportedGaps.values()) {
      await this.untilDone(`final recovery of the gap ${gap.from} → ${gap.to}`, () => instance.engine.runSync({ kind: 'range', from: gap.from, to: gap.to }));
      gap.recovered = true;
    }
    await this.checkAsWeGo();
  }

  private async untilDone(
    what: string,
    attempt: () => Promise<{ exitCode: number; run: { id: number | null; status: string; error: string | null } }>,
  ): Promise<void> {
    for (let tries = 1; tries <= 10; tries++) {
      const report = await attempt();
      this.history.add('operator', `${what}: run #${report.run.id} ${report.run.status}`, report.run.error ? { error: report.run.error } : undefined);
      if (report.exitCode === 0) return;
      await realDelay(tries * 500);
    }
    throw new Error(`${what} did not succeed in 10 attempts`);
  }

  private async verdict(started: number): Promise<SoakResult> {
    const now = this.clock.now();
    const store = this.store!;
    const runs = await store.listRuns({ limit: 1_000_000 });
    const finalDiffs = differences(this.sim, await store.listCarteira(), { collisions: await this.reportedCollisions() });
    for (const violation of checkFinalTruth(finalDiffs, now)) this.flag(violation);
    for (const violation of checkWatermarkBound(await store.getSyncState(), now, this.allowedClockLeadMs())) this.flag(violation);
    this.stopWatchingLockWaits();
    const coverage = checkCoverage(runs);
    for (const violation of coverage.violations) this.flag(violation);
    for (const violation of checkForcedReleasesAudited(this.forcedReleases, await store.listAudit({ limit: 1_000_000 }))) this.flag(violation);
    // Stop every instance gracefully before looking for runs left 'running'.
    await this.pool.stopAll();
    const settledRuns = await store.listRuns({ limit: 1_000_000 });
    for (const violation of checkNoRunLeftRunning(settledRuns, now)) this.flag(violation);

    const runsByStatus: Record<string, number> = {};
    for (const run of settledRuns) runsByStatus[run.status] = (runsByStatus[run.status] ?? 0) + 1;
    const faults = Object.fromEntries([...this.faultCounts.entries()].sort(([a], [b]) => a.localeCompare(b)));
    return {
      days: this.options.days,
      seed: this.options.seed,
      instances: this.options.instances,
      simulated: { from: START, to: now.toISOString() },
      elapsedSeconds: Math.round((performance.now() - started) / 100) / 10,
      runs: runsByStatus,
      faults,
      faultsTotal: [...this.faultCounts.values()].reduce((sum, n) => sum + n, 0),
      faultKindsMissing: [...PLANNED_FAULT_KINDS, 'operator-recovery'].filter((kind) => !this.faultCounts.has(kind as FaultKind)),
      changes: this.sim.changes.count,
      writesObserved: this.writes,
      freshnessChecks: this.freshnessChecks,
      lost: finalDiffs.length,
      staleOverwrites: this.noStale.staleOverwrites,
      concurrentWriters: this.oneWriter.result().concurrentWriters,
      unreportedGaps: coverage.unreportedGaps.length,
      reportedGaps: this.reportedGaps.size,
      reconcilesUnderEmptyList: this.reconcilesUnderLie,
      lockWaitsSeen: this.lockWaitsSeen,
      violations: this.violations,
    };
  }

  private progressLine(day: number, started: number): string {
    const seconds = Math.round((performance.now() - started) / 1000);
    const faults = [...this.faultCounts.values()].reduce((sum, n) => sum + n, 0);
    return `day ${day}/${this.options.days}: ${faults} faults, ${this.writes} writes observed, ${this.violations.length} violations (${seconds} s)`;
  }

  async cleanUp(): Promise<void> {
    this.stopWatchingLockWaits();
    for (const lift of [...this.lifts]) await lift().catch(() => undefined);
    await this.pool.killAll();
    await this.inspector?.end().catch(() => undefined);
    await this.observer?.close().catch(() => undefined);
    await this.store?.close().catch(() => undefined);
    await this.sim.close().catch(() => undefined);
    this.redis.disconnect();
    await this.database.drop().catch(() => undefined);
    await deleteRedisKeys(this.prefix).catch(() => undefined);
    await rm(this.dataDir, { recursive: true, force: true });
  }

  // ── instances (the pool keeps their incarnations) ──────────────────────────

  alive(): Instance[] {
    return this.pool.alive();
  }

  kill(instance: Instance): Promise<void> {
    return this.pool.kill(instance);
  }

  stopAndRestart(instance: Instance, restartAfterMinutes: number, skewMs?: number): Promise<void> {
    return this.pool.stopAndRestart(instance, restartAfterMinutes, skewMs);
  }

  blueGreen(instance: Instance, overlapMinutes: number): Promise<void> {
    return this.pool.blueGreen(instance, overlapMinutes);
  }

  downtime(minutes: number): Promise<void> {
    return this.pool.downtime(minutes);
  }

  private launch(name: string, skewMs: number): Promise<Instance> {
    this.maxSkewAheadMs = Math.max(this.maxSkewAheadMs, skewMs);
    return Instance.start({
      name,
      env: this.env,
      targets: {
        postgres: endpointOf(POSTGRES_ADMIN_URL, 5432),
        redis: endpointOf(REDIS_URL, 6379),
        odoo: endpointOf(this.sim.url, 80),
      },
      databaseName: this.database.name,
      truth: this.clock,
      skewMs,
      stopGraceMs: this.random.pick([0, 0, 2000]),
      onEvent: (from, event) => this.onEngineEvent(from, event),
      onLog: (from, record) => this.onLog(from, record),
    });
  }

  // ── fault plumbing ─────────────────────────────────────────────────────────

  armOnNextRun(kind: PlannedFaultKind, act: (instance: Instance, runId: number) => Promise<void>): void {
    this.armed.push({ kind, act });
  }

  later(minutesFromNow: number, act: () => Promise<void>): void {
    const at = this.minute + Math.max(1, minutesFromNow);
    const list = this.timed.get(at) ?? [];
    list.push(act);
    this.timed.set(at, list);
  }

  injectOdoo(spec: FaultSpec): void {
    this.sim.faults.inject(spec);
  }

  withdrawOdoo(spec: FaultSpec): void {
    this.sim.faults.withdraw(spec);
  }

  minutesUntil(hour: number, minute: number): number {
    const now = this.clock.now();
    const target = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour, minute));
    if (target < now) target.setUTCDate(target.getUTCDate() + 1);
    return Math.round((target.getTime() - now.getTime()) / MINUTE);
  }

  async lateCommit(lagMinutes: number): Promise<boolean> {
    const lines = this.sim.orm.searchRead('sale.order.line', [['display_type', '=', false]], { fields: ['order_id', 'product_uom_qty'] });
    if (lines.length === 0) return false;
    const line = this.random.pick(lines);
    const orderId = (line.order_id as [number, string])[0];
    const tx = this.sim.begin({ at: new Date(this.clock.now().getTime() - lagMinutes * MINUTE) });
    tx.write('sale.order.line', line.id, { product_uom_qty: (line.product_uom_qty as number) + 1 });
    try {
      tx.commit();
    } catch (error) {
      this.history.add('odoo', 'late commit refused by the simulator', { error: (error as Error).message });
      return false;
    }
    this.visibleSince.set(orderId, ++this.seq);
    return true;
  }

  async runNow(instance: Instance): Promise<void> {
    const report = await instance.engine.runSync({ kind: 'planned', trigger: 'manual' });
    this.history.add(instance.name, `operator run now: run #${report.run.id} ${report.run.status}`);
  }

  async deleteLockKey(): Promise<void> {
    const deleted = await this.redis.del(`${this.prefix}:lock`);
    this.history.add('operator', 'redis-cli DEL of the lock', { deleted });
  }

  async forceRelease(by: Instance): Promise<void> {
    const reason = `chaos forced release #${++this.forcedReleaseCount}`;
    const at = this.clock.now();
    try {
      const result = await by.engine.releaseLock({ force: true, actor: 'chaos-operator@soak', reason });
      this.forcedReleases.push({ at, reason, released: result.released });
      this.history.add(by.name, 'forced release through the engine', { reason, released: result.released });
    } catch (error) {
      // A release that could not write its audit row must not release: nothing to hold it to.
      this.history.add(by.name, 'forced release refused', { reason, error: (error as Error).message });
    }
  }

  touchRecentOrder(): number | null {
    const since = new Date(this.clock.now().getTime() - 30 * MINUTE).toISOString().slice(0, 19).replace('T', ' ');
    const recent = this.sim.orm.searchRead('sale.order', [['write_date', '>=', since]], { fields: ['name'] }).map((order) => order.id);
    const lines = this.sim.orm.searchRead(
      'sale.order.line',
      [
        ['order_id', 'in', recent],
        ['display_type', '=', false],
      ],
      {
        fields: ['order_id', 'product_uom_qty'],
      },
    );
    if (lines.length === 0) return null;
    const line = this.random.pick(lines);
    this.sim.orm.write('sale.order.line', line.id, { product_uom_qty: (line.product_uom_qty as number) + 1 });
    const orderId = (line.order_id as [number, string])[0];
    this.visibleSince.set(orderId, ++this.seq);
    return orderId;
  }

  // ── the faults of issue 16: Odoo answering wrong, PostgreSQL waits, master data, dates ──

  get emptyListActive(): boolean {
    return this.lie.active;
  }

  startEmptyList(linesToo: boolean): void {
    const models = linesToo ? ['sale.order', 'sale.order.line'] : ['sale.order'];
    this.lie.specs = models.flatMap((model) =>
      ['search_read', 'search', 'search_count'].map((method): FaultSpec => ({ kind: 'empty', times: 'always', match: { model, method } })),
    );
    for (const spec of this.lie.specs) this.sim.faults.inject(spec);
    Object.assign(this.lie, { active: true, epoch: this.lie.epoch + 1, reconciles: 0, linesToo });
    this.history.add('odoo', `Odoo lists no ${models.join(' and no ')} from now on`);
    const lift = async (): Promise<void> => this.liftEmptyList();
    this.lifts.add(lift);
  }

  liftEmptyList(): void {
    if (!this.lie.active) return;
    for (const spec of this.lie.specs) this.sim.faults.withdraw(spec);
    Object.assign(this.lie, { active: false, epoch: this.lie.epoch + 1, specs: [] });
    this.history.add('odoo', 'Odoo lists its orders again', { reconciliationsUnderIt: this.lie.reconciles });
  }

  reconcilesUnderEmptyList(): number {
    return this.lie.reconciles;
  }

  /** An operator's reconciliation; one that found the lock held is tried again a few times (a run ends within seconds). */
  async reconcileNow(instance: Instance): Promise<void> {
    for (let tries = 1; tries <= 5 && instance.alive; tries++) {
      const report = await instance.engine.reconcile({ actor: 'chaos-operator@soak' }).catch((error: unknown) => {
        this.history.add(instance.name, 'operator reconciliation threw', { error: (error as Error).message });
        return null;
      });
      if (!report) return;
      this.history.add(
        instance.name,
        `operator reconciliation: run #${report.run.id} ${report.run.status}`,
        report.run.error ? { error: report.run.error.slice(0, 300) } : undefined,
      );
      if (report.run.status !== 'skipped') return;
      await realDelay(1000);
    }
  }

  /**
   * The instance's PostgreSQL stops answering in the middle of run `runId`: its proxy holds
   * everything the instance sends until the run is over, and at most a little past the limit
   * the run has (its statement given up, its failure's record given up). Still running then:
   * a violation, and the stall is lifted so the soak goes on.
   */
  async stallPostgres(instance: Instance, runId: number): Promise<void> {
    const running = () => instance.alive && instance.engine.isRunning && this.currentRun.get(instance) === runId;
    if (!running()) {
      this.history.add(instance.name, `postgres stall: run #${runId} was over before it`);
      return;
    }
    const at = this.clock.now();
    const began = performance.now();
    instance.proxies.postgres.stall(STALLED_RUN_LIMIT_MS + 4000);
    const lift = async (): Promise<void> => instance.proxies.postgres.resume();
    this.lifts.add(lift);
    while (running() && performance.now() - began < STALLED_RUN_LIMIT_MS && this.lifts.has(lift)) await realDelay(200);
    const elapsed = performance.now() - began;
    // lifted early by the final checks: the run had not had its time yet
    const judged = this.lifts.has(lift) || !running();
    if (judged)
      for (const violation of checkStalledRunOver({ instance: instance.name, runId, at }, running(), elapsed, STALLED_RUN_LIMIT_MS)) this.flag(violation);
    const holder = await this.redis.get(`${this.prefix}:lock`).catch(() => null);
    this.history.add(instance.name, `postgres stall over: run #${runId} ${running() ? 'STILL RUNNING' : 'ended'} after ${Math.round(elapsed / 100) / 10} s`, {
      lockHolder: holder?.slice(0, 200) ?? null,
    });
    // what the proxy held goes through once the run has given up (a server that comes back)
    if (this.lifts.delete(lift)) await lift();
  }

  async holdRowLock(minutes: number): Promise<boolean> {
    const editable = new Set(
      this.sim.orm.searchRead('sale.order', [['state', 'in', ['draft', 'sent', 'sale']]], { fields: ['name'] }).map((order) => order.id),
    );
    const rows = (await this.store!.listCarteira({ activeOnly: true })).filter((row) => editable.has(row.odooOrderId));
    if (rows.length === 0) return false;
    const row = this.random.pick(rows);
    const session = new pg.Client({ connectionString: this.database.url, application_name: 'chaos-reporting-session' });
    await session.connect();
    try {
      await session.query('BEGIN');
      await session.query('SELECT 1 FROM carteira WHERE num_pedido = $1 AND cod_produto = $2 FOR UPDATE', [row.numPedido, row.codProduto]);
    } catch (error) {
      await session.end().catch(() => undefined);
      throw error;
    }
    // The row's order changes in Odoo, so the next runs must write it.
    const lines = this.sim.orm.searchRead(
      'sale.order.line',
      [
        ['order_id', '=', row.odooOrderId],
        ['display_type', '=', false],
      ],
      { fields: ['product_uom_qty'] },
    );
    if (lines.length > 0) {
      const line = this.random.pick(lines);
      this.sim.orm.write('sale.order.line', line.id, { product_uom_qty: (line.product_uom_qty as number) + 1 });
      this.visibleSince.set(row.odooOrderId, ++this.seq);
    }
    this.history.add('reporting-session', `SELECT … FOR UPDATE of carteira (${row.numPedido}, ${row.codProduto}), idle in transaction`, {
      order: row.odooOrderId,
      minutes,
    });
    const lift = async (): Promise<void> => {
      await session.query('ROLLBACK').catch(() => undefined);
      await session.end().catch(() => undefined);
      this.history.add('reporting-session', `ROLLBACK: the row lock on (${row.numPedido}, ${row.codProduto}) is released`);
    };
    this.lifts.add(lift);
    this.later(minutes, async () => {
      if (this.lifts.delete(lift)) await lift();
    });
    return true;
  }

  editMasterData(): boolean {
    const change = this.sim.changes.editMasterData();
    if (!change) return false;
    const record = this.sim.orm.searchRead(change.model, [['write_date', '=', change.writeDate.slice(0, 19)]], {
      fields: ['display_name'],
      context: { active_test: false },
    });
    this.history.add('odoo', `master data corrected: ${change.edit} on ${change.model}`, {
      record: record.map((r) => `${r.id} ${String(r.display_name)}`).slice(0, 3),
      orders: change.orderIds?.length ?? 0,
    });
    return true;
  }

  writeInFuture(touchAfterMinutes: number): boolean {
    const at = new Date(Date.UTC(2099, this.random.int(0, 11), this.random.int(1, 28), this.random.int(0, 23), this.random.int(0, 59)));
    const change = this.sim.changes.writeAt(at);
    if (!change) return false;
    this.history.add('odoo', `order ${change.orderId} written with write_date ${change.writeDate} (an import with a wrong clock)`, { line: change.lineIds[0] });
    this.later(touchAfterMinutes, async () => {
      // a later, ordinary change of the same order must still be caught
      const lines = this.sim.orm.searchRead(
        'sale.order.line',
        [
          ['order_id', '=', change.orderId],
          ['display_type', '=', false],
          ['state', 'in', ['draft', 'sent', 'sale']],
        ],
        { fields: ['product_uom_qty', 'qty_delivered'] },
      );
      if (lines.length === 0) return;
      const line = this.random.pick(lines);
      this.sim.orm.write('sale.order.line', line.id, { qty_delivered: Math.min(line.product_uom_qty as number, (line.qty_delivered as number) + 1) });
      this.visibleSince.set(change.orderId, ++this.seq);
      this.history.add('odoo', `order ${change.orderId} (written in 2099) changed again now`, { line: line.id });
    });
    return true;
  }

  duplicateOrderName(): boolean {
    const change = this.sim.changes.duplicateOrderName();
    if (!change) return false;
    const [created, namesake] = change.orderIds!;
    const [order] = this.sim.orm.searchRead('sale.order', [['id', '=', created]], { fields: ['name'] });
    this.history.add('odoo', `order ${created} created with the name ${String(order?.name)} of order ${namesake}`);
    return true;
  }

  /** How far ahead of the true clock a stored watermark may be: the most an instance's clock leads, the lead the engine allows Odoo's clock, and a minute. */
  private allowedClockLeadMs(): number {
    return this.maxSkewAheadMs + ODOO_CLOCK_LEAD_MS + MINUTE;
  }

  /** The shared keys the engine reports (`carteira_key_collisions`); undefined where that table does not exist. */
  private async reportedCollisions(): Promise<ReportedCollision[] | undefined> {
    if (!this.collisionsReadable || !this.inspector) return undefined;
    try {
      const { rows } = await this.inspector.query<{ num_pedido: string; cod_produto: string; kept_order_id: string; skipped_order_id: string }>(
        'SELECT num_pedido, cod_produto, kept_order_id, skipped_order_id FROM carteira_key_collisions',
      );
      return rows.map((row) => ({
        numPedido: row.num_pedido,
        codProduto: row.cod_produto,
        keptOrderId: Number(row.kept_order_id),
        skippedOrderId: Number(row.skipped_order_id),
      }));
    } catch (error) {
      this.collisionsReadable = false;
      this.history.add('checker', 'shared keys not checked: carteira_key_collisions unreadable', { error: (error as Error).message });
      return undefined;
    }
  }

  /** Samples, every second of real time, the engine sessions waiting on a lock; none may wait past the lock timeout. */
  private watchLockWaits(): void {
    let busy = false;
    this.lockMonitor = setInterval(() => {
      if (busy || !this.inspector) return;
      busy = true;
      this.inspector
        .query<{ pid: number; locktype: string; mode: string; waitstart: Date; waited_ms: string; query: string }>(
          `SELECT l.pid, l.locktype, l.mode, l.waitstart, extract(epoch FROM clock_timestamp() - l.waitstart) * 1000 AS waited_ms, a.query
             FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE NOT l.granted AND l.waitstart IS NOT NULL AND a.datname = $1 AND a.application_name LIKE 'carteira-sync%'`,
          [this.database.name],
        )
        .then(({ rows }) => {
          this.lockWaitsSeen += rows.length;
          const at = this.clock.now();
          const samples: LockWaitSample[] = rows.map((row) => ({
            at,
            pid: row.pid,
            waitStart: row.waitstart.toISOString(),
            waitedMs: Number(row.waited_ms),
            lock: `${row.locktype} ${row.mode}`,
            query: row.query,
          }));
          for (const violation of this.lockWaits.check(samples)) this.flag(violation);
        })
        .catch((error: unknown) => this.history.add('checker', 'lock wait sample failed', { error: (error as Error).message }))
        .finally(() => {
          busy = false;
        });
    }, 1000);
    this.lockMonitor.unref();
  }

  private stopWatchingLockWaits(): void {
    if (this.lockMonitor) clearInterval(this.lockMonitor);
    this.lockMonitor = null;
  }

  note(who: string, what: string, detail?: Record<string, unknown>): void {
    this.history.add(who, what, detail);
  }

  count(kind: FaultKind, who: string, detail?: Record<string, unknown>): void {
    this.faultCounts.set(kind, (this.faultCounts.get(kind) ?? 0) + 1);
    this.history.add(who, `FAULT ${kind}`, detail);
  }

  private async guarded<T>(what: string, act: () => Promise<T>): Promise<T | undefined> {
    try {
      return await act();
    } catch (error) {
      this.history.add('harness', `${what} threw`, { error: (error as Error).message });
      return undefined;
    }
  }

  private track(work: Promise<unknown>): void {
    const tracked = work
      .catch((error: unknown) => this.history.add('harness', 'background action threw', { error: (error as Error).message }))
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }

  // ── what the engines say ───────────────────────────────────────────────────

  private onEngineEvent(instance: Instance, event: EngineEvent): void {
    if (event.type === 'run-started' && event.run.id !== null) {
      this.activity = true;
      this.runStarts.set(event.run.id, { at: this.clock.now(), seq: ++this.seq, instance, lieEpoch: this.lie.epoch, lieActive: this.lie.active });
      this.currentRun.set(instance, event.run.id);
      if (this.lie.active && event.run.trigger === 'reconcile') {
        this.lie.reconciles++;
        this.reconcilesUnderLie++;
      }
      this.history.add(instance.name, `run #${event.run.id} started`, {
        trigger: event.run.trigger,
        fence: event.run.fence,
        backend: event.run.lockBackend,
        from: event.run.windowFrom,
      });
      // One armed fault per run, oldest first, so a backlog (after a downtime) spreads over the next runs.
      const armed = this.armed.shift();
      if (armed) this.track(armed.act(instance, event.run.id));
    } else if (event.type === 'run-finished' && event.run.id !== null) {
      this.activity = true;
      const run = event.run;
      const runId: number = event.run.id;
      this.history.add(instance.name, `run #${run.id} ${run.status}`, {
        trigger: run.trigger,
        fence: run.fence,
        ...(run.error ? { error: run.error.slice(0, 200) } : {}),
        ...(run.gap ? { gap: run.gap } : {}),
      });
      const start = this.runStarts.get(runId);
      this.bulkChecks.push({ id: runId, trigger: run.trigger, status: run.status });
      // Odoo lied (listed no orders) to a run that met the empty list: what it missed is the overlap's, the reconciliation's and the end's business.
      const lied = start !== undefined && (start.lieActive || this.lie.active || start.lieEpoch !== this.lie.epoch);
      if (lied) this.liedRuns.push(runId);
      if (lied && run.status === 'succeeded') this.history.add(instance.name, `run #${runId}: freshness not checked (Odoo listed no orders during it)`);
      if (run.status === 'succeeded' && run.trigger === 'reconcile' && start && !lied) {
        // within its lookback (less an hour for clock skew), and every order Odoo no longer has
        this.finishedSyncs.push({
          runId,
          windowFrom: new Date(start.at.getTime() - (RECONCILE_LOOKBACK_HOURS - 1) * 3600_000),
          windowTo: null,
          startedAt: start.at,
          startedSeq: start.seq,
          reconcile: true,
        });
      }
      if (run.status === 'succeeded' && run.trigger !== 'reconcile' && start && !lied) {
        this.finishedSyncs.push({
          runId,
          windowFrom: run.fullLoad || !run.windowFrom ? null : new Date(run.windowFrom),
          // the soak's recoveries are closed ranges; every other sync reads all Odoo has
          windowTo: run.trigger === 'recovery' ? new Date(run.windowTo) : null,
          startedAt: start.at,
          startedSeq: start.seq,
        });
      }
      if (run.gap) this.gapReported(run.gap);
    }
  }

  /** An operator answers a reported gap with a recovery of that stretch, some time later. */
  private gapReported(gap: { from: string; to: string }): void {
    // A gap not yet recovered is reported again by every run, growing at its end: one entry per start.
    const known = this.reportedGaps.get(gap.from);
    if (known) {
      if (gap.to > known.to) known.to = gap.to;
      if (!known.recovered) return;
      known.recovered = false;
    }
    const entry = known ?? { ...gap, recovered: false };
    this.reportedGaps.set(gap.from, entry);
    const recover = async (): Promise<void> => {
      const alive = this.alive();
      if (entry.recovered) return;
      if (alive.length === 0) {
        this.later(15, recover);
        return;
      }
      const by = this.random.pick(alive);
      const to = entry.to;
      this.track(
        by.engine.runSync({ kind: 'range', from: entry.from, to }).then(
          (report) => {
            // A recovery that found the lock held did nothing: only those that ran are counted.
            if (report.run.status !== 'skipped') this.count('operator-recovery', by.name, { from: entry.from, to, status: report.run.status });
            if (report.exitCode === 0 && entry.to === to) entry.recovered = true;
            else this.later(15, recover);
          },
          (error: unknown) => {
            // The instance died under it (kill -9, a cut connection): the operator tries again.
            this.history.add(by.name, 'operator recovery threw', { error: (error as Error).message });
            this.later(15, recover);
          },
        ),
      );
    };
    this.later(this.random.int(5, 60), recover);
  }

  private onLog(instance: Instance, record: LogRecord): void {
    if (record.level !== 'warn' && record.level !== 'error') return;
    if (record.event === 'lock.renew_failed') return;
    this.history.add(instance.name, `log ${record.event}`, { msg: record.msg.slice(0, 200) });
  }
}

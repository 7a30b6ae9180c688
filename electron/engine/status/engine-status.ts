/**
 * The status snapshot every door shows (CLI `status`, console, `getStatus`): what the store
 * knows (watermark, runs, coverage, totals, pause), the lock as seen now, the run in progress
 * and the schedule. JSON-safe (shared/engine-types.ts).
 */
import { hostname } from 'node:os';
import type { EngineStatus, LockStatus, RunProgress, SchedulerStatus } from '../../../shared/engine-types';
import { healthVerdict } from '../../../shared/health';
import { type EngineConfig, overlapMinutes } from '../config';
import { embeddedDatabaseDir } from '../data-dir';
import type { SyncLock } from '../lock';
import { isRecordedProcessGone, localProcessView, type ProcessView } from '../recorded-process';
import { ODOO_PROTOCOLS, type OdooProtocol } from '../odoo';
import { redactUrl } from '../redact-url';
import type { Store } from '../store';
import { coverageOf } from './coverage';
import { nextScheduledWindow } from './next-window';
import { plannedSchedule } from './planned-schedule';
import { iso, toRunSummary } from './run-summary';

const STATUS_RUNS = 50;
/** collisions named in the status (the total counts them all) */
const STATUS_COLLISIONS = 20;

export interface StatusSources {
  config: EngineConfig;
  store: Store;
  lock: SyncLock;
  odooTarget: EngineStatus['odoo'];
  now: Date;
  /** the run in progress in this process; asked after the store and the lock were read, so a
   *  snapshot that shows the lock held by a run of ours also shows that run */
  running: () => RunProgress | null;
  /** the scheduler of this process, when one runs here */
  scheduler: SchedulerStatus | null;
}

export async function engineStatus(sources: StatusSources): Promise<EngineStatus> {
  const { config, store, lock, now } = sources;
  const [state, runs, lastSuccess, totals, lockStatus, collisions] = await Promise.all([
    store.getSyncState(),
    store.listRuns({ limit: STATUS_RUNS }),
    store.lastSuccessfulSync(),
    store.totals(),
    lock.inspect().catch((error: unknown): LockStatus => ({ ...uninspectableLock(config, lock), error: (error as Error).message })),
    store.keyCollisions({ limit: STATUS_COLLISIONS }),
  ]);
  const summaries = runs.map(toRunSummary);
  const seen = coverageOf(runs, now);
  const coverage = { ...seen, gaps: await store.openGaps(seen.gaps) };
  const scheduler = sources.scheduler ?? plannedSchedule(now, state.paused, config);
  const status: Omit<EngineStatus, 'health'> = {
    mode: config.mode,
    modeLabel: config.mode === 'demo' ? 'DEMO' : 'ODOO',
    now: now.toISOString(),
    // the protocol in use here, else the one the last run spoke (a status asked from another process)
    odoo: sources.odooTarget.protocol || !isOdooProtocol(state.odooProtocol) ? sources.odooTarget : { ...sources.odooTarget, protocol: state.odooProtocol },
    database: { backend: store.backend, target: config.databaseUrl ? redactUrl(config.databaseUrl) : embeddedDatabaseDir(config.dataDir, config.mode) },
    watermark: iso(state.watermark),
    paused: state.paused ? { reason: state.pausedReason, by: state.pausedBy, at: iso(state.pausedAt) } : null,
    running: sources.running(),
    lastRun: summaries.find((run) => run.status !== 'running') ?? null,
    lastSuccess: lastSuccess ? toRunSummary(lastSuccess) : null,
    recentRuns: summaries,
    coverage,
    totals,
    lock: lockStatus,
    scheduler,
    nextWindow: nextScheduledWindow(state, runs, nextRunTime(now, scheduler), config),
    settings: {
      intervalMinutes: config.intervalMinutes,
      windowMinutes: config.windowMinutes,
      overlapMinutes: overlapMinutes(config),
      lockTimeoutSeconds: config.lockTimeoutSeconds,
      maxCatchUpHours: config.maxCatchUpHours,
      health: config.health,
    },
    odooChanges: config.mode === 'demo' && config.demo.changesPerMinute > 0 ? 'expected' : 'unknown',
    lockKey: lock.redisConfigured ? lock.redisKey : null,
    lockHolderProcess: holderProcess(lockStatus),
    keyCollisions: {
      total: collisions.total,
      items: collisions.items.map((c) => ({ ...c, firstSeenAt: c.firstSeenAt.toISOString(), lastSeenAt: c.lastSeenAt.toISOString() })),
    },
  };
  return { ...status, health: healthVerdict(status, now.getTime()) };
}

/**
 * Whether the holder's process lives, when it is on this host (a pid elsewhere means nothing here):
 * by its process instance where the value records one, so a value a container's previous PID 1 left
 * is `dead` to the PID 1 that restarted (`recorded-process.ts`); by its pid otherwise.
 */
export function holderProcess(lock: LockStatus, view: ProcessView = localProcessView(), host: string = hostname()): EngineStatus['lockHolderProcess'] {
  if (!lock.holder) return null;
  if (lock.holder.host !== host) return 'elsewhere';
  return isRecordedProcessGone(lock.holder, view) ? 'dead' : 'alive';
}

/** What the status shows when the lock could not even be inspected: the configured backend. */
function uninspectableLock(config: EngineConfig, lock: SyncLock): LockStatus {
  const backend = lock.redisConfigured || config.lockFallback === 'none' ? 'redis' : config.lockFallback;
  return { held: false, holder: null, ttlMs: null, backend, degraded: true, redisReachable: null };
}

function isOdooProtocol(value: string | null): value is OdooProtocol {
  return value !== null && (ODOO_PROTOCOLS as readonly string[]).includes(value);
}

/** When the next scheduled run starts: the scheduler's next slot, or now when none is planned (paused, or no scheduler). */
function nextRunTime(now: Date, scheduler: SchedulerStatus): Date {
  const next = scheduler.nextRunAt ? new Date(scheduler.nextRunAt) : now;
  return next > now ? next : now;
}

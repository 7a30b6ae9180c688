/**
 * What the engine tells the world, as JSON-safe shapes (times are ISO strings): the CLI's
 * `--json` output, the HTTP host and the Electron IPC all carry exactly these.
 */
import type { Interval } from './coverage';
import type { FailureCause } from './failure-cause';

export type RunTrigger = 'scheduled' | 'manual' | 'recovery' | 'catch-up' | 'reconcile';
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'skipped' | 'aborted';
export type LockBackendName = 'redis' | 'postgres' | 'local';

export interface RowCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deactivated: number;
}

/**
 * Why a run did not succeed, as the engine knows it when it records the outcome (the console
 * words it for the operator; `error` keeps the engine's own text): its lock went away (a forced
 * release, another holder), its process stopped (a stop, a restart, a crash), it failed, or it
 * was skipped because the lock was held or another run had just run; or it stopped before
 * deactivating more of the carteira than one answer is trusted with (`deactivationHeld`: an
 * operator confirms a reconciliation, audited).
 */
export type RunProblem = 'lockLost' | 'stopped' | 'failed' | 'lockHeld' | 'recent' | 'deactivationHeld';

export interface RunSummary {
  id: number | null;
  trigger: RunTrigger;
  status: RunStatus;
  windowFrom: string | null;
  windowTo: string;
  fullLoad: boolean;
  startedAt: string;
  finishedAt: string | null;
  ordersSeen: number;
  counts: RowCounts;
  error: string | null;
  /** null for a run that succeeded or is running */
  problem: RunProblem | null;
  /**
   * Why it failed, decided by the engine from the error (`failed` runs: Odoo refused, PostgreSQL's
   * database missing…; skips: who held the lock), worded by the catalogue's `failure`; null when
   * the problem says it all (lock lost, stopped) and for runs from before it was recorded.
   */
  cause: FailureCause | null;
  lockBackend: LockBackendName | null;
  degraded: boolean;
  fence: number | null;
  gap: { from: string; to: string } | null;
  watermarkBefore: string | null;
  watermarkAfter: string | null;
  host: string;
  pid: number;
  demo: boolean;
  /** who started it (`scheduler`, `cli:user@host`, the console's actor, `tray:user@host`); null for runs from before it was recorded */
  actor: string | null;
}

/** Exit codes of `run`/`reconcile`: 0 done, 1 failed, 2 skipped because the lock is held. */
export type RunExitCode = 0 | 1 | 2;

export interface RunReport {
  run: RunSummary;
  exitCode: RunExitCode;
  /** who held the lock when the run was skipped */
  heldBy: LockHolderInfo | null;
}

/** Who holds the lock: the JSON value of `<prefix>:lock` (`backend` is added when read). */
export interface LockHolderInfo {
  /** random 128-bit hex; the only thing renewal, release and forced release compare */
  token: string;
  owner: string;
  host: string;
  pid: number;
  /** the holder's process instance (boot id + start time, issue 16.7): its pid alone does not tell a restarted container's PID 1 from the one before; absent or null in values from before it was recorded */
  instance?: string | null;
  runId: number | null;
  /** ISO time of the acquisition */
  acquiredAt: string;
  /** fence handed out for this acquisition; null only in the instant between winning and bumping */
  fence: number | null;
  backend: LockBackendName;
  /** the stored value itself, as read (absent where the backend has no value, e.g. the advisory lock) */
  value?: LockValueInfo;
}

/**
 * Who wrote a lock value: this product (its JSON), the old Python job (a plain timestamp:
 * `redis_client.set(key, timestamp, nx=True, ex=1500)`), or anything else (another tool, a hand).
 */
export type LockValueKind = 'ours' | 'legacy' | 'foreign';

/** A lock value exactly as stored: what the console and the CLI show, and what a release by value compares. */
export interface LockValueInfo {
  /** the value as text: UTF-8 as is; when it is not UTF-8 or holds control characters, `\xNN` escapes (and `\\`) */
  raw: string;
  /** `raw` has escapes: the value is not plain text */
  binary: boolean;
  /** `raw` is cut at 2,000 characters (`sha1` is still of the whole value) */
  truncated: boolean;
  /** SHA-1 (hex) of the exact stored bytes: a release by value deletes only while the key holds these bytes */
  sha1: string;
  kind: LockValueKind;
  /** a legacy value's time when it reads as one (ISO; a time without a zone is this host's local time), else null */
  legacyAt: string | null;
}

export interface LockStatus {
  held: boolean;
  holder: LockHolderInfo | null;
  /** time left before the lock expires by itself; null when the backend has no TTL (advisory lock) or nothing is held */
  ttlMs: number | null;
  /** backend where the lock was looked at (where it is held, when it is held) */
  backend: LockBackendName;
  /** the backend looked at is a fallback although Redis is configured */
  degraded: boolean;
  /** null when no Redis is configured */
  redisReachable: boolean | null;
  /** set when the lock could not be inspected at all */
  error?: string;
}

export interface RunProgress {
  runId: number;
  trigger: RunTrigger;
  startedAt: string;
  windowFrom: string | null;
  windowTo: string;
  ordersTotal: number;
  ordersDone: number;
  counts: RowCounts;
}

export interface SchedulerStatus {
  /** false when no scheduler runs in this process: the times are when a scheduler service would run */
  active: boolean;
  intervalMinutes: number;
  nextRunAt: string | null;
  nextReconcileAt: string | null;
}

export interface EngineStatus {
  mode: 'odoo' | 'demo';
  /** `DEMO` in demo mode, so every status line says it */
  modeLabel: 'DEMO' | 'ODOO';
  now: string;
  /** `protocol`: the one in use (ODOO_PROTOCOL, or what `auto` chose); absent until `auto` has asked Odoo */
  odoo: { url: string; db: string; user: string; protocol?: 'xmlrpc' | 'jsonrpc' | 'json2' };
  database: { backend: 'postgres' | 'pglite'; target: string };
  watermark: string | null;
  paused: { reason: string | null; by: string | null; at: string | null } | null;
  running: RunProgress | null;
  lastRun: RunSummary | null;
  lastSuccess: RunSummary | null;
  recentRuns: RunSummary[];
  /** successful windows (epoch ms, clipped to `range`), their overlaps, and the gaps inside `range` */
  coverage: { range: Interval; covered: Interval[]; overlaps: Interval[]; gaps: Interval[] };
  totals: { rows: number; active: number; orders: number };
  lock: LockStatus;
  scheduler: SchedulerStatus | null;
  /** the window the next scheduled run will plan (the engine's planner at the next run's time); null when it will be a full load */
  nextWindow: { from: string; to: string } | null;
  settings: {
    intervalMinutes: number;
    windowMinutes: number;
    overlapMinutes: number;
    lockTimeoutSeconds: number;
    maxCatchUpHours: number;
    /** the health verdict's thresholds (shared/health.ts) */
    health: HealthThresholds;
  };
  /** `expected` when Odoo is known to change (the demo simulator's change generator): only then do runs with 0 orders count against health */
  odooChanges: 'expected' | 'unknown';
  /** the Redis key of the lock (`redis-cli TTL <key>`), null when no Redis is configured */
  lockKey: string | null;
  /** the health verdict at `now` (shared/health.ts): what `status --json`, the tray and notifications read; the console recomputes it as its clock ticks */
  health: HealthVerdict;
  /** whether the lock holder's process lives: `alive`/`dead` when it is on this host, `elsewhere` when not, null when the lock is free */
  lockHolderProcess: 'alive' | 'dead' | 'elsewhere' | null;
  /** keys two Odoo orders with the same name claim: the newest (up to 20) and how many in all */
  keyCollisions: { total: number; items: KeyCollisionSummary[] };
}

/**
 * Two Odoo orders with the same name (Odoo does not make it unique) and a product in common:
 * one key of `carteira`. The order holding it keeps it; the other's line for it is not written
 * until one of them is renamed in Odoo.
 */
export interface KeyCollisionSummary {
  numPedido: string;
  codProduto: string;
  keptOrderId: number;
  skippedOrderId: number;
  firstSeenRunId: number | null;
  lastSeenRunId: number | null;
  firstSeenAt: string;
  lastSeenAt: string;
}

// --- the health verdict (computed by shared/health.ts) ---------------------------------------
export type HealthLevel = 'ok' | 'warn' | 'critical';
export type HealthRuleId = 'sinceSuccess' | 'gaps' | 'duration' | 'failures' | 'staleLock' | 'lockErrors' | 'zeroOrders' | 'keyCollisions' | 'heldDeactivation';

export interface HealthRule {
  id: HealthRuleId;
  level: HealthLevel;
  /** false: the rule does not apply now (e.g. 0 orders from an Odoo not known to change) */
  checked: boolean;
  /** current value: milliseconds for times, a count otherwise; null when there is none */
  value: number | null;
  unit: 'ms' | 'count';
  /** Atenção above (times) or at (counts) this value; null when the rule has no such step */
  warnAt: number | null;
  criticalAt: number | null;
  /** what else the value needs to be read: the run is still going, the lock backend state… */
  note?: 'running' | 'degraded' | 'error' | 'stuck' | 'quiet';
}

export interface HealthVerdict {
  level: HealthLevel;
  rules: HealthRule[];
}

/** Thresholds of the health verdict (shared/health.ts), from the HEALTH_* settings. */
export interface HealthThresholds {
  /** Atenção when the last success is older than this × the interval (default 1.5) */
  sinceSuccessWarnFactor: number;
  /** Atenção when the last run took longer (default 5) */
  maxRunMinutes: number;
  /** Crítico from this many consecutive failures (default 2; 1 is Atenção) */
  failuresCritical: number;
  /** Atenção after this many successful runs in a row with 0 orders, when Odoo is known to change (default 3) */
  zeroOrderRuns: number;
}

/**
 * What the audit table records. A forced release is written `requested` before it acts, then
 * rewritten with its outcome (`requested` stays only if that rewrite failed).
 */
export type AuditAction =
  | 'lock.force_release'
  | 'lock.force_release.refused'
  | 'lock.force_release.requested'
  | 'lock.force_release.failed'
  | 'lock.dead_holder_takeover'
  | 'scheduler.pause'
  | 'scheduler.resume'
  | 'reconcile.confirm_deactivation';

/** One row of the audit table: forced releases (and refused ones), pauses, resumes. */
export interface AuditEntrySummary {
  id: number;
  at: string;
  actor: string;
  action: AuditAction;
  reason: string | null;
  details: Record<string, unknown>;
}

/** What a forced or token release did. */
export interface ReleaseLockOutcome {
  released: boolean;
  previousOwner: string | null;
  currentOwner: string | null;
  currentToken: string | null;
  fence: number | null;
  /** the holder found (removed, or kept when the value had changed), with its raw value; null: the lock was free */
  previousHolder: LockHolderInfo | null;
  /** the holder after the call: null when released or free */
  currentHolder: LockHolderInfo | null;
}

/** Events an engine emits for a UI to follow. */
export type EngineEvent =
  | { type: 'run-started'; run: RunSummary }
  | { type: 'run-progress'; progress: RunProgress }
  | { type: 'run-finished'; run: RunSummary }
  | { type: 'paused'; reason: string | null }
  | { type: 'resumed'; reason: string | null }
  | { type: 'lock-released'; actor: string; reason: string }
  | { type: 'log'; record: LogEntry };

/** One log record as the console shows it. */
export interface LogEntry {
  time: string;
  level: string;
  event: string;
  msg: string;
}

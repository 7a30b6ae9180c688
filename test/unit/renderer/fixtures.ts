/** Small, complete engine shapes for the renderer's pure helpers, and a fixed local time zone. */
import { afterAll, beforeAll } from 'vitest';
import type { EngineStatus, LockHolderInfo, LockStatus, LockValueInfo, RunProgress, RunReport, RunSummary } from '../../../shared/engine-types';

export function run(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    id: 7,
    trigger: 'scheduled',
    status: 'succeeded',
    windowFrom: '2025-01-15T12:00:00.000Z',
    windowTo: '2025-01-15T13:00:00.000Z',
    fullLoad: false,
    startedAt: '2025-01-15T13:00:01.000Z',
    finishedAt: '2025-01-15T13:00:43.000Z',
    ordersSeen: 34,
    counts: { inserted: 9, updated: 23, unchanged: 100, deactivated: 1 },
    error: null,
    problem: null,
    cause: null,
    lockBackend: 'redis',
    degraded: false,
    fence: 9,
    gap: null,
    watermarkBefore: null,
    watermarkAfter: null,
    host: 'vm',
    pid: 1234,
    demo: false,
    actor: 'scheduler',
    ...overrides,
  };
}

export function report(overrides: Partial<RunReport> = {}): RunReport {
  return { run: run(), exitCode: 0, heldBy: null, ...overrides };
}

export function lock(overrides: Partial<LockStatus> = {}): LockStatus {
  return { held: false, holder: null, ttlMs: null, backend: 'redis', degraded: false, redisReachable: true, ...overrides };
}

/** A lock value as read (a value this product did not write, unless told). */
export function lockValue(overrides: Partial<LockValueInfo> = {}): LockValueInfo {
  return { raw: '', binary: false, truncated: false, sha1: 'c'.repeat(40), kind: 'foreign', legacyAt: null, ...overrides };
}

/** The old Python job's value under the lock key: a plain timestamp (`SET key timestamp NX EX 1500`). */
export const legacyHolder: LockHolderInfo = {
  token: '',
  owner: '2026-12-06 10:00:00.123456',
  host: '',
  pid: 0,
  runId: null,
  acquiredAt: '2026-12-06T13:00:00.123Z',
  fence: null,
  backend: 'redis',
  value: lockValue({ raw: '2026-12-06 10:00:00.123456', kind: 'legacy', legacyAt: '2026-12-06T13:00:00.123Z' }),
};

/** A holder this product wrote: the scheduler's run #12 on vm-1. */
export const ourHolder: LockHolderInfo = {
  token: 'b'.repeat(32),
  owner: 'scheduler',
  host: 'vm-1',
  pid: 4242,
  runId: 12,
  acquiredAt: '2026-12-06T13:01:30.000Z',
  fence: 7,
  backend: 'redis',
  value: lockValue({ raw: '{"token":"bbb"}', kind: 'ours' }),
};

export function progress(overrides: Partial<RunProgress> = {}): RunProgress {
  return {
    runId: 8,
    trigger: 'manual',
    startedAt: '2025-01-15T13:30:00.000Z',
    windowFrom: '2025-01-15T12:30:00.000Z',
    windowTo: '2025-01-15T13:30:00.000Z',
    ordersTotal: 40,
    ordersDone: 10,
    counts: { inserted: 0, updated: 0, unchanged: 0, deactivated: 0 },
    ...overrides,
  };
}

export function status(overrides: Partial<EngineStatus> = {}): EngineStatus {
  return {
    mode: 'odoo',
    modeLabel: 'ODOO',
    now: '2025-01-15T14:00:00.000Z',
    odoo: { url: 'http://odoo.test', db: 'prod', user: 'sync' },
    database: { backend: 'postgres', target: 'postgres://db/carteira' },
    watermark: '2025-01-15T13:00:00.000Z',
    paused: null,
    running: null,
    lastRun: run(),
    lastSuccess: run(),
    recentRuns: [run()],
    coverage: { range: { from: 0, to: 1 }, covered: [], overlaps: [], gaps: [] },
    totals: { rows: 10, active: 8, orders: 3 },
    lock: lock(),
    scheduler: null,
    nextWindow: { from: '2025-01-15T12:50:00.000Z', to: '2025-01-15T14:30:00.000Z' },
    settings: {
      intervalMinutes: 30,
      windowMinutes: 40,
      overlapMinutes: 10,
      lockTimeoutSeconds: 1500,
      maxCatchUpHours: 24,
      health: { sinceSuccessWarnFactor: 1.5, maxRunMinutes: 5, failuresCritical: 2, zeroOrderRuns: 3 },
    },
    odooChanges: 'unknown',
    lockKey: 'carteira:sync:incremental:lock',
    lockHolderProcess: null,
    keyCollisions: { total: 0, items: [] },
    health: { level: 'ok', rules: [] },
    ...overrides,
  };
}

/** Runs `fn` with `process.env.TZ` set to `tz` (Node reads it again on change), then puts it back. */
export function inZone(tz: string, fn: () => void): void {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

/** The whole test file in time zone `tz` (local times are what the console shows). */
export function inTimeZone(tz: string): void {
  let before: string | undefined;
  beforeAll(() => {
    before = process.env.TZ;
    process.env.TZ = tz;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });
}

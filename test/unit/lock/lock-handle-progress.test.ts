/**
 * Issue 16.4: the lock is renewed only while the run that holds it makes progress. A run stuck
 * on a wait nobody bounds (a statement on a frozen server, a row lock never given back) would
 * otherwise keep the lock for ever and block every instance. Driven by a controllable clock
 * (fake timers; the handle's monotonic clock is the faked `Date.now`), never by real sleeps.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockLostError, type LockHolder } from '../../../electron/engine/lock';
import type { Lease } from '../../../electron/engine/lock/lease';
import { SyncLockHandle } from '../../../electron/engine/lock/lock-handle';
import { createMemoryLogger } from '../../../electron/engine/logger';

class FakeLease implements Lease {
  readonly backend = 'redis' as const;
  readonly token = 't'.repeat(32);
  renewals = 0;
  released = 0;
  constructor(readonly ttlMs: number | null) {}
  async renew(_holder?: LockHolder) {
    this.renewals += 1;
    return null;
  }
  async confirm() {
    return null;
  }
  async release() {
    this.released += 1;
    return true;
  }
  async dispose() {}
}

const TTL = 30_000;
const BOUND = 60_000;

function makeHandle(progressTimeoutMs: number | null = BOUND) {
  const lease = new FakeLease(TTL);
  const logger = createMemoryLogger();
  const handle = new SyncLockHandle({
    lease,
    holder: { token: lease.token, owner: 'o', host: 'h', pid: 1, runId: null, acquiredAt: '2026-01-01T00:00:00Z', fence: 3, backend: 'redis' },
    degraded: false,
    logger,
    progressTimeoutMs,
    now: () => Date.now(),
  });
  handle.start(Date.now());
  const reasons: string[] = [];
  handle.onLost((reason) => reasons.push(reason));
  return { lease, handle, logger, reasons };
}

describe('SyncLockHandle: renewal tied to the run making progress', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps renewing for as long as progress keeps coming, however long the run', async () => {
    const { lease, handle, reasons } = makeHandle();
    for (let minute = 0; minute < 30; minute++) {
      await vi.advanceTimersByTimeAsync(BOUND / 2);
      handle.progress();
    }
    expect(reasons).toEqual([]);
    expect(handle.lost).toBe(false);
    expect(lease.renewals).toBeGreaterThanOrEqual((30 * (BOUND / 2)) / (TTL / 3) - 1);
    await handle.confirm();
    expect(await handle.release()).toBe(true);
  });

  it('a run with no progress beyond the bound is told (lost), stops being renewed, and its lock is released for the others', async () => {
    const { lease, handle, logger, reasons } = makeHandle();
    await vi.advanceTimersByTimeAsync(BOUND - 1_000);
    handle.progress(); // the last answer the run got
    await vi.advanceTimersByTimeAsync(BOUND - 1);
    expect(reasons).toEqual([]);
    await vi.advanceTimersByTimeAsync(2);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/sem progresso há 60 s/);
    expect(reasons[0]).toContain('SYNC_PROGRESS_TIMEOUT_SECONDS');
    expect(handle.lost).toBe(true);
    // compare-and-delete at once: the other instances need not wait for the TTL
    expect(lease.released).toBe(1);
    expect(logger.records.some((record) => record.event === 'lock.stalled')).toBe(true);

    const renewalsAtStall = lease.renewals;
    await vi.advanceTimersByTimeAsync(10 * TTL);
    expect(lease.renewals).toBe(renewalsAtStall); // never renewed again
    await expect(handle.confirm()).rejects.toBeInstanceOf(LockLostError); // nor written under
    // late progress does not bring it back
    handle.progress();
    expect(handle.lost).toBe(true);
    // the run's own release afterwards says it was released, and releases nothing twice
    expect(await handle.release()).toBe(true);
    expect(lease.released).toBe(1);
  });

  it('without a bound (null) the handle renews as long as it is held, as before', async () => {
    const { lease, handle, reasons } = makeHandle(null);
    await vi.advanceTimersByTimeAsync(100 * BOUND);
    expect(reasons).toEqual([]);
    expect(lease.renewals).toBeGreaterThan(100);
    expect(await handle.release()).toBe(true);
  });

  it('a released handle is never declared stalled afterwards', async () => {
    const { lease, handle, reasons } = makeHandle();
    expect(await handle.release()).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * BOUND);
    expect(reasons).toEqual([]);
    expect(lease.released).toBe(1);
  });
});

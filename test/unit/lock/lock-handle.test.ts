import { describe, expect, it } from 'vitest';
import { BackendUnreachableError, LockLostError, type LockHolder } from '../../../electron/engine/lock';
import type { Lease } from '../../../electron/engine/lock/lease';
import { SyncLockHandle } from '../../../electron/engine/lock/lock-handle';
import { createMemoryLogger } from '../../../electron/engine/logger';
import { performance } from 'node:perf_hooks';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class FakeLease implements Lease {
  readonly backend = 'redis' as const;
  readonly token = 't'.repeat(32);
  renewals: Array<LockHolder | undefined> = [];
  released = 0;
  /** what renew/confirm do: null ok, string lost, 'down' throws unreachable */
  mode: null | string | 'down' = null;
  constructor(readonly ttlMs: number | null) {}
  async renew(holder?: LockHolder) {
    this.renewals.push(holder);
    return this.answer();
  }
  async confirm() {
    return this.answer();
  }
  async release() {
    this.released += 1;
    return this.mode === null;
  }
  async dispose() {}
  private answer(): string | null {
    if (this.mode === 'down') throw new BackendUnreachableError('redis', new Error('Command timed out'));
    return this.mode;
  }
}

function makeHandle(ttlMs: number | null) {
  const lease = new FakeLease(ttlMs);
  const logger = createMemoryLogger();
  const handle = new SyncLockHandle({
    lease,
    holder: { token: lease.token, owner: 'o', host: 'h', pid: 1, runId: null, acquiredAt: '2026-01-01T00:00:00Z', fence: null, backend: 'redis' },
    degraded: false,
    logger,
  });
  handle.start(performance.now());
  return { lease, handle, logger };
}

describe('SyncLockHandle', () => {
  it('renews every TTL/3 and writes value changes (fence, runId) through the compare-and-set renewal', async () => {
    const { lease, handle } = makeHandle(300);
    expect(await handle.writeHolder({ fence: 5 })).toBe(true);
    expect(lease.renewals[0]).toMatchObject({ fence: 5 });
    await handle.setRunId(3);
    expect(lease.renewals.at(-1)).toMatchObject({ fence: 5, runId: 3 });
    const before = lease.renewals.length;
    await sleep(450);
    expect(lease.renewals.length - before).toBeGreaterThanOrEqual(2);
    expect(lease.renewals.slice(before).every((value) => value === undefined)).toBe(true); // plain extensions
    expect(handle.guard.fence).toBe(5);
    await handle.confirm();
    expect(await handle.release()).toBe(true);
    expect(lease.released).toBe(1);
  });

  it('a renewal that finds the lock gone marks it lost once, tells listeners, and release() then touches nothing', async () => {
    const { lease, handle, logger } = makeHandle(300);
    const reasons: string[] = [];
    handle.onLost((reason) => reasons.push(reason));
    lease.mode = 'key is gone';
    await sleep(200);
    expect(handle.lost).toBe(true);
    expect(reasons).toEqual(['key is gone']);
    await expect(handle.confirm()).rejects.toBeInstanceOf(LockLostError);
    await expect(handle.setRunId(1)).rejects.toBeInstanceOf(LockLostError);
    expect(await handle.release()).toBe(false);
    expect(lease.released).toBe(0);
    expect(logger.records.filter((record) => record.event === 'lock.lost')).toHaveLength(1);
  });

  it('an unreachable backend is tolerated until a whole TTL has passed without a successful renewal', async () => {
    const { lease, handle } = makeHandle(400);
    let lostAt = 0;
    const started = performance.now();
    handle.onLost(() => {
      lostAt = performance.now() - started;
    });
    lease.mode = 'down';
    await sleep(250);
    expect(handle.lost).toBe(false);
    // cannot prove ownership: the commit is refused, but the lock is not declared lost yet
    const refused = handle.confirm();
    await expect(refused).rejects.toThrow(/cannot confirm/);
    await expect(refused).rejects.toMatchObject({ cause: expect.any(BackendUnreachableError) });
    expect(handle.lost).toBe(false);
    await sleep(300);
    expect(handle.lost).toBe(true);
    expect(handle.lostReason).toMatch(/TTL/);
    expect(lostAt).toBeGreaterThanOrEqual(390);
    expect(lostAt).toBeLessThan(900);
  });

  it('recovers when the backend answers again before the TTL is over', async () => {
    const { lease, handle } = makeHandle(600);
    lease.mode = 'down';
    await sleep(300);
    lease.mode = null;
    await sleep(700);
    expect(handle.lost).toBe(false);
    await handle.release();
  });

  it('a backend without TTL (advisory lock) is never expired by time', async () => {
    const { lease, handle } = makeHandle(null);
    lease.mode = 'down';
    await sleep(100);
    expect(handle.lost).toBe(false);
    await handle.abandon();
    expect(await handle.release()).toBe(false);
  });
});

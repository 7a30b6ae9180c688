/**
 * The lock with the real Store (openStore on a test PostgreSQL): its fence and its
 * beforeCommit guard stop a holder that lost the lock, whatever the way it was lost.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncLock, LockLostError, type LockHandle, type SyncLock } from '../../../electron/engine/lock';
import { createMemoryLogger } from '../../../electron/engine/logger';
import { FenceError, openStore, type Store, type WriteGuard } from '../../../electron/engine/store';
import { newRun } from '../../support/new-run';
import { connectTestRedis, createTestDatabase, REDIS_URL, uniqueRedisPrefix } from '../../support/services';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let store: Store;
let redis: Redis;
let dataDir: string;

beforeAll(async () => {
  redis = await connectTestRedis();
  database = await createTestDatabase('lockstore');
  store = await openStore({ databaseUrl: database.url });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lock-store-'));
});

afterAll(async () => {
  await store?.close();
  await database?.drop();
  redis?.disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

function makeLock(prefix: string, owner: string, redisUrl: string | null = REDIS_URL): SyncLock {
  return createSyncLock({
    redisUrl,
    prefix,
    ttlMs: 5000,
    fallback: 'local',
    dataDir,
    fences: store,
    audit: store,
    logger: createMemoryLogger(),
    owner,
  });
}

/** A fenced write: a run's success moving the watermark. */
async function succeed(watermarkTo: string, guard: WriteGuard): Promise<Date | null> {
  const runId = await store.insertRun(newRun({ startedAt: new Date(watermarkTo), fence: guard.fence }));
  const counts = { inserted: 0, updated: 0, unchanged: 0, deactivated: 0 };
  return store.recordRunSuccess(
    runId,
    { finishedAt: new Date(watermarkTo), ordersSeen: 0, counts, watermarkTo: new Date(watermarkTo), odooSyncedTo: null, windowTo: null },
    guard,
  );
}

async function acquire(lock: SyncLock): Promise<LockHandle> {
  const result = await lock.tryAcquire();
  if (!result.acquired) throw new Error('expected to acquire');
  return result.handle;
}

describe('lock + store fencing', () => {
  it("each acquisition takes the store fence; a newer acquisition makes the older holder's writes fail with FenceError", async () => {
    const prefix = uniqueRedisPrefix('fence');
    const a = makeLock(prefix, 'a');
    const b = makeLock(prefix, 'b');
    const first = await acquire(a);
    expect(first.fence).toBe((await store.getSyncState()).fence);
    await succeed('2026-01-01T00:00:00Z', first.guard);

    // the operator deletes the key (bumps no fence): the beforeCommit guard stops the holder's next write
    await redis.del(`${prefix}:lock`);
    await expect(succeed('2026-01-02T00:00:00Z', first.guard)).rejects.toBeInstanceOf(LockLostError);
    expect((await store.getSyncState()).watermark?.toISOString()).toBe('2026-01-01T00:00:00.000Z');

    // another holder takes it: the old fence is dead even without the guard
    const second = await acquire(b);
    expect(second.fence).toBe(first.fence + 1);
    const fenced = succeed('2026-01-03T00:00:00Z', { fence: first.fence });
    await expect(fenced).rejects.toBeInstanceOf(FenceError);
    // one class for the runner to check: a fenced-out write is a lost lock
    await expect(fenced).rejects.toBeInstanceOf(LockLostError);
    await expect(fenced).rejects.toThrow(/^lock lost: this run holds fence/);
    await succeed('2026-01-04T00:00:00Z', second.guard);
    expect((await store.getSyncState()).watermark?.toISOString()).toBe('2026-01-04T00:00:00.000Z');
    expect(await first.release()).toBe(false);
    expect(await second.release()).toBe(true);
    await a.close();
    await b.close();
  });

  it('a forced release bumps the store fence and writes an audit row with actor, reason and previous holder', async () => {
    const prefix = uniqueRedisPrefix('force');
    const holderLock = makeLock(prefix, 'scheduler');
    const admin = makeLock(prefix, 'cli');
    const handle = await acquire(holderLock);
    const result = await admin.forceRelease({ expectedToken: handle.token, actor: 'maria@ops', reason: 'run travado' });
    expect(result.released).toBe(true);
    expect(result.fence).toBe(handle.fence + 1);
    await expect(succeed('2026-02-01T00:00:00Z', handle.guard)).rejects.toThrow();
    const audit = (await store.listAudit({ limit: 5 })).find((row) => row.action === 'lock.force_release');
    expect(audit).toMatchObject({ actor: 'maria@ops', reason: 'run travado' });
    expect((audit?.details.previous as { token: string; owner: string }).owner).toBe('scheduler');
    await holderLock.close();
    await admin.close();
  });

  it('a holder under a fallback is fenced out when another instance acquires through Redis', async () => {
    const prefix = uniqueRedisPrefix('cross');
    const noRedis = makeLock(prefix, 'fallback-holder', null); // local file, as if Redis were down
    const viaRedis = makeLock(prefix, 'redis-holder');
    const local = await acquire(noRedis);
    expect(local.backend).toBe('local');
    const remote = await acquire(viaRedis);
    expect(remote.backend).toBe('redis');
    await expect(succeed('2026-03-01T00:00:00Z', local.guard)).rejects.toBeInstanceOf(FenceError);
    await succeed('2026-03-01T00:00:00Z', remote.guard);
    await local.release();
    await remote.release();
    await noRedis.close();
    await viaRedis.close();
  });
});

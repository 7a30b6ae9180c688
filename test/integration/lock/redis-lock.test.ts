/**
 * The Redis backend against the shared Redis (own key prefix) and a real fence counter in
 * a test database.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type Redis from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSyncLock, LockLostError, type LockHandle, type SyncLock, type SyncLockOptions } from '../../../electron/engine/lock';
import { createMemoryLogger } from '../../../electron/engine/logger';
import { ownProcessInstance } from '../../../electron/engine/process-instance';
import { connectTestRedis, createTestDatabase, REDIS_URL, uniqueRedisPrefix } from '../../support/services';
import { openFenceDb, prepareFenceTables, type FenceDb } from './helpers/fence-db';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let fences: FenceDb;
let redis: Redis;
let dataDir: string;
const locks: SyncLock[] = [];

beforeAll(async () => {
  redis = await connectTestRedis();
  database = await createTestDatabase('lockr');
  await prepareFenceTables(database.url);
  fences = openFenceDb(database.url);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lock-redis-'));
});

afterEach(async () => {
  for (const lock of locks.splice(0)) await lock.close();
});

afterAll(async () => {
  await fences?.close();
  await database?.drop();
  redis?.disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

function makeLock(prefix: string, overrides: Partial<SyncLockOptions> = {}) {
  const logger = createMemoryLogger();
  const lock = createSyncLock({
    redisUrl: REDIS_URL,
    prefix,
    ttlMs: 1500,
    fallback: 'none',
    dataDir,
    fences,
    audit: fences,
    logger,
    owner: 'test',
    ...overrides,
  });
  locks.push(lock);
  return { lock, logger };
}

async function acquire(lock: SyncLock, runId: number | null = null): Promise<LockHandle> {
  const result = await lock.tryAcquire({ runId });
  if (!result.acquired) throw new Error(`expected to acquire, held by ${JSON.stringify(result.holder)}`);
  return result.handle;
}

describe('Redis lock', () => {
  it('stores a JSON value with token and fence under <prefix>:lock, with PTTL <= ttl, visible to redis-cli', async () => {
    const prefix = uniqueRedisPrefix('lock');
    const { lock, logger } = makeLock(prefix);
    const before = await fences.currentFence();
    const handle = await acquire(lock, 42);
    expect(handle.backend).toBe('redis');
    expect(handle.degraded).toBe(false);
    expect(handle.token).toMatch(/^[0-9a-f]{32}$/);
    expect(handle.fence).toBe(before + 1);
    expect(handle.guard.fence).toBe(handle.fence);

    const raw = await redis.get(`${prefix}:lock`);
    const value = JSON.parse(raw ?? 'null') as Record<string, unknown>;
    expect(Object.keys(value).sort()).toEqual(['acquiredAt', 'fence', 'host', 'instance', 'owner', 'pid', 'runId', 'token']);
    // the process instance beside the pid (issue 16.7): a restarted container's PID 1 is not its predecessor
    expect(value).toMatchObject({
      token: handle.token,
      fence: handle.fence,
      pid: process.pid,
      instance: ownProcessInstance(),
      runId: 42,
      owner: 'test',
      host: os.hostname(),
    });
    const pttl = await redis.pttl(`${prefix}:lock`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(1500);

    // The runbook's commands still work from outside.
    const url = new URL(REDIS_URL);
    const cli = ['-h', url.hostname, '-p', url.port || '6379'];
    const { stdout: got } = await run('redis-cli', [...cli, 'GET', `${prefix}:lock`]);
    expect(JSON.parse(got).token).toBe(handle.token);
    const { stdout: ttl } = await run('redis-cli', [...cli, 'TTL', `${prefix}:lock`]);
    expect(Number(ttl)).toBeGreaterThanOrEqual(0);
    expect(Number(ttl)).toBeLessThanOrEqual(2);

    expect(logger.records.find((record) => record.event === 'lock.acquired')?.msg).toBe('Lock distribuído adquirido');
    expect(await handle.release()).toBe(true);
    expect(await redis.exists(`${prefix}:lock`)).toBe(0);
    expect(logger.records.find((record) => record.event === 'lock.released')?.msg).toBe('Lock distribuído liberado');
  });

  it('a second acquisition is refused with the holder, and does not bump the fence', async () => {
    const prefix = uniqueRedisPrefix('lock');
    const { lock: first } = makeLock(prefix, { owner: 'first' });
    const { lock: second } = makeLock(prefix, { owner: 'second' });
    const handle = await acquire(first, 7);
    const fence = await fences.currentFence();
    const result = await second.tryAcquire();
    expect(result.acquired).toBe(false);
    if (result.acquired) return;
    expect(result.backend).toBe('redis');
    expect(result.degraded).toBe(false);
    expect(result.holder).toMatchObject({ token: handle.token, owner: 'first', runId: 7, fence: handle.fence, backend: 'redis' });
    expect(await fences.currentFence()).toBe(fence);

    const inspection = await second.inspect();
    expect(inspection).toMatchObject({ held: true, backend: 'redis', degraded: false, redisReachable: true });
    expect(inspection.holder?.token).toBe(handle.token);
    expect(inspection.ttlMs).toBeGreaterThan(0);
    await handle.release();
    expect((await second.inspect()).held).toBe(false);
  });

  it('renewal keeps the lock alive well past its TTL; setRunId updates the value', async () => {
    const prefix = uniqueRedisPrefix('lock');
    const { lock } = makeLock(prefix, { ttlMs: 600 });
    const handle = await acquire(lock);
    await handle.setRunId(99);
    await sleep(2000);
    expect(handle.lost).toBe(false);
    await handle.confirm();
    const value = JSON.parse((await redis.get(`${prefix}:lock`)) ?? 'null') as Record<string, unknown>;
    expect(value).toMatchObject({ token: handle.token, runId: 99, fence: handle.fence });
    expect(await redis.pttl(`${prefix}:lock`)).toBeLessThanOrEqual(600);
    expect(await handle.release()).toBe(true);
  });

  it('an operator DEL makes confirm() throw at once and onLost fire at the next renewal', async () => {
    const prefix = uniqueRedisPrefix('lock');
    const { lock, logger } = makeLock(prefix, { ttlMs: 900 });
    const handle = await acquire(lock);
    const lost = new Promise<string>((resolve) => handle.onLost(resolve));
    await redis.del(`${prefix}:lock`);
    await expect(handle.confirm()).rejects.toBeInstanceOf(LockLostError);
    await expect(handle.guard.beforeCommit?.()).rejects.toThrow(/lock lost/);
    expect(handle.lost).toBe(true);
    expect(await lost).toMatch(/gone/);
    expect(logger.records.some((record) => record.event === 'lock.lost')).toBe(true);
    // someone else takes it; our release must not touch it
    const { lock: other } = makeLock(prefix);
    const theirs = await acquire(other);
    expect(await handle.release()).toBe(false);
    expect(JSON.parse((await redis.get(`${prefix}:lock`)) ?? 'null').token).toBe(theirs.token);
    await theirs.release();
  });

  it('a DEL between renewals is noticed by the renewal itself (onLost) without any confirm()', async () => {
    const prefix = uniqueRedisPrefix('lock');
    const { lock } = makeLock(prefix, { ttlMs: 600 });
    const handle = await acquire(lock);
    const lost = new Promise<string>((resolve) => handle.onLost(resolve));
    await redis.del(`${prefix}:lock`);
    const reason = await Promise.race([lost, sleep(1500).then(() => 'timeout')]);
    expect(reason).toMatch(/gone/);
    expect(handle.lostReason).toBe(reason);
  });

  it("release never deletes someone else's lock (our TTL expired, another took it)", async () => {
    const prefix = uniqueRedisPrefix('lock');
    // renewal slower than the TTL: the lock expires under us
    const { lock: slow } = makeLock(prefix, { ttlMs: 1000, renewEveryMs: 60_000 });
    const ours = await acquire(slow);
    await sleep(1300);
    const { lock: other } = makeLock(prefix);
    const theirs = await acquire(other);
    expect(theirs.fence).toBeGreaterThan(ours.fence);
    // Redis is the authority: confirm() asks it and refuses at once…
    await expect(ours.confirm()).rejects.toBeInstanceOf(LockLostError);
    // …and the handle knows it is lost (its local expiry timer may run late on a loaded machine).
    await expect.poll(() => ours.lost, { timeout: 2000 }).toBe(true);
    expect(await ours.release()).toBe(false);
    const value = JSON.parse((await redis.get(`${prefix}:lock`)) ?? 'null') as Record<string, unknown>;
    expect(value.token).toBe(theirs.token);
    await theirs.confirm();
    expect(await theirs.release()).toBe(true);
  });

  it('forceRelease with a stale token deletes nothing and tells who holds it now; with the right token deletes, bumps the fence and audits', async () => {
    const prefix = uniqueRedisPrefix('lock');
    const { lock: holderLock } = makeLock(prefix, { owner: 'holder' });
    const { lock: admin } = makeLock(prefix, { owner: 'cli' });
    const handle = await acquire(holderLock);
    const fenceBefore = await fences.currentFence();

    const stale = await admin.forceRelease({ expectedToken: 'deadbeef'.repeat(4), actor: 'ops@host', reason: 'stuck?' });
    expect(stale.released).toBe(false);
    expect(stale.fence).toBeNull();
    expect(stale.current?.token).toBe(handle.token);
    expect(await fences.currentFence()).toBe(fenceBefore);
    expect(JSON.parse((await redis.get(`${prefix}:lock`)) ?? 'null').token).toBe(handle.token);
    await handle.confirm();

    const done = await admin.forceRelease({ expectedToken: handle.token, actor: 'ops@host', reason: 'stuck run' });
    expect(done).toMatchObject({ released: true, current: null, backend: 'redis' });
    expect(done.previous?.token).toBe(handle.token);
    expect(done.fence).toBe(fenceBefore + 1);
    expect(await redis.exists(`${prefix}:lock`)).toBe(0);
    await expect(handle.confirm()).rejects.toBeInstanceOf(LockLostError);

    const audits = await fences.audits();
    const row = audits.filter((audit) => audit.action === 'lock.force_release').at(-1);
    expect(row).toMatchObject({ actor: 'ops@host', reason: 'stuck run' });
    expect((row?.details.previous as { token: string }).token).toBe(handle.token);
    expect(audits.some((audit) => audit.action === 'lock.force_release.refused' && audit.reason === 'stuck?')).toBe(true);
    expect(await handle.release()).toBe(false);
  });

  it('forceRelease --force deletes whatever is there, even a value that is not ours, and bumps the fence', async () => {
    const prefix = uniqueRedisPrefix('lock');
    const { lock } = makeLock(prefix);
    await redis.set(`${prefix}:lock`, 'manual value', 'EX', 60);
    const refused = await lock.tryAcquire();
    expect(refused.acquired).toBe(false);
    if (!refused.acquired) expect(refused.holder).toMatchObject({ token: '', owner: 'manual value' });
    const fence = await fences.currentFence();
    const result = await lock.forceRelease({ force: true, actor: 'ops', reason: 'junk key' });
    expect(result).toMatchObject({ released: true, fence: fence + 1 });
    expect(await redis.exists(`${prefix}:lock`)).toBe(0);
    const handle = await acquire(lock);
    expect(handle.fence).toBe(fence + 2);
    await handle.release();
  });

  it('recordSuccess writes <prefix>:last_run as a plain ISO string without TTL', async () => {
    const prefix = uniqueRedisPrefix('lock');
    const { lock } = makeLock(prefix);
    const at = new Date('2026-03-01T12:30:00.000Z');
    expect(await lock.recordSuccess(at)).toBe(true);
    expect(await redis.get(`${prefix}:last_run`)).toBe(at.toISOString());
    expect(await redis.ttl(`${prefix}:last_run`)).toBe(-1);
    expect(await lock.lastRun()).toBe(at.toISOString());
    await redis.del(`${prefix}:last_run`);
  });

  it('close() releases what this instance still holds', async () => {
    const prefix = uniqueRedisPrefix('lock');
    const { lock } = makeLock(prefix);
    await acquire(lock);
    await lock.close();
    expect(await redis.exists(`${prefix}:lock`)).toBe(0);
  });
});

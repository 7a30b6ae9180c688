/**
 * Outages against a redis-server of our own (random port): CLIENT PAUSE, Redis killed,
 * the fallbacks excluding real child processes, Redis coming back, kill -9 of holders.
 */
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSyncLock, LockLostError, LockUnavailableError, type SyncLock, type SyncLockOptions } from '../../../electron/engine/lock';
import { createMemoryLogger } from '../../../electron/engine/logger';
import { createTestDatabase, uniqueRedisPrefix } from '../../support/services';
import { openFenceDb, prepareFenceTables, type FenceDb } from './helpers/fence-db';
import { startHolder, type HolderConfig, type HolderProcess } from './helpers/holder-process';
import { startPrivateRedis, type PrivateRedis } from './helpers/private-redis';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let fences: FenceDb;
let server: PrivateRedis;
let dataDir: string;
const locks: SyncLock[] = [];
const holders: HolderProcess[] = [];

beforeAll(async () => {
  [server, database] = await Promise.all([startPrivateRedis(), createTestDatabase('locko')]);
  await prepareFenceTables(database.url);
  fences = openFenceDb(database.url);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lock-outage-'));
});

afterEach(async () => {
  for (const holder of holders.splice(0)) await holder.kill9();
  for (const lock of locks.splice(0)) await lock.close();
  await server.start().catch(() => undefined); // every test starts with Redis up
});

afterAll(async () => {
  await server?.stop();
  await fences?.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function ensureUp(): Promise<void> {
  const admin = await server.admin().catch(() => null);
  if (admin) {
    admin.disconnect();
    return;
  }
  await server.start();
}

function makeLock(prefix: string, overrides: Partial<SyncLockOptions> = {}) {
  const logger = createMemoryLogger();
  const lock = createSyncLock({
    redisUrl: server.url,
    prefix,
    ttlMs: 1200,
    fallback: 'local',
    databaseUrl: database.url,
    dataDir: path.join(dataDir, prefix.replace(/:/g, '_')),
    fences,
    audit: fences,
    logger,
    owner: 'test',
    commandTimeoutMs: 300,
    ...overrides,
  });
  locks.push(lock);
  return { lock, logger };
}

function holderConfig(prefix: string, overrides: Partial<HolderConfig> = {}): HolderConfig {
  return {
    redisUrl: server.url,
    prefix,
    ttlMs: 1200,
    fallback: 'local',
    databaseUrl: database.url,
    dataDir: path.join(dataDir, prefix.replace(/:/g, '_')),
    commandTimeoutMs: 300,
    ...overrides,
  };
}

function spawnHolder(config: HolderConfig): HolderProcess {
  const holder = startHolder(config);
  holders.push(holder);
  return holder;
}

describe('Lua scripts', () => {
  it('run as EVALSHA once the connection has loaded them, and are loaded again after SCRIPT FLUSH', async () => {
    await ensureUp();
    const prefix = uniqueRedisPrefix('sha');
    const { lock } = makeLock(prefix, { fallback: 'none', ttlMs: 600 });
    const admin = await server.admin();
    await admin.config('RESETSTAT');
    const result = await lock.tryAcquire();
    if (!result.acquired) throw new Error('expected to acquire');
    const handle = result.handle;
    await sleep(1000); // renewals every 200 ms
    await admin.call('SCRIPT', 'FLUSH');
    await sleep(1000);
    expect(handle.lost).toBe(false);
    await handle.confirm();
    expect(await handle.release()).toBe(true);
    expect(await admin.exists(`${prefix}:lock`)).toBe(0);
    const calls = (command: string, stats: string) => Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
    const stats = await admin.info('commandstats');
    // EVAL only to load a script on the connection (again after the flush); every other call is EVALSHA
    expect(calls('evalsha', stats)).toBeGreaterThanOrEqual(5);
    expect(calls('eval', stats)).toBeLessThanOrEqual(5);
    admin.disconnect();
  });
});

describe('Redis paused or down', () => {
  it('CLIENT PAUSE: renewals time out, the holder is marked lost once the TTL has elapsed, and another holder proceeds after', async () => {
    await ensureUp();
    const prefix = uniqueRedisPrefix('pause');
    const { lock } = makeLock(prefix, { fallback: 'none' });
    const result = await lock.tryAcquire();
    if (!result.acquired) throw new Error('expected to acquire');
    const handle = result.handle;
    const lostAt = new Promise<number>((resolve) => handle.onLost(() => resolve(Date.now())));

    const admin = await server.admin();
    const pausedAt = Date.now();
    await admin.call('CLIENT', 'PAUSE', '2500', 'ALL');
    const lostAfter = (await Promise.race([lostAt, sleep(4000).then(() => Number.NaN)])) - pausedAt;
    expect(lostAfter).toBeLessThanOrEqual(1200 + 800); // TTL (from the last renewal) + slack for a loaded machine
    expect(handle.lost).toBe(true);
    expect(handle.lostReason).toMatch(/TTL/);
    await expect(handle.confirm()).rejects.toBeInstanceOf(LockLostError);

    await sleep(Math.max(0, pausedAt + 2700 - Date.now()));
    const { lock: other } = makeLock(prefix, { fallback: 'none' });
    const next = await other.tryAcquire();
    expect(next.acquired).toBe(true);
    if (!next.acquired) return;
    expect(next.handle.backend).toBe('redis');
    expect(next.handle.fence).toBeGreaterThan(handle.fence);
    expect(await handle.release()).toBe(false);
    expect(JSON.parse((await admin.get(`${prefix}:lock`)) ?? 'null').token).toBe(next.handle.token);
    await next.handle.release();
    admin.disconnect();
  });

  it('a SET NX that timed out under CLIENT PAUSE and landed later is removed as soon as Redis answers again', async () => {
    await ensureUp();
    const prefix = uniqueRedisPrefix('orphan');
    const { lock, logger } = makeLock(prefix, { fallback: 'local' });
    expect(await lock.inspect()).toMatchObject({ held: false, redisReachable: true });
    const admin = await server.admin();
    await admin.call('CLIENT', 'PAUSE', '1200', 'ALL');
    const result = await lock.tryAcquire();
    expect(result.acquired).toBe(true);
    if (!result.acquired) return;
    expect(result.handle).toMatchObject({ backend: 'local', degraded: true });
    await sleep(1500);
    // the paused SET NX was executed after the pause: a Redis lock nobody owns
    expect(JSON.parse((await admin.get(`${prefix}:lock`)) ?? 'null')?.token).toBe(result.handle.token);
    const inspection = await lock.inspect();
    expect(await admin.exists(`${prefix}:lock`)).toBe(0);
    expect(inspection).toMatchObject({ held: true, backend: 'local', degraded: true, redisReachable: true });
    expect(logger.records.some((record) => record.event === 'lock.orphan_removed')).toBe(true);
    await result.handle.release();
    admin.disconnect();
  });

  it('Redis down with fallback none → LockUnavailableError with a clear message, and no fence is bumped', async () => {
    const prefix = uniqueRedisPrefix('none');
    const { lock } = makeLock(prefix, { fallback: 'none' });
    await server.stop();
    const fence = await fences.currentFence();
    const attempt = lock.tryAcquire();
    await expect(attempt).rejects.toBeInstanceOf(LockUnavailableError);
    await expect(attempt).rejects.toThrow(/Redis is unreachable and SYNC_LOCK_FALLBACK=none/);
    expect(await fences.currentFence()).toBe(fence);
    const inspection = await lock.inspect();
    expect(inspection).toMatchObject({ held: false, redisReachable: false, degraded: true });
  });

  it('Redis down, fallback local: degraded, two processes exclude each other through the file lock; Redis back → Redis again', async () => {
    const prefix = uniqueRedisPrefix('local');
    const config = holderConfig(prefix, { fallback: 'local' });
    await server.stop();

    const first = spawnHolder(config);
    const firstResult = await first.result;
    expect(firstResult).toMatchObject({ acquired: true, backend: 'local', degraded: true });
    const second = spawnHolder(config);
    const secondResult = await second.result;
    expect(secondResult.acquired).toBe(false);
    expect(secondResult).toMatchObject({ backend: 'local', degraded: true });
    expect(secondResult.holder).toMatchObject({ token: firstResult.token, pid: firstResult.pid, backend: 'local', fence: firstResult.fence });

    const file = JSON.parse(await readFile(path.join(config.dataDir, 'sync.lock'), 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ token: firstResult.token, pid: firstResult.pid, host: os.hostname(), fence: firstResult.fence });

    const { lock: observer } = makeLock(prefix, { fallback: 'local' });
    const inspection = await observer.inspect();
    expect(inspection).toMatchObject({ held: true, backend: 'local', degraded: true, redisReachable: false });
    expect(inspection.holder?.token).toBe(firstResult.token);

    first.send('confirm');
    expect(await first.next('confirmed')).toMatchObject({ ok: true });
    first.send('release');
    expect(await first.next('released')).toMatchObject({ released: true });

    const third = spawnHolder(config);
    expect(await third.result).toMatchObject({ acquired: true, backend: 'local', degraded: true });
    third.send('release');
    await third.next('released');

    // Redis answers again: the next acquisition — even by an instance that saw the outage — uses it, not degraded.
    await server.start();
    const back = await observer.tryAcquire();
    expect(back.acquired).toBe(true);
    if (!back.acquired) return;
    expect(back.handle.backend).toBe('redis');
    expect(back.handle.degraded).toBe(false);
    await back.handle.release();
  });

  it('Redis down, fallback postgres: two processes exclude each other through the advisory lock; kill -9 of the holder frees it at once', async () => {
    const prefix = uniqueRedisPrefix('pg');
    const config = holderConfig(prefix, { fallback: 'postgres' });
    await server.stop();

    const first = spawnHolder(config);
    const firstResult = await first.result;
    expect(firstResult).toMatchObject({ acquired: true, backend: 'postgres', degraded: true });
    const second = spawnHolder(config);
    const secondResult = await second.result;
    expect(secondResult).toMatchObject({ acquired: false, backend: 'postgres', degraded: true });
    expect(secondResult.holder).toMatchObject({ token: firstResult.token, pid: firstResult.pid, fence: firstResult.fence, backend: 'postgres' });

    const { lock: observer } = makeLock(prefix, { fallback: 'postgres' });
    const inspection = await observer.inspect();
    expect(inspection).toMatchObject({ held: true, backend: 'postgres', degraded: true, redisReachable: false, ttlMs: null });
    expect(inspection.holder?.token).toBe(firstResult.token);

    await first.kill9();
    let acquired = null;
    for (let attempt = 0; attempt < 20 && !acquired; attempt++) {
      const result = await observer.tryAcquire();
      if (result.acquired) acquired = result.handle;
      else await sleep(100);
    }
    expect(acquired?.backend).toBe('postgres');
    expect(acquired?.degraded).toBe(true);
    expect(acquired?.fence).toBeGreaterThan(firstResult.fence ?? 0);
    await acquired?.confirm();
    expect(await acquired?.release()).toBe(true);
    expect((await observer.inspect()).held).toBe(false);
  });

  it("postgres fallback: forceRelease with the holder's token terminates its connection; a stale token does nothing", async () => {
    const prefix = uniqueRedisPrefix('pgforce');
    await server.stop();
    const { lock: holderLock } = makeLock(prefix, { fallback: 'postgres' });
    const { lock: admin } = makeLock(prefix, { fallback: 'postgres' });
    const result = await holderLock.tryAcquire();
    if (!result.acquired) throw new Error('expected to acquire');
    const lost = new Promise<string>((resolve) => result.handle.onLost(resolve));

    const stale = await admin.forceRelease({ expectedToken: '0'.repeat(32), actor: 'ops', reason: 'stale' });
    expect(stale).toMatchObject({ released: false, backend: 'postgres', fence: null });
    expect(stale.current?.token).toBe(result.handle.token);
    await result.handle.confirm();

    const done = await admin.forceRelease({ expectedToken: result.handle.token, actor: 'ops', reason: 'stuck' });
    expect(done).toMatchObject({ released: true, backend: 'postgres' });
    expect(done.fence).toBeGreaterThan(result.handle.fence);
    await expect(result.handle.confirm()).rejects.toBeInstanceOf(LockLostError);
    expect(await lost).toMatch(/connection/);
    const again = await admin.tryAcquire();
    expect(again.acquired).toBe(true);
    if (again.acquired) await again.handle.release();
  });

  it('local fallback: kill -9 of the holder → the next acquisition succeeds at once (dead pid)', async () => {
    const prefix = uniqueRedisPrefix('killfile');
    const config = holderConfig(prefix, { fallback: 'local', ttlMs: 60_000 });
    await server.stop();
    const first = spawnHolder(config);
    const firstResult = await first.result;
    expect(firstResult).toMatchObject({ acquired: true, backend: 'local' });
    await first.kill9();
    const { lock } = makeLock(prefix, { fallback: 'local', ttlMs: 60_000 });
    const result = await lock.tryAcquire();
    expect(result.acquired).toBe(true);
    if (!result.acquired) return;
    expect(result.handle.backend).toBe('local');
    expect(result.handle.fence).toBeGreaterThan(firstResult.fence ?? 0);
    await result.handle.release();
  });

  it('Redis: kill -9 of the holder → refused until the TTL passes, then acquired with a newer fence', async () => {
    await ensureUp();
    const prefix = uniqueRedisPrefix('killredis');
    const config = holderConfig(prefix, { fallback: 'none', ttlMs: 1500 });
    const first = spawnHolder(config);
    const firstResult = await first.result;
    expect(firstResult).toMatchObject({ acquired: true, backend: 'redis', degraded: false });
    await first.kill9();
    const killedAt = Date.now();
    const { lock } = makeLock(prefix, { fallback: 'none', ttlMs: 1500 });
    const refused = await lock.tryAcquire();
    expect(refused.acquired).toBe(false);
    if (!refused.acquired) expect(refused.holder?.token).toBe(firstResult.token);
    let handle = null;
    while (!handle && Date.now() - killedAt < 5000) {
      const result = await lock.tryAcquire();
      if (result.acquired) handle = result.handle;
      else await sleep(100);
    }
    expect(handle).not.toBeNull();
    expect(Date.now() - killedAt).toBeLessThan(1500 + 600);
    expect(handle?.fence).toBeGreaterThan(firstResult.fence ?? 0);
    await handle?.release();
  });

  it('without Redis configured, the fallback is the intended backend: not degraded', async () => {
    const prefix = uniqueRedisPrefix('noredis');
    const { lock } = makeLock(prefix, { redisUrl: null, fallback: 'local' });
    const result = await lock.tryAcquire();
    expect(result.acquired).toBe(true);
    if (!result.acquired) return;
    expect(result.handle).toMatchObject({ backend: 'local', degraded: false });
    expect(await lock.inspect()).toMatchObject({ held: true, backend: 'local', degraded: false, redisReachable: null });
    expect(await lock.recordSuccess(new Date())).toBe(false);
    await result.handle.release();
    const { lock: none } = makeLock(prefix, { redisUrl: null, fallback: 'none' });
    await expect(none.tryAcquire()).rejects.toThrow(/no Redis configured/);
  });
});

import { mkdtemp, readFile, rm, writeFile, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileLock, newToken, serializeHolder, type LockHolder } from '../../../electron/engine/lock';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'file-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function holder(overrides: Partial<LockHolder> = {}): LockHolder {
  return {
    token: newToken(),
    owner: 'o',
    host: os.hostname(),
    pid: process.pid,
    runId: null,
    acquiredAt: new Date().toISOString(),
    fence: 1,
    backend: 'local',
    ...overrides,
  };
}

/** A holder as read back from the file: with the stored value itself (issue 18.1). */
const asRead = (written: LockHolder) => ({ ...written, value: expect.objectContaining({ kind: 'ours', raw: serializeHolder(written) }) });

describe('LocalFileLock', () => {
  it('creates <dataDir>/sync.lock exclusively; a second holder is refused and told who holds it', async () => {
    const lock = new LocalFileLock({ dataDir: path.join(dir, 'nested'), ttlMs: 60_000 });
    const first = holder();
    const won = await lock.tryAcquire(first);
    expect(won.won).toBe(true);
    const lost = await lock.tryAcquire(holder());
    expect(lost).toEqual({ won: false, holder: asRead(first) });
    expect(JSON.parse(await readFile(path.join(dir, 'nested', 'sync.lock'), 'utf8')).token).toBe(first.token);
    if (!won.won) return;
    expect(await won.lease.confirm()).toBeNull();
    expect(await won.lease.renew({ ...first, runId: 4 })).toBeNull();
    expect(JSON.parse(await readFile(lock.file, 'utf8')).runId).toBe(4);
    expect(await won.lease.release()).toBe(true);
    expect(await lock.read()).toBeNull();
  });

  it('a file whose pid is dead on this host is stale and taken over', async () => {
    const lock = new LocalFileLock({ dataDir: dir, ttlMs: 60_000 });
    await writeFile(lock.file, JSON.stringify(holder({ pid: 2 ** 22 + 12345 })));
    expect((await lock.read())?.stale).toBe(true);
    const fresh = holder();
    const result = await lock.tryAcquire(fresh);
    expect(result.won).toBe(true);
    expect((await lock.read())?.holder.token).toBe(fresh.token);
  });

  it('a file not renewed for longer than the TTL is stale, whatever host wrote it; renewal keeps it fresh', async () => {
    const lock = new LocalFileLock({ dataDir: dir, ttlMs: 5_000 });
    const other = holder({ host: 'another-host', pid: 1 });
    await writeFile(lock.file, JSON.stringify(other));
    expect(await lock.tryAcquire(holder())).toMatchObject({ won: false });
    const old = new Date(Date.now() - 10_000);
    await utimes(lock.file, old, old);
    const mine = holder();
    const result = await lock.tryAcquire(mine);
    expect(result.won).toBe(true);
    if (!result.won) return;
    await utimes(lock.file, old, old);
    expect(await result.lease.renew()).toBeNull();
    expect((await lock.read())?.stale).toBe(false);
  });

  it('release and renewal never touch a file that holds another token', async () => {
    const lock = new LocalFileLock({ dataDir: dir, ttlMs: 60_000 });
    const result = await lock.tryAcquire(holder());
    if (!result.won) throw new Error('expected to win');
    const intruder = holder({ token: newToken() });
    await writeFile(lock.file, JSON.stringify(intruder));
    expect(await result.lease.renew()).toMatch(/another token/);
    expect(await result.lease.confirm()).toMatch(/another token/);
    expect(await result.lease.release()).toBe(false);
    expect((await lock.read())?.holder.token).toBe(intruder.token);
    expect((await lock.compareAndDelete('nope')).result).toBe('other');
    expect((await lock.compareAndDelete(null)).result).toBe('ours');
  });

  it('as a LockBackend: inspect shows a live holder (a stale file is free); forceRelease compares the token unless it is null', async () => {
    const lock = new LocalFileLock({ dataDir: dir, ttlMs: 60_000 });
    expect(await lock.inspect()).toBeNull();
    expect(await lock.forceRelease(null)).toEqual({ released: false, previous: null });
    const first = holder();
    const result = await lock.tryAcquire(first);
    expect(result.won).toBe(true);
    const seen = await lock.inspect();
    expect(seen?.holder).toEqual(asRead(first));
    expect(seen?.ttlMs).toBeGreaterThan(59_000);
    expect(await lock.forceRelease('nope')).toEqual({ released: false, previous: asRead(first) });
    expect(await lock.forceRelease(first.token)).toEqual({ released: true, previous: asRead(first) });
    expect(await lock.inspect()).toBeNull();
    await writeFile(lock.file, JSON.stringify(holder({ pid: 2 ** 22 + 777 })));
    expect(await lock.inspect()).toBeNull();
    expect((await lock.forceRelease(null)).released).toBe(true);
  });
});

describe('LocalFileLock under contention', () => {
  it('exactly one of many concurrent contenders wins, also when taking over a stale file', async () => {
    for (const staleFirst of [false, true, false, true, false, true, false, true, false, true]) {
      const lock = new LocalFileLock({ dataDir: dir, ttlMs: 60_000 });
      await rm(lock.file, { force: true });
      if (staleFirst) await writeFile(lock.file, JSON.stringify(holder({ pid: 2 ** 22 + 4242 })));
      const contenders = Array.from({ length: 12 }, () => new LocalFileLock({ dataDir: dir, ttlMs: 60_000 }));
      const results = await Promise.all(contenders.map((contender) => contender.tryAcquire(holder())));
      const winners = results.filter((result) => result.won);
      expect(winners).toHaveLength(1);
      const winner = winners[0];
      if (!winner.won) return;
      expect((await lock.read())?.holder.token).toBe(winner.lease.token);
      expect(await winner.lease.release()).toBe(true);
    }
  });
});

/**
 * Issue 16.7 for the lock: in a container the service is PID 1 on every start, so a lock value
 * left by a killed PID 1 names the pid of the restarted service. The value records the process
 * instance (boot id + start time): one naming our pid but not our instance is a previous
 * incarnation's, dead — its Redis lock is taken over at once (when it is exactly what its run
 * recorded), its lock file is stale. A value of this very process, or of a live other one, holds.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileLock, newToken, type LockHolder } from '../../../electron/engine/lock';
import { isDeadRunsOwnLock, type RunLookup } from '../../../electron/engine/lock/dead-holder';
import { instanceBoot, ownProcessInstance } from '../../../electron/engine/process-instance';

/** What a process with our pid that started at boot (tick 1) would have recorded: not us. */
const previousIncarnation = `${instanceBoot(ownProcessInstance())}:1`;

function holder(overrides: Partial<LockHolder> = {}): LockHolder {
  return {
    token: newToken(),
    owner: 'carteira-sync@container:1',
    host: hostname(),
    pid: process.pid,
    instance: previousIncarnation,
    runId: 7,
    acquiredAt: '2026-12-06T10:00:00.000Z',
    fence: 3,
    backend: 'redis',
    ...overrides,
  };
}

/** The store's record of the run the value names, as its process wrote it. */
function recordOf(value: LockHolder, overrides: Partial<Awaited<ReturnType<RunLookup>>> = {}): RunLookup {
  return async (runId) =>
    runId === value.runId
      ? {
          status: 'running',
          host: value.host,
          pid: value.pid,
          instance: value.instance ?? null,
          lockToken: value.token,
          lockAcquiredAt: value.acquiredAt,
          ...overrides,
        }
      : null;
}

describe('a lock value naming our pid (the container PID 1 restarted)', () => {
  it('another instance of this boot, exactly what its run recorded: a dead run’s own lock, taken over at once', async () => {
    const value = holder();
    expect(await isDeadRunsOwnLock(value, hostname(), recordOf(value))).toBe(true);
  });

  it('our own instance: this very process holds it, never taken over', async () => {
    const value = holder({ instance: ownProcessInstance() });
    expect(await isDeadRunsOwnLock(value, hostname(), recordOf(value))).toBe(false);
  });

  it('a value whose instance is not the one its run recorded is not that run’s lock: left to its TTL', async () => {
    const value = holder();
    expect(await isDeadRunsOwnLock(value, hostname(), recordOf(value, { instance: `${instanceBoot(ownProcessInstance())}:2` }))).toBe(false);
  });

  it('a value from before instances were recorded is judged by its pid: ours lives, so it waits for its TTL, as before', async () => {
    const value = holder({ instance: undefined });
    expect(await isDeadRunsOwnLock(value, hostname(), recordOf(value))).toBe(false);
  });

  it('another host’s value is never judged here', async () => {
    const value = holder({ host: 'another-host' });
    expect(await isDeadRunsOwnLock(value, hostname(), recordOf(value))).toBe(false);
  });
});

describe('a lock file naming our pid', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'file-lock-incarnation-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('left by a previous incarnation (fresh, within its TTL) is stale and taken over at once', async () => {
    const lock = new LocalFileLock({ dataDir: dir, ttlMs: 600_000 });
    await writeFile(lock.file, JSON.stringify(holder({ backend: 'local' })));
    expect((await lock.read())?.stale).toBe(true);
    const mine = holder({ backend: 'local', instance: ownProcessInstance(), runId: null });
    const result = await lock.tryAcquire(mine);
    expect(result.won).toBe(true);
    expect((await lock.read())?.holder.token).toBe(mine.token);
  });

  it('written by this very process is held', async () => {
    const lock = new LocalFileLock({ dataDir: dir, ttlMs: 600_000 });
    const first = holder({ backend: 'local', instance: ownProcessInstance() });
    expect((await lock.tryAcquire(first)).won).toBe(true);
    expect((await lock.read())?.stale).toBe(false);
    expect((await lock.tryAcquire(holder({ backend: 'local', instance: ownProcessInstance() }))).won).toBe(false);
  });
});

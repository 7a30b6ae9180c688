/**
 * Issue 16.7 for runs and the Redis lock, in one process standing for a restarted container's
 * PID 1: what a previous process with our pid recorded — a `running` run, its Redis lock — names
 * our pid but another process instance (boot id + start time). It is dead although its pid lives
 * (it is us): the run is recorded aborted when the engine opens, the lock is taken over at once
 * (audited) instead of after its TTL, and the status says its process is gone. What this very
 * process recorded is left alone.
 */
import { hostname } from 'node:os';
import Redis from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { diagnoseLock, isStuck } from '../../../shared/lock-diagnosis';
import { instanceBoot, ownProcessInstance } from '../../../electron/engine/process-instance';
import { newToken } from '../../../electron/engine/lock';
import { waitFor } from '../../support/cli-process';
import { REDIS_URL } from '../../support/services';
import { newRun } from '../../support/new-run';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

/** A process with our pid that started at boot (tick 1): the one before us, in a container. */
const previousIncarnation = `${instanceBoot(ownProcessInstance())}:1`;

describe('what a previous process with our pid left (the container PID 1 restarted)', () => {
  let h: SyncHarness;
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await h?.close();
  });

  it('its `running` run is recorded aborted when the engine opens; a run of this very process is not', async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: 5 });
    const startedAt = h.clock.now();
    const theirs = await h.store.insertRun(newRun({ startedAt, host: hostname(), pid: process.pid, instance: previousIncarnation }));
    const ours = await h.store.insertRun(newRun({ startedAt, host: hostname(), pid: process.pid, instance: ownProcessInstance() }));
    // an old row (no instance) naming our pid is judged by its pid, as before: alive
    const old = await h.store.insertRun(newRun({ startedAt, host: hostname(), pid: process.pid, instance: null }));

    await h.openAnotherEngine();
    expect(await h.store.getRun(theirs)).toMatchObject({ status: 'aborted', problem: 'stopped', error: 'the process ended before the run finished' });
    expect(await h.store.getRun(ours)).toMatchObject({ status: 'running', instance: ownProcessInstance() });
    expect(await h.store.getRun(old)).toMatchObject({ status: 'running', instance: null });
  });

  it('its Redis lock, exactly what its run recorded, is taken over at once (audited); until then the status says its process is gone', async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: 5 });
    const acquiredAt = h.clock.now().toISOString();
    const token = newToken();
    const runId = await h.store.insertRun(
      newRun({
        startedAt: h.clock.now(),
        host: hostname(),
        pid: process.pid,
        instance: previousIncarnation,
        fence: 1,
        lockToken: token,
        lockAcquiredAt: acquiredAt,
      }),
    );
    const value = {
      token,
      owner: `carteira-sync@${hostname()}:${process.pid}`,
      host: hostname(),
      pid: process.pid,
      instance: previousIncarnation,
      runId,
      acquiredAt,
      fence: 1,
    };
    const redis = new Redis(REDIS_URL);
    cleanups.push(() => redis.disconnect());
    await redis.set(h.lock.redisKey, JSON.stringify(value), 'PX', 1_500_000);

    const status = await h.engine.status();
    expect(status.lock.holder).toMatchObject({ pid: process.pid, instance: previousIncarnation });
    expect(status.lockHolderProcess).toBe('dead');
    expect(isStuck(diagnoseLock(status, Date.parse(status.now)))).toBe(true);

    const next = await h.engine.runSync({ kind: 'planned', trigger: 'manual' });
    expect(next.exitCode).toBe(0);
    const [takeover] = (await h.store.listAudit({ limit: 20 })).filter((row) => row.action === 'lock.dead_holder_takeover');
    expect(takeover?.details).toMatchObject({ released: true, previous: { token, pid: process.pid, instance: previousIncarnation } });
    expect(h.logs.map((record) => record.event)).toContain('lock.dead_holder_taken_over');
  });

  it('a lock this very process holds is never taken for a dead one: a second engine here is skipped', async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: 5 });
    h.sim.faults.inject({ kind: 'latency', ms: 1_500, match: { method: 'search_read' }, times: 1 });
    const first = h.engine.runSync({ kind: 'planned', trigger: 'manual' });
    const other = await h.openAnotherEngine();
    const redis = new Redis(REDIS_URL);
    cleanups.push(() => redis.disconnect());
    const held = await waitFor(async () => {
      const raw = await redis.get(h.lock.redisKey);
      const value = raw ? (JSON.parse(raw) as { pid: number; instance: string; runId: number | null }) : null;
      return value?.runId ? value : null;
    }, 'the first run to hold the lock');
    expect(held).toMatchObject({ pid: process.pid, instance: ownProcessInstance() });
    expect((await other.engine.status()).lockHolderProcess).toBe('alive');
    expect((await other.engine.runSync({ kind: 'planned', trigger: 'manual' })).exitCode).toBe(2);
    expect((await first).exitCode).toBe(0);
  });
});

/**
 * Issue 16.7 for runs and the Redis lock, as a container does it: the scheduler service runs as
 * PID 1 of its own PID namespace (`unshare --pid --fork --mount-proc`) against real PostgreSQL and
 * Redis, is killed (SIGKILL, no goodbye) while its run waits on a slow Odoo, and is started again —
 * as PID 1 again, on the same host name. Its predecessor's run and lock name pid 1, which lives (it
 * is the new service): judged by pid, the run stayed `running` and every instance skipped until the
 * lock's TTL (25 minutes). Judged by process instance, the old run is recorded aborted as the
 * service opens and its lock is taken over at once (audited), so the restarted service's first run
 * succeeds.
 */
import Redis from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../electron/engine/store';
import type { LockHolderInfo } from '../../../shared/engine-types';
import { waitFor } from '../../support/cli-process';
import { namespaceInit, processGone, requirePidNamespace, startCliAsPid1, type NamespacedCli } from '../../support/pid-namespace';
import { REDIS_URL } from '../../support/services';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

/** The lock's JSON value as Redis holds it (`backend` and `value` are added when the engine reads it). */
type LockValue = Omit<LockHolderInfo, 'backend' | 'value'>;

describe('the scheduler killed as PID 1 mid-run and restarted as PID 1 (a container)', () => {
  let h: SyncHarness;
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await h?.close();
  });

  it('records the old run aborted at once and takes its Redis lock over at once (audited), not after the TTL', { timeout: 240_000 }, async () => {
    await requirePidNamespace();
    h = await createSyncHarness({ backend: 'postgres', orders: 20 });
    h.clock.set(new Date()); // the services read the real clock, so the simulator does too
    const redis = new Redis(REDIS_URL);
    cleanups.push(() => redis.disconnect());
    // the default TTL (1500 s): anything that ends before it was not the TTL
    const env = { ...h.env, ODOO_TIMEOUT_SECONDS: '300', SYNC_STOP_GRACE_SECONDS: '1' };
    const service = (): NamespacedCli => {
      const started = startCliAsPid1(['scheduler', '--run-now'], env);
      cleanups.push(() => started.child.kill('SIGKILL'));
      return started;
    };
    const lockValue = async (): Promise<LockValue | null> => {
      const raw = await redis.get(h.lock.redisKey);
      return raw ? (JSON.parse(raw) as LockValue) : null;
    };

    // A slow Odoo holds the first service's run mid-run: its first search_read answers in 2 minutes.
    h.sim.faults.inject({ kind: 'latency', ms: 120_000, match: { method: 'search_read' }, times: 1 });
    const first = service();
    const held = await waitFor(
      async () => {
        const value = await lockValue();
        return value?.runId && value.fence !== null ? value : null;
      },
      'the first service’s run to hold the lock',
      90_000,
    );
    expect(held.pid).toBe(1); // PID 1 in its namespace, as in a container
    await waitFor(async () => h.sim.faults.pending().length === 0, 'the run to be waiting on the slow search_read');
    const oldRun = (await h.store.getRun(held.runId!))!;
    expect(oldRun).toMatchObject({ status: 'running', pid: 1 });

    const init = await namespaceInit(first.child.pid!);
    first.child.kill('SIGKILL');
    await first.exited;
    await processGone(init, 'the killed PID 1 to be gone');
    const killedAt = Date.now();
    // what the container left: a run still `running`, and its lock for the rest of its TTL
    expect((await h.store.getRun(oldRun.id))?.status).toBe('running');
    expect((await lockValue())?.token).toBe(held.token);
    expect(Number(await redis.pttl(h.lock.redisKey))).toBeGreaterThan(1_400_000);

    const second = service();
    const next = await waitFor(
      async () => (await h.store.listRuns({ limit: 10 })).find((run: RunRecord) => run.id > oldRun.id && run.status !== 'running') ?? null,
      'the restarted service’s first run to end',
      90_000,
    );
    const output = second.output();
    expect(next, output).toMatchObject({ status: 'succeeded', pid: 1 });
    expect(Date.now() - killedAt).toBeLessThan(120_000); // at once, not after the 1500 s TTL

    // the old run: aborted as the service opened, not left `running` (nor aborted as fenced out later)
    expect(await h.store.getRun(oldRun.id)).toMatchObject({ status: 'aborted', problem: 'stopped', error: 'the process ended before the run finished' });
    // its lock: taken over, audited, logged
    const audit = (await h.store.listAudit({ limit: 20 })).filter((row) => row.action === 'lock.dead_holder_takeover');
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ released: true, previous: { token: held.token, pid: 1, instance: held.instance, runId: oldRun.id } });
    expect(output).toContain('"event":"lock.dead_holder_taken_over"');
    expect(output).not.toContain('Sincronização já em execução - pulando');

    // both runs name pid 1; what told them apart is the process instance each recorded
    expect(held.instance).toMatch(/^[0-9a-f-]+:\d+$/);
    expect(oldRun.instance).toBe(held.instance);
    expect(next.instance).toMatch(/^[0-9a-f-]+:\d+$/);
    expect(next.instance).not.toBe(held.instance);
  });
});

/**
 * The old runbook, executed from outside as an operator would: real CLI processes,
 * `redis-cli GET/TTL/DEL` on the lock key, `kill -9`. A run that must still hold the lock while
 * the operator looks is held deliberately — its Odoo (a proxy in front of the simulator) keeps its
 * `search_read` waiting until the test lets it go on —, never left to how fast runs are; the
 * others meet a simulator that answers slowly (injected latency).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';
import { redisCli, runCli, startCli, waitFor } from '../../support/cli-process';
import { startHoldingProxy, type HoldingProxy } from '../../support/holding-proxy';

describe('runbook from outside', () => {
  let h: SyncHarness;
  let key: string;
  beforeEach(async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: 60, start: new Date().toISOString() });
    key = `${h.env.SYNC_REDIS_PREFIX}:lock`;
    // the CLI processes read the real clock, so the simulator does too from here on
    h.clock.set(new Date());
  });
  const proxies: HoldingProxy[] = [];
  afterEach(async () => {
    for (const proxy of proxies.splice(0)) {
      proxy.release();
      await proxy.close();
    }
    await h?.close();
  });

  const slowOdoo = (ms: number) => h.sim.faults.inject({ kind: 'latency', ms, match: { service: 'object' }, times: 'always' });
  /** The environment of a CLI whose run is held at its first `search_read` (after it took the lock and recorded its run) until `proxy.release()`. */
  const heldOdoo = async () => {
    const proxy = await startHoldingProxy(h.sim.url, (path, body) => /search_read/.test(path + body));
    proxies.push(proxy);
    // the held call must not time out and be retried meanwhile
    return { proxy, env: { ...h.env, ODOO_URL: proxy.url, ODOO_TIMEOUT_SECONDS: '60' } };
  };
  const holdingWith = async (run: { proxy: HoldingProxy }, what: string) => waitFor(async () => run.proxy.waiting() > 0, what);

  it('shows a JSON lock with token, fence and TTL ≤ 1500 s during a run; a second run exits 2; DEL makes the run fail without touching the next holder', async () => {
    const firstOdoo = await heldOdoo();
    const first = startCli(['run', '--json'], firstOdoo.env);
    const seen = await waitFor(async () => {
      const raw = await redisCli('GET', key);
      const value = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
      return value && value.fence !== null && value.runId !== null ? value : null;
    }, 'the first run to take the lock');
    await holdingWith(firstOdoo, 'the first run to be held mid-run');
    expect(seen).toMatchObject({
      token: expect.stringMatching(/^[0-9a-f]{32}$/),
      owner: expect.any(String),
      host: expect.any(String),
      pid: expect.any(Number),
      fence: expect.any(Number),
      acquiredAt: expect.any(String),
    });
    const ttl = Number(await redisCli('TTL', key));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1500);

    const second = await runCli(['run', '--json'], h.env);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('Sincronização já em execução - pulando');
    expect(JSON.parse(second.stdout)).toMatchObject({ exitCode: 2, run: { status: 'skipped', problem: 'lockHeld' }, heldBy: { token: seen.token } });

    // The emergency step of the old runbook.
    expect(await redisCli('DEL', key)).toBe('1');
    // the third run is held too, so it still holds the lock when the first goes on
    const thirdOdoo = await heldOdoo();
    const third = startCli(['run', '--json'], thirdOdoo.env);
    const thirdHolder = await waitFor(async () => {
      const raw = await redisCli('GET', key);
      const value = raw ? (JSON.parse(raw) as { token: string; fence: number | null; runId: number | null }) : null;
      return value && value.token !== seen.token && value.fence !== null && value.runId !== null ? value : null;
    }, 'the third run to take the lock');
    expect(thirdHolder.fence).toBeGreaterThan(seen.fence as number);
    await holdingWith(thirdOdoo, 'the third run to be held mid-run');

    // The first run goes on: it finds its lock gone before writing and stops.
    firstOdoo.proxy.release();
    const firstResult = await first.done;
    expect(firstResult.code).toBe(1);
    expect(JSON.parse(firstResult.stdout).run).toMatchObject({ status: 'aborted', problem: 'lockLost', error: expect.stringMatching(/^lock lost/) });
    expect(firstResult.stderr).toContain('"event":"lock.lost"');
    // the first run's release did not delete the lock the third run holds
    expect(JSON.parse(await redisCli('GET', key)).token).toBe(thirdHolder.token);

    thirdOdoo.proxy.release();
    const thirdResult = await third.done;
    expect(thirdResult.code).toBe(0);
    expect(thirdResult.stderr).toContain('SINCRONIZAÇÃO INCREMENTAL CONCLUÍDA COM SUCESSO');
    expect(await redisCli('GET', `${h.env.SYNC_REDIS_PREFIX}:last_run`)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await h.check()).toEqual([]);
  });

  it('kill -9 of a holder mid-run: the next run on this host takes the dead run’s lock over at once, then loses nothing', async () => {
    const env = { ...h.env, SYNC_LOCK_TIMEOUT_SECONDS: '10', SYNC_INTERVAL_MINUTES: '1', SYNC_WINDOW_MINUTES: '2', SYNC_MIN_INTERVAL_MINUTES: '0' };
    slowOdoo(150);
    const victim = startCli(['run'], env);
    // the lock value names the victim's run (token and acquisition time recorded with it)
    await waitFor(async () => JSON.parse((await redisCli('GET', key)) || '{}').runId, 'the victim run to start under the lock');
    victim.child.kill('SIGKILL');
    expect((await victim.done).code).toBeNull();

    h.sim.faults.clear();
    const next = await runCli(['run', '--json'], env);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain('lock.dead_holder_taken_over');
    expect(await h.check()).toEqual([]);
    const runs = await h.store.listRuns({ limit: 10 });
    expect(runs.find((run) => run.pid === victim.child.pid)).toMatchObject({ status: 'aborted' });
  });

  it('lock status and an audited forced release by token from the CLI', async () => {
    const odoo = await heldOdoo();
    const holder = startCli(['run'], odoo.env);
    const raw = await waitFor(() => redisCli('GET', key), 'the run to take the lock');
    const { token } = JSON.parse(raw) as { token: string };
    await holdingWith(odoo, 'the run to be held mid-run');
    const status = await runCli(['lock', 'status', '--json'], h.env);
    expect(JSON.parse(status.stdout)).toMatchObject({ held: true, backend: 'redis', holder: { token } });

    const stale = await runCli(['lock', 'release', '--token', '0'.repeat(32)], h.env);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain(`NÃO liberado: o lock não tem mais o valor informado; agora é`);
    expect(await redisCli('EXISTS', key)).toBe('1');

    const released = await runCli(['lock', 'release', '--token', token, '--reason', 'stuck at 3 a.m.'], h.env);
    expect(released.code).toBe(0);
    // the run goes on, finds its lock gone before writing, and fails
    odoo.proxy.release();
    expect((await holder.done).code).toBe(1);
    const audit = await h.store.listAudit({ limit: 5 });
    expect(audit[0]).toMatchObject({ action: 'lock.force_release', reason: 'stuck at 3 a.m.' });
    expect(audit[0].actor).toMatch(/^cli:/);
  });

  it('the scheduler service stops on SIGTERM: no new runs, the current run aborts at a batch boundary, the lock is released, exit 0', async () => {
    slowOdoo(300);
    const service = startCli(['scheduler', '--run-now'], { ...h.env, SYNC_STOP_GRACE_SECONDS: '1' });
    await waitFor(async () => (await h.store.listRuns({ limit: 5 })).find((run) => run.status === 'running'), 'the service to start a run');
    await waitFor(() => redisCli('GET', key), 'the run to take the lock');
    service.child.kill('SIGTERM');
    const result = await service.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Lock distribuído liberado');
    expect(result.stderr).toContain('Agendador encerrado');
    expect(await redisCli('EXISTS', key)).toBe('0');
    const [last] = await h.store.listRuns({ limit: 1 });
    expect(last).toMatchObject({ status: 'aborted', error: 'scheduler stopping', problem: 'stopped' });
    expect((await h.store.getSyncState()).watermark).toBeNull(); // an aborted first load moves nothing
  });
});

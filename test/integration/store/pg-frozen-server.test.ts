/**
 * Issue 16.4 (b) and (c): a PostgreSQL that never answers. A TCP proxy in front of the real
 * server freezes (it accepts, and forwards nothing: `TcpProxy.stall`), as a server frozen by
 * a storage stall, a paused VM or a black-holed route does. Before, the engine waited for
 * ever: opening the store, mid-run (its lock renewed all along, so every instance was
 * blocked), and when stopping (`serve` ignored SIGTERM's grace). Server-side timeouts cannot
 * help a server that never answers; the client's own limits must.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../../shared/engine-types';
import { loadConfig } from '../../../electron/engine/config';
import { composeEngine } from '../../../electron/engine/compose-engine';
import { Engine } from '../../../electron/engine/engine';
import { Scheduler } from '../../../electron/engine/scheduler';
import { TcpProxy } from '../../chaos/tcp-proxy';
import { startCli, waitFor } from '../../support/cli-process';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const FROZEN_FOR_EVER_MS = 10 * 60_000;

/** Settles with the value, or with 'still waiting' after `ms` (the bug: it never settled). */
function within<T>(work: Promise<T>, ms: number): Promise<{ value: T } | { error: unknown } | 'still waiting'> {
  return Promise.race([
    work.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), ms)),
  ]);
}

function throughProxy(databaseUrl: string, proxy: TcpProxy): string {
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return url.toString();
}

describe('a PostgreSQL that never answers', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('opening the store gives up after PG_CONNECT_TIMEOUT_SECONDS, saying where and what to do', async () => {
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: 5432 });
    cleanups.push(() => proxy.close());
    proxy.stall(FROZEN_FOR_EVER_MS); // accepts, forwards nothing
    const dataDir = await mkdtemp(join(tmpdir(), 'carteira-frozen-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const config = loadConfig({
      DATABASE_URL: `postgres://relatorio:segredo@127.0.0.1:${proxy.port}/carteira`,
      PG_CONNECT_TIMEOUT_SECONDS: '1',
      CARTEIRA_DATA_DIR: dataDir,
      DEMO_ORDERS: '5',
      DEMO_CHANGES_PER_MINUTE: '0',
    });
    const started = Date.now();
    const outcome = await within(Engine.open(config, { logSink: () => undefined }), 20_000);
    expect(outcome).not.toBe('still waiting');
    expect(Date.now() - started).toBeLessThan(1_000 + 6_000);
    expect(outcome).toHaveProperty('error');
    const message = String((outcome as { error: Error }).error.message);
    expect(message).toContain('PG_CONNECT_TIMEOUT_SECONDS');
    expect(message).toMatch(/não respondeu/);
    expect(message).toContain(`127.0.0.1:${proxy.port}`);
    expect(message).not.toContain('segredo');
  });

  describe('mid-run', () => {
    let h: SyncHarness;
    let proxy: TcpProxy;

    beforeEach(async () => {
      h = await createSyncHarness({ backend: 'postgres', orders: 200, linesPerOrder: 3 });
      proxy = await TcpProxy.start({ host: '127.0.0.1', port: 5432 });
    });
    afterEach(async () => {
      await proxy?.close();
      await h?.close();
    });

    /** A second instance whose PostgreSQL goes through the proxy (the harness's own engine does not). */
    async function frozenInstance(env: Record<string, string>) {
      const parts = await composeEngine(loadConfig({ ...h.env, DATABASE_URL: throughProxy(h.env.DATABASE_URL, proxy), ...env }), {
        clock: h.clock,
        logSink: (record) => h.logs.push(record),
      });
      const engine = await Engine.fromParts(parts);
      cleanups.push(() => within(engine.close(), 15_000));
      return engine;
    }

    /** Starts a slow full load and resolves once `orders` orders are committed. */
    async function runUnderWay(engine: Engine, start: () => Promise<unknown>, orders = 40) {
      h.sim.faults.inject({ kind: 'latency', ms: 300, match: { model: 'sale.order.line', method: 'search_read' }, times: 'always' });
      let reached!: (progress: RunProgress) => void;
      const caught = new Promise<RunProgress>((resolve) => (reached = resolve));
      const stop = engine.on((event) => {
        if (event.type === 'run-progress' && event.progress.ordersDone >= orders) reached(event.progress);
      });
      const finished = start();
      finished.catch(() => undefined);
      const progress = await caught;
      stop();
      return { progress, finished };
    }

    it('a statement that never comes back fails the run within PG_STATEMENT_TIMEOUT_SECONDS; the lock is released; the next run repairs all', async () => {
      const engine = await frozenInstance({ PG_STATEMENT_TIMEOUT_SECONDS: '1' });
      const { progress, finished } = await runUnderWay(engine, () => engine.runSync({ kind: 'planned', trigger: 'scheduled' }));
      proxy.stall(FROZEN_FOR_EVER_MS);
      const frozenAt = Date.now();
      const outcome = await within(finished, 30_000);
      expect(outcome).not.toBe('still waiting'); // before: for ever, the lock renewed all along
      expect(Date.now() - frozenAt).toBeLessThan(15_000);
      // the lock is free for the other instances at once (not after its TTL)
      expect((await h.engine.lockStatus()).held).toBe(false);

      proxy.stall(0); // the server answers again
      const next = await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' });
      expect(next.run.status).toBe('succeeded');
      const stuck = await h.store.getRun(progress.runId);
      expect(stuck?.status).not.toBe('running');
      expect((await h.store.listRuns({ limit: 20 })).filter((run) => run.status === 'running')).toEqual([]);
      expect(await h.check()).toEqual([]);
    });

    it('the scheduler stops within SYNC_STOP_GRACE_SECONDS (+ a small margin) with the server frozen mid-run; the lock is not held on', async () => {
      // statements may take 5 minutes: only the stop can end this run in time
      const engine = await frozenInstance({ SYNC_STOP_GRACE_SECONDS: '1' });
      const scheduler = new Scheduler(engine, {
        intervalMinutes: 30,
        minIntervalMinutes: 5,
        reconcileHourUtc: null,
        clock: h.clock,
        logger: engine.logger,
        stopGraceMs: engine.config.stopGraceSeconds * 1000,
      });
      const { progress } = await runUnderWay(engine, () => scheduler.runNow({ kind: 'planned', trigger: 'manual' }));
      proxy.stall(FROZEN_FOR_EVER_MS);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the next batch is now waiting on the frozen server

      const stopping = Date.now();
      const stopped = await within(
        scheduler.stop().then(() => engine.close()),
        30_000,
      );
      expect(stopped).not.toBe('still waiting'); // before: only SIGKILL ended it
      expect(Date.now() - stopping).toBeLessThan(1_000 + 8_000);
      expect((await h.engine.lockStatus()).held).toBe(false);

      // The frozen server could not be told; the next holder records the run aborted.
      proxy.stall(0);
      const next = await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' });
      expect(next.run.status).toBe('succeeded');
      expect((await h.store.getRun(progress.runId))?.status).toBe('aborted');
      expect(await h.check()).toEqual([]);
    });

    it('`serve` stops on SIGTERM within SYNC_STOP_GRACE_SECONDS (+ a small margin) with the server frozen mid-run, exit 0', async () => {
      h.clock.set(new Date()); // the CLI process reads the real clock, so the simulator does too
      h.sim.faults.inject({ kind: 'latency', ms: 300, match: { model: 'sale.order.line', method: 'search_read' }, times: 'always' });
      const env = { ...h.env, DATABASE_URL: throughProxy(h.env.DATABASE_URL, proxy), SYNC_STOP_GRACE_SECONDS: '1' };
      const serve = startCli(['serve', '--port', '0'], env);
      cleanups.push(() => serve.child.kill('SIGKILL'));
      const sql = new pg.Client({ connectionString: h.env.DATABASE_URL });
      sql.on('error', () => undefined);
      await sql.connect();
      // the catch-up run at start is under way: some batches committed
      await waitFor(async () => Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM carteira')).rows[0].n) > 0, 'the first batches', 60_000);
      proxy.stall(FROZEN_FOR_EVER_MS);
      await new Promise((resolve) => setTimeout(resolve, 300));

      const signalled = Date.now();
      serve.child.kill('SIGTERM');
      const exit = await within(serve.done, 30_000);
      expect(exit).not.toBe('still waiting'); // before: only SIGKILL ended it
      await sql.end();
      expect(Date.now() - signalled).toBeLessThan(1_000 + 8_000);
      expect((exit as { value: { code: number | null } }).value.code).toBe(0);
      expect((await h.engine.lockStatus()).held).toBe(false);

      // The network comes back: the server sees the connections of the `serve` that is gone and
      // rolls their transactions back. Until then a transaction of it may still hold carteira
      // rows (for PG_STATEMENT_TIMEOUT_SECONDS, as idle in transaction), and a run meeting them
      // fails on its lock timeout, naming them: the right answer, but not this test's subject.
      proxy.resume();
      const check = new pg.Client({ connectionString: h.env.DATABASE_URL });
      check.on('error', () => undefined);
      await check.connect();
      await waitFor(
        async () =>
          Number(
            (
              await check.query<{ n: string }>(
                "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
              )
            ).rows[0].n,
          ) === 0,
        "the gone serve's transactions rolled back",
        10_000,
      );
      await check.end();
      h.sim.faults.clear();
      h.clock.set(new Date());
      const next = await h.engine.runSync({ kind: 'planned', trigger: 'scheduled' });
      expect(next.run.status).toBe('succeeded');
      expect((await h.store.listRuns({ limit: 20 })).filter((run) => run.status === 'running')).toEqual([]);
      expect(await h.check()).toEqual([]);
    });
  });
});

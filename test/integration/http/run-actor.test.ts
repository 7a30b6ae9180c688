/**
 * Issue 16.9: every run records who started it, whichever door: the scheduler (`scheduler`),
 * the console over HTTP (the request's actor, as in the audit), the desktop console over IPC
 * (the OS user), the tray (`tray:` and the OS user), the CLI (`cli:user@host`). Runs started
 * through the API recorded none. The actor is a column of `sync_runs` (migration 8) and is in
 * the status's runs and the console's pages of runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostname, userInfo } from 'node:os';
import { createConsoleService } from '../../../electron/engine/console';
import { startHttpHost, type HttpHost } from '../../../electron/engine/http/http-host';
import { createEngineScheduler } from '../../../electron/engine/scheduler/engine-scheduler';
import type { RunSummary } from '../../../shared/engine-types';
import { runCli } from '../../support/cli-process';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

describe('the actor of every run', () => {
  let h: SyncHarness;
  let host: HttpHost;
  const DESKTOP_USER = 'maria@estacao-07';
  beforeAll(async () => {
    h = await createSyncHarness({ backend: 'postgres', orders: 5, env: { SYNC_MIN_INTERVAL_MINUTES: '0' } });
    host = await startHttpHost(createConsoleService(h.engine, DESKTOP_USER), { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await host?.close();
    await h?.close();
  });

  const post = async (method: string, body: unknown) => {
    const response = await fetch(`${host.url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status, await response.clone().text()).toBe(200);
    return ((await response.json()) as { result: { run: RunSummary } }).result;
  };
  const actorInStore = async (runId: number | null) => (await h.store.getRun(runId!))?.actor;

  it('a sync and a reconciliation asked over HTTP record the request’s actor', async () => {
    const sync = await post('runSync', { kind: 'planned', trigger: 'manual' });
    expect(sync.run.actor).toBe('anonymous@127.0.0.1');
    expect(await actorInStore(sync.run.id)).toBe('anonymous@127.0.0.1');
    h.clock.advance(60_000);
    const reconcile = await post('reconcile', {});
    expect(reconcile.run.actor).toBe('anonymous@127.0.0.1');
    h.clock.advance(60_000);
    const recovery = await post('runSync', { kind: 'window', minutes: 120 });
    expect(recovery.run.actor).toBe('anonymous@127.0.0.1');
  });

  it('the desktop console over IPC records the OS user; the tray says it came from the tray', async () => {
    h.clock.advance(60_000);
    const service = createConsoleService(h.engine, DESKTOP_USER);
    const ipc = (await service.dispatch('runSync', { kind: 'planned', trigger: 'manual' })) as { run: RunSummary };
    expect(ipc.run.actor).toBe(DESKTOP_USER);
    h.clock.advance(60_000);
    const scheduler = createEngineScheduler(h.engine);
    const tray = await scheduler.runNow({ kind: 'window', minutes: 120 }, `tray:${DESKTOP_USER}`);
    expect(tray.run.actor).toBe(`tray:${DESKTOP_USER}`);
  });

  it('the scheduler records itself, for its catch-up runs too', async () => {
    h.clock.advance(3 * 3600_000);
    const scheduler = createEngineScheduler(h.engine);
    await scheduler.start({ timer: false }); // the last success is hours old: a catch-up run
    await scheduler.idle();
    await scheduler.stop();
    const [newest] = await h.engine.runs({ limit: 1 });
    expect(newest.trigger).toBe('catch-up');
    expect(newest.actor).toBe('scheduler');
  });

  it('the CLI records cli:user@host', async () => {
    const result = await runCli(['run', '--json'], h.env);
    expect(result.code, result.stderr.slice(0, 2000)).toBe(0);
    const report = JSON.parse(result.stdout) as { run: RunSummary };
    let user = process.env.USER ?? 'unknown';
    try {
      user = userInfo().username;
    } catch {
      // as the CLI does
    }
    expect(report.run.actor).toBe(`cli:${user}@${hostname()}`);
  });

  it('the status’s runs and the console’s pages carry the actor', async () => {
    const status = await h.engine.status();
    expect(status.recentRuns.length).toBeGreaterThan(0);
    for (const run of status.recentRuns) expect(run.actor, `run #${run.id}`).toEqual(expect.any(String));
    const page = (await (await fetch(`${host.url}/api/getRuns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
      result: { runs: RunSummary[] } | RunSummary[];
    };
    const runs = Array.isArray(page.result) ? page.result : page.result.runs;
    expect(runs.map((run) => run.actor)).toContain('anonymous@127.0.0.1');
  });
});

/**
 * Monitoring doors (issue 18): `status` exits with the verdict by the monitoring-plugin convention
 * (0 OK, 1 Atenção, 2 Crítico), as text and with `--json`; it used to exit 0 on Crítico.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../../shared/engine-types';
import { redisCli, runCli } from '../../support/cli-process';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

const MINUTE = 60_000;

describe('status exit code', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    // the CLI reads the real clock: so does the harness
    h = await createSyncHarness({ backend: 'postgres', orders: 5, start: new Date().toISOString() });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('Atenção (never synced) exits 1', async () => {
    const text = await runCli(['status'], h.env);
    expect(text.code, text.stderr).toBe(1);
  });

  it('OK exits 0', async () => {
    expect((await h.engine.runSync({ kind: 'planned', trigger: 'manual' })).run.status).toBe('succeeded');
    const json = await runCli(['status', '--json'], h.env);
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as EngineStatus).health.level).toBe('ok');
  });

  it('Crítico exits 2, as text and as JSON', async () => {
    const holder = {
      token: 'd'.repeat(32),
      owner: 'scheduler@old-vm',
      host: 'old-vm',
      pid: 9,
      runId: null,
      acquiredAt: new Date(Date.now() - 40 * MINUTE).toISOString(),
      fence: 1,
    };
    await redisCli('SET', `${h.env.SYNC_REDIS_PREFIX}:lock`, JSON.stringify(holder), 'PX', String(20 * MINUTE));
    h.clock.set(new Date());
    expect((await h.engine.runSync({ kind: 'planned', trigger: 'manual' })).run.status).toBe('skipped');
    const json = await runCli(['status', '--json'], h.env);
    expect(json.code, json.stderr).toBe(2);
    expect((JSON.parse(json.stdout) as EngineStatus).health.level).toBe('critical');
    expect((await runCli(['status'], h.env)).code).toBe(2);
  });

  it('no status at all (a database that does not exist) exits 3, UNKNOWN', async () => {
    const broken = await runCli(['status'], { ...h.env, DATABASE_URL: h.env.DATABASE_URL.replace(/\/[^/]+$/, '/carteira_missing_db') });
    expect(broken.code).toBe(3);
  });
});

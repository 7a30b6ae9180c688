/**
 * Bad configuration through the real CLI (issue 8, findings 9, 11 and 13): each mistake is
 * one clear line and a failing exit (1, or `status`'s 3), nothing silently replaced by a default,
 * nothing that hangs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOdooSimulator, type OdooSimulator } from '../../../electron/engine/odoo-sim';
import { runCli, startCli } from '../../support/cli-process';
import { createTestDatabase } from '../../support/services';

/** `status` follows the monitoring-plugin convention: 3 (UNKNOWN) when it cannot read a status, a configuration it refuses included. */
const STATUS_UNKNOWN = 3;

/** The problem lines of a ConfigError (`  - …`). */
const problems = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('  - '));

describe('configuration refused at start', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    database = await createTestDatabase('config');
    dataDir = await mkdtemp(join(tmpdir(), 'carteira-config-'));
    env = { DATABASE_URL: database.url, CARTEIRA_DATA_DIR: dataDir, DEMO_ORDERS: '3', DEMO_CHANGES_PER_MINUTE: '0', SYNC_REDIS_PREFIX: 'carteira:test:config' };
  });
  afterAll(async () => {
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('finding 9: an integer setting refuses off/none instead of using its default', async () => {
    for (const [name, value] of [
      ['SYNC_INTERVAL_MINUTES', 'off'],
      ['SYNC_WINDOW_MINUTES', 'none'],
      ['SYNC_BATCH_ORDERS', 'off'],
      ['SYNC_STOP_GRACE_SECONDS', 'none'],
    ]) {
      const result = await runCli(['status'], { ...env, [name]: value });
      expect(result.code, `${name}=${value}`).toBe(STATUS_UNKNOWN);
      expect(problems(result.stderr), `${name}=${value}`).toEqual([`  - ${name} (${value}) must be a whole number`]);
    }
  });

  it('finding 9: SYNC_RECONCILE_HOUR, documented as switchable, accepts off', async () => {
    const result = await runCli(['status', '--json'], { ...env, SYNC_RECONCILE_HOUR: 'off' });
    expect([0, 1, 2], result.stderr).toContain(result.code); // the verdict's exit code: a status was read
    expect((JSON.parse(result.stdout) as { scheduler: { nextReconcileAt: string | null } | null }).scheduler?.nextReconcileAt ?? null).toBeNull();
  });

  it('finding 9: LOG_LEVEL=verbose is refused, not read as info', async () => {
    const result = await runCli(['status'], { ...env, LOG_LEVEL: 'verbose' });
    expect(result.code).toBe(STATUS_UNKNOWN);
    expect(problems(result.stderr)).toEqual(['  - LOG_LEVEL (verbose) must be one of debug, info, warn, error']);
  });

  it('finding 9: extra words after a command are refused', async () => {
    const result = await runCli(['status', 'extra', 'words'], env);
    expect(result.code).toBe(STATUS_UNKNOWN);
    expect(result.stderr.split('\n')[0]).toBe('status: unexpected argument "extra"');
  });

  it('finding 11: ODOO_URL without a scheme is one line saying how to write it, not "set without ODOO_URL"', async () => {
    const result = await runCli(['status'], { ...env, ODOO_URL: 'odoo.example:8069', ODOO_DB: 'prod', ODOO_USER: 'admin', ODOO_PASSWORD: 'pw' });
    expect(result.code).toBe(STATUS_UNKNOWN);
    expect(problems(result.stderr)).toEqual(['  - ODOO_URL must start with http:// or https:// (e.g. http://odoo.example:8069)']);
  });

  it('finding 13: CARTEIRA_DATA_DIR on a pseudo file system fails in one line instead of hanging', async () => {
    const run = startCli(['status'], { CARTEIRA_DATA_DIR: '/proc/carteira-sync/data', SYNC_REDIS_PREFIX: 'carteira:test:config' });
    const timer = setTimeout(() => run.child.kill('SIGKILL'), 20_000);
    const result = await run.done;
    clearTimeout(timer);
    expect(result.code, 'it hung and was killed').toBe(STATUS_UNKNOWN);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      'Erro: CARTEIRA_DATA_DIR (/proc/carteira-sync/data) cannot be used: /proc is a pseudo file system (proc); choose a directory on a disk',
    );
  });
});

describe('a wrong ODOO_DB', () => {
  let sim: OdooSimulator;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    sim = await startOdooSimulator({ port: 0, orders: 2, linesPerOrder: 1, seed: 1 });
    database = await createTestDatabase('odoodb');
  });
  afterAll(async () => {
    await sim?.close();
    await database?.drop();
  });

  it('finding 11: says the Odoo database was not found on that Odoo, not Odoo’s own PostgreSQL error', async () => {
    const result = await runCli(['run'], {
      ODOO_URL: sim.url,
      ODOO_DB: 'no_such_db',
      ODOO_USER: sim.login,
      ODOO_PASSWORD: sim.password,
      DATABASE_URL: database.url,
      SYNC_LOCK_FALLBACK: 'postgres',
      SYNC_REDIS_PREFIX: 'carteira:test:odoodb',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Odoo database no_such_db not found on ${sim.url} (ODOO_DB)`);
    expect(result.stderr).not.toContain('psycopg2');
  });
});

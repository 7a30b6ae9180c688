/**
 * Passwords typed into URLs (issue 8, finding 6): `ODOO_URL=http://user:pw@host` and
 * `DATABASE_URL=…?password=pw` work, and the password appears nowhere an operator or a log
 * reader sees it: `status`, `status --json`, a run's log lines, and the API's `getStatus`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOdooSimulator, type OdooSimulator } from '../../../electron/engine/odoo-sim';
import { runCli } from '../../support/cli-process';
import { createTestDatabase } from '../../support/services';
import { send, startServe } from './helpers/serve-process';

const ODOO_SECRET = 'odoo-url-secret-4711';
const DB_SECRET = 'db-url-secret-0815';

describe('credentials in URLs', () => {
  let sim: OdooSimulator;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    sim = await startOdooSimulator({ port: 0, orders: 3, linesPerOrder: 2, seed: 3 });
    database = await createTestDatabase('creds');
    dataDir = await mkdtemp(join(tmpdir(), 'carteira-creds-'));
    const odooUrl = new URL(sim.url);
    odooUrl.username = 'admin';
    odooUrl.password = ODOO_SECRET;
    const databaseUrl = new URL(database.url);
    databaseUrl.username = 'root';
    databaseUrl.password = DB_SECRET;
    databaseUrl.searchParams.set('password', DB_SECRET);
    env = {
      ODOO_URL: odooUrl.toString(),
      ODOO_DB: sim.db,
      ODOO_USER: sim.login,
      ODOO_PASSWORD: sim.password,
      DATABASE_URL: databaseUrl.toString(),
      CARTEIRA_DATA_DIR: dataDir,
      SYNC_REDIS_PREFIX: 'carteira:test:creds',
    };
  });
  afterAll(async () => {
    await sim?.close();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const expectNoSecret = (text: string) => {
    expect(text).not.toContain(ODOO_SECRET);
    expect(text).not.toContain(DB_SECRET);
  };

  it('finding 6: masks them in a run, `status` and `status --json`', async () => {
    const run = await runCli(['run'], env);
    expect(run.code, run.stderr).toBe(0);
    expectNoSecret(run.stdout + run.stderr);
    const text = await runCli(['status'], env);
    expect(text.code, text.stderr).toBe(0);
    expectNoSecret(text.stdout + text.stderr);
    expect(text.stdout).toContain(`Odoo ${new URL(sim.url).protocol}//***@${new URL(sim.url).host}`);
    const json = await runCli(['status', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    expectNoSecret(json.stdout + json.stderr);
    const status = JSON.parse(json.stdout) as { odoo: { url: string }; database: { target: string } };
    expect(status.odoo.url).toMatch(/^http:\/\/\*\*\*@127\.0\.0\.1:\d+\/?$/);
    expect(status.database.target).toMatch(/^postgres:\/\/\*\*\*@127\.0\.0\.1:5432\/carteira_creds_\w+\?password=\*\*\*$/);
  });

  it('finding 6: masks them in the API’s getStatus and the log of `serve`', async () => {
    const serve = await startServe({ env: { ODOO_URL: env.ODOO_URL, ODOO_DB: sim.db, ODOO_USER: sim.login, ODOO_PASSWORD: sim.password } });
    try {
      const answer = await send(serve.port, { path: '/api/getStatus' });
      expect(answer.status).toBe(200);
      expectNoSecret(answer.body);
      expectNoSecret(serve.stderr());
    } finally {
      await serve.stop();
    }
  });
});

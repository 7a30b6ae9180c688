/**
 * Demo mode keeps its embedded database apart from a real Odoo's: a data dir that ran the demo
 * and is then pointed at an Odoo (no DATABASE_URL) starts with an empty store and a full load,
 * not with the simulator's orders, watermark and clock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../../electron/engine/config';
import { Engine } from '../../../electron/engine/engine';
import { startOdooSimulator, type OdooSimulator } from '../../../electron/engine/odoo-sim';

let dataDir: string | undefined;
let odoo: OdooSimulator | undefined;

afterEach(async () => {
  await odoo?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('a data dir that ran the demo gives a real Odoo an empty store of its own (full load)', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'carteira-demo-apart-'));
  const demo = await Engine.open(loadConfig({ CARTEIRA_DATA_DIR: dataDir, DEMO_ORDERS: '30', DEMO_CHANGES_PER_MINUTE: '0' }), { logSink: () => undefined });
  try {
    expect((await demo.runSync({ kind: 'planned', trigger: 'scheduled' })).run).toMatchObject({ status: 'succeeded', fullLoad: true });
    expect((await demo.status()).database.target).toBe(join(dataDir, 'pglite-demo'));
  } finally {
    await demo.close();
  }

  odoo = await startOdooSimulator({ port: 0, orders: 12, linesPerOrder: 2, seed: 3 });
  const real = await Engine.open(
    loadConfig({ CARTEIRA_DATA_DIR: dataDir, ODOO_URL: odoo.url, ODOO_DB: odoo.db, ODOO_USER: odoo.login, ODOO_PASSWORD: odoo.password }),
    { logSink: () => undefined },
  );
  try {
    expect((await real.status()).totals.orders).toBe(0);
    const first = await real.runSync({ kind: 'planned', trigger: 'scheduled' });
    expect(first.run).toMatchObject({ status: 'succeeded', fullLoad: true, ordersSeen: 12 });
    expect((await real.status()).database.target).toBe(join(dataDir, 'pglite'));
  } finally {
    await real.close();
  }
});

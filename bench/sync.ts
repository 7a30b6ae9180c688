/**
 * `npm run bench -- sync`: the whole sync, end to end, from the Odoo simulator over real
 * HTTP into PostgreSQL and into PGlite, printed side by side:
 *   - initial load of ~100k lines;
 *   - a table of ~1M rows: an incremental run with no change, and one touching 1% of the orders.
 * Figures only; nothing is asserted. Set BENCH_SYNC_BIG_ORDERS to change the 1M case's size.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ManualClock } from '../electron/engine/clock';
import { loadConfig } from '../electron/engine/config';
import { Engine } from '../electron/engine/engine';
import { startOdooSimulator, type OdooSimulator } from '../electron/engine/odoo-sim';

const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const MINUTE = 60_000;

interface Target {
  name: 'postgres' | 'pglite';
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}

async function makeTarget(name: Target['name']): Promise<Target> {
  const dataDir = await mkdtemp(join(tmpdir(), 'carteira-bench-'));
  if (name === 'pglite') return { name, env: { CARTEIRA_DATA_DIR: dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  const database = `carteira_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  return {
    name,
    env: { CARTEIRA_DATA_DIR: dataDir, DATABASE_URL: ADMIN_URL.replace(/\/[^/]*$/, `/${database}`) },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function openEngine(sim: OdooSimulator, clock: ManualClock, target: Target): Promise<Engine> {
  const env = {
    ODOO_URL: sim.url,
    ODOO_DB: sim.db,
    ODOO_USER: sim.login,
    ODOO_PASSWORD: sim.password,
    SYNC_LOCK_FALLBACK: 'local',
    SYNC_BATCH_ORDERS: '500',
    ...target.env,
  };
  return Engine.open(loadConfig(env), { clock, logSink: () => undefined });
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - started) / 1000 };
}

interface Row {
  case: string;
  backend: string;
  rows: string;
  seconds: string;
  rate: string;
}

async function initialLoad(backend: Target['name'], orders: number, linesPerOrder: number, label: string, rows: Row[]): Promise<{ sim: OdooSimulator; engine: Engine; clock: ManualClock; target: Target }> {
  const clock = new ManualClock('2026-06-01T12:00:00Z');
  const sim = await startOdooSimulator({ port: 0, clock, seed: 11, orders, linesPerOrder });
  const target = await makeTarget(backend);
  const engine = await openEngine(sim, clock, target);
  clock.advance(MINUTE);
  const { result, seconds } = await timed(() => engine.runSync({ kind: 'planned', trigger: 'scheduled' }));
  if (result.exitCode !== 0) throw new Error(`initial load failed: ${result.run.error}`);
  const written = result.run.counts.inserted;
  rows.push({ case: label, backend, rows: written.toLocaleString('en'), seconds: seconds.toFixed(2), rate: `${Math.round(written / seconds).toLocaleString('en')} rows/s` });
  return { sim, engine, clock, target };
}

async function incremental(setup: { sim: OdooSimulator; engine: Engine; clock: ManualClock }, backend: string, rows: Row[]): Promise<void> {
  const { sim, engine, clock } = setup;
  clock.advance(30 * MINUTE);
  const idle = await timed(() => engine.runSync({ kind: 'planned', trigger: 'scheduled' }));
  rows.push({ case: '1M table, no change', backend, rows: '0', seconds: idle.seconds.toFixed(3), rate: `${idle.result.run.ordersSeen} orders seen` });

  const orderIds = sim.orm.search('sale.order', [['state', '!=', 'cancel']], { order: 'id asc' });
  const touched = orderIds.filter((_, index) => index % 100 === 0);
  for (const id of touched) sim.orm.write('sale.order', id, { commitment_date: '2026-08-01 00:00:00' });
  clock.advance(30 * MINUTE);
  const changed = await timed(() => engine.runSync({ kind: 'planned', trigger: 'scheduled' }));
  const counts = changed.result.run.counts;
  const written = counts.updated + counts.inserted;
  rows.push({
    case: '1M table, 1% of orders changed',
    backend,
    rows: `${written.toLocaleString('en')} updated`,
    seconds: changed.seconds.toFixed(2),
    rate: `${Math.round((written + counts.unchanged) / changed.seconds).toLocaleString('en')} rows/s (${touched.length} orders)`,
  });
}

export async function run(): Promise<void> {
  const bigOrders = Number(process.env.BENCH_SYNC_BIG_ORDERS ?? 100_000);
  const rows: Row[] = [];
  for (const backend of ['postgres', 'pglite'] as const) {
    const small = await initialLoad(backend, 10_000, 10, 'initial load, 100k lines', rows);
    await small.engine.close();
    await small.sim.close();
    await small.target.cleanup();

    const big = await initialLoad(backend, bigOrders, 10, `initial load, ${bigOrders * 10 / 1e6}M lines`, rows);
    await incremental(big, backend, rows);
    rows.push({ case: 'process RSS after the 1M runs', backend, rows: '', seconds: '', rate: mb(process.memoryUsage().rss) });
    await big.engine.close();
    await big.sim.close();
    await big.target.cleanup();
  }
  console.table(rows);
  console.log('(lines include section/note lines the sync skips; rows are carteira rows after aggregation)');
}

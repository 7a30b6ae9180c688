/**
 * `npm run bench -- sync`: the whole sync, end to end, from the Odoo simulator (in a
 * process of its own, as a real Odoo) over real HTTP into PostgreSQL and into PGlite,
 * printed side by side:
 *   - initial load of ~100k lines;
 *   - a table of ~1M rows: an incremental run with no change, and one touching 1% of the orders;
 *   - then the store's own figures (`bench/store.ts`): upsert vs raw COPY, PGlite memory.
 * Figures only; nothing is asserted. Set BENCH_SYNC_BIG_ORDERS to change the 1M case's size.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { loadConfig } from '../electron/engine/config';
import { composeEngine, type EngineParts } from '../electron/engine/compose-engine';
import { Engine } from '../electron/engine/engine';

const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

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

interface SimProcess {
  child: ChildProcess;
  url: string;
  db: string;
  login: string;
  password: string;
  lines: number;
}

async function startSimProcess(orders: number, linesPerOrder: number): Promise<SimProcess> {
  const child = fork(join(import.meta.dirname, 'sim-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SIM_ORDERS: String(orders), SIM_LINES_PER_ORDER: String(linesPerOrder) },
  });
  const info = await new Promise<Omit<SimProcess, 'child'>>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Omit<SimProcess, 'child'>));
    child.once('exit', (code) => reject(new Error(`simulator process exited (${code})`)));
  });
  return { child, ...info };
}

/** The engine, and the parts the benchmark reads directly (the table's size, Odoo's API). */
async function openEngine(sim: SimProcess, target: Target): Promise<Pick<EngineParts, 'store' | 'odoo'> & { engine: Engine }> {
  const env = {
    ODOO_URL: sim.url,
    ODOO_DB: sim.db,
    ODOO_USER: sim.login,
    ODOO_PASSWORD: sim.password,
    SYNC_LOCK_FALLBACK: 'local',
    SYNC_BATCH_ORDERS: '500',
    ...target.env,
  };
  const parts = await composeEngine(loadConfig(env), { logSink: () => undefined });
  return { engine: await Engine.fromParts(parts), store: parts.store, odoo: parts.odoo };
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

interface Setup extends Awaited<ReturnType<typeof openEngine>> {
  sim: SimProcess;
  target: Target;
}

async function initialLoad(backend: Target['name'], orders: number, linesPerOrder: number, rows: Row[]): Promise<Setup> {
  const sim = await startSimProcess(orders, linesPerOrder);
  const target = await makeTarget(backend);
  const opened = await openEngine(sim, target);
  const { engine } = opened;
  const { result, seconds } = await timed(() => engine.runSync({ kind: 'planned', trigger: 'scheduled' }));
  if (result.exitCode !== 0) throw new Error(`initial load failed: ${result.run.error}`);
  const written = result.run.counts.inserted;
  rows.push({
    case: `initial load, ${sim.lines.toLocaleString('en')} lines`,
    backend,
    rows: written.toLocaleString('en'),
    seconds: seconds.toFixed(2),
    rate: `${Math.round(written / seconds).toLocaleString('en')} rows/s, ${Math.round(sim.lines / seconds).toLocaleString('en')} lines/s`,
  });
  return { sim, target, ...opened };
}

async function incremental({ engine, store, odoo }: Setup, backend: string, rows: Row[]): Promise<void> {
  const idle = await timed(() => engine.runSync({ kind: 'planned', trigger: 'scheduled' }));
  rows.push({
    case: `${(await store.totals()).rows.toLocaleString('en')}-row table, no change`,
    backend,
    rows: '0',
    seconds: idle.seconds.toFixed(3),
    rate: `${idle.result.run.ordersSeen} orders seen`,
  });

  // 1% of the orders change, through Odoo's own API
  const orderIds = (await odoo.search('sale.order', [['state', '!=', 'cancel']], { order: 'id asc' })).filter((_, index) => index % 100 === 0);
  await odoo.executeKw('sale.order', 'write', [orderIds, { commitment_date: '2026-08-01 00:00:00' }]);
  const changed = await timed(() => engine.runSync({ kind: 'planned', trigger: 'scheduled' }));
  const counts = changed.result.run.counts;
  rows.push({
    case: '… 1% of the orders changed',
    backend,
    rows: `${(counts.updated + counts.inserted).toLocaleString('en')} updated`,
    seconds: changed.seconds.toFixed(2),
    rate: `${changed.result.run.ordersSeen.toLocaleString('en')} orders re-read`,
  });
}

async function teardown({ sim, engine, target }: Setup): Promise<void> {
  await engine.close();
  sim.child.disconnect();
  await target.cleanup();
}

export async function run(): Promise<void> {
  const bigOrders = Number(process.env.BENCH_SYNC_BIG_ORDERS ?? 100_000);
  const rows: Row[] = [];
  for (const backend of ['postgres', 'pglite'] as const) {
    await teardown(await initialLoad(backend, 10_000, 10, rows));
    const big = await initialLoad(backend, bigOrders, 10, rows);
    await incremental(big, backend, rows);
    const memory = process.memoryUsage();
    rows.push({ case: 'engine process memory afterwards', backend, rows: '', seconds: '', rate: `RSS ${mb(memory.rss)}, JS heap used ${mb(memory.heapUsed)}` });
    await teardown(big);
  }
  console.table(rows);
  console.log('(lines include the section/note lines the sync skips; rows are carteira rows after aggregating duplicate products)');

  // The write path against the physical limit, in the same run.
  console.log('\n--- the store: upsert vs raw COPY into an empty table, and PGlite memory ---');
  await (await import('./store')).run();
}

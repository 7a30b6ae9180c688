/**
 * `npm run bench -- store`: the store's write path against the physical limit.
 *
 * PostgreSQL (a throwaway database, dropped at the end) and PGlite (measured in child
 * processes so RSS figures are clean):
 *   - raw COPY of 100k carteira rows into an empty table (the physical limit)
 *   - applyOrders of the same 100k rows into an empty table, and into the full table with 1% changed
 *   - ratio upsert / raw COPY
 *   - PostgreSQL: a no-change applyOrders over 1% of a 1M-row table (and one with 1% of that 1% changed)
 *   - PGlite RSS: fresh open, reopen, after the 100k load; untuned PGlite for comparison
 * Prints figures; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { CARTEIRA_DATA_COLUMNS, carteiraCopyFields } from '../electron/engine/store/carteira-writes';
import { copyChunks } from '../electron/engine/store/copy-text';
import type { Db } from '../electron/engine/store/db';
import { migrate } from '../electron/engine/store/migrations';
import { storeOver } from '../electron/engine/store/open-store';
import { createPgDb } from '../electron/engine/store/pg-db';
import type { CarteiraRow, Store, SyncedOrder } from '../electron/engine/store/types';

const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const LINES_PER_ORDER = 10;
const ROWS = 100_000;
const BIG_ROWS = 1_000_000;
const T0 = Date.parse('2024-01-01T00:00:00Z');

// ---------------------------------------------------------------------------------- data

function makeRow(orderIndex: number, line: number, version = 0): CarteiraRow {
  const id = orderIndex + 1;
  const qty = 1 + ((orderIndex * 7 + line * 13) % 500);
  const invoiced = (orderIndex + line) % 3 === 0 ? Math.floor(qty / 2) : 0;
  const price = `${10 + (line % 90)}.${String((orderIndex * 31 + line) % 100).padStart(2, '0')}`;
  return {
    numPedido: `VCD${String(id).padStart(7, '0')}`,
    codProduto: `PROD-${String((orderIndex * 3 + line * 17) % 5000).padStart(5, '0')}-${line}`,
    nomeProduto: `Produto ${line} do pedido, embalagem ${(orderIndex + line) % 12} un`,
    cnpjCliente: `${String(10_000_000 + (orderIndex % 5000)).padStart(8, '0')}/0001-${String(orderIndex % 97).padStart(2, '0')}`,
    nomeCliente: `Cliente ${orderIndex % 5000} Comércio LTDA`,
    qtdProdutoPedido: String(qty),
    qtdEntregue: String(invoiced),
    qtdFaturada: String(invoiced),
    qtdSaldoProdutoPedido: String(qty - invoiced + version),
    precoProdutoPedido: price,
    valorProdutoPedido: (qty * Number(price)).toFixed(2),
    statusPedido: 'sale',
    dataPedido: new Date(T0 - orderIndex * 60_000),
    dataEntrega: new Date(T0 + 86_400_000 * (1 + (orderIndex % 30))),
    odooOrderId: id,
    odooWriteDate: new Date(T0 + version * 3_600_000),
    ativo: true,
  };
}

function makeOrder(orderIndex: number, changedLine: number | null = null): SyncedOrder {
  const rows = Array.from({ length: LINES_PER_ORDER }, (_, line) => makeRow(orderIndex, line, line === changedLine ? 1 : 0));
  return {
    odooOrderId: orderIndex + 1,
    numPedido: rows[0]!.numPedido,
    writeDate: new Date(Math.max(...rows.map((row) => row.odooWriteDate.getTime()))),
    rows,
  };
}

function orders(from: number, count: number, changed: (orderIndex: number) => number | null = () => null): SyncedOrder[] {
  return Array.from({ length: count }, (_, i) => makeOrder(from + i, changed(from + i)));
}

// ------------------------------------------------------------------------------ helpers

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/** Raw COPY of rows straight into `carteira` (no staging, no merge): the physical limit. */
async function rawCopy(db: Db, rows: CarteiraRow[]): Promise<number> {
  return db.transaction((tx) =>
    tx.copyFrom(
      'carteira',
      [...CARTEIRA_DATA_COLUMNS, 'sync_run_id'],
      copyChunks(rows, (row) => [...carteiraCopyFields(row), 1]),
    ),
  );
}

async function newRun(store: Store): Promise<number> {
  return store.insertRun({
    trigger: 'manual',
    windowFrom: null,
    windowTo: new Date(),
    fullLoad: true,
    startedAt: new Date(),
    host: 'bench',
    pid: process.pid,
    fence: null,
    lockBackend: null,
    degraded: false,
    demo: false,
    gapFrom: null,
    gapTo: null,
    status: 'running',
  });
}

interface WriteFigures {
  rawMs: number;
  emptyMs: number;
  fullMs: number;
  fullCounts: string;
}

/** The three 100k measurements, on any backend. */
async function writeBench(db: Db, store: Store): Promise<WriteFigures> {
  const batch = orders(0, ROWS / LINES_PER_ORDER);
  const rows = batch.flatMap((order) => order.rows);
  const runId = await newRun(store);
  const guard = { fence: await store.nextFence() };

  await db.exec('TRUNCATE carteira');
  const raw = await time(() => rawCopy(db, rows));
  await db.exec('TRUNCATE carteira');
  const empty = await time(() => store.applyOrders({ orders: batch, deletedOrderIds: [] }, runId, guard));
  // 1% of the rows changed: one line in every tenth order
  const changed = orders(0, ROWS / LINES_PER_ORDER, (i) => (i % 10 === 0 ? i % LINES_PER_ORDER : null));
  const full = await time(() => store.applyOrders({ orders: changed, deletedOrderIds: [] }, runId, guard));
  const c = full.value;
  return {
    rawMs: raw.ms,
    emptyMs: empty.ms,
    fullMs: full.ms,
    fullCounts: `ins ${c.inserted} upd ${c.updated} unch ${c.unchanged} deact ${c.deactivated}`,
  };
}

function printWrite(label: string, f: WriteFigures): void {
  const rate = (ms: number) => (ROWS / ms) * 1000;
  console.log(`${label}  raw COPY 100k → empty table        ${seconds(f.rawMs).padStart(8)}  ${fmt(rate(f.rawMs)).padStart(9)} rows/s`);
  console.log(
    `${label}  applyOrders 100k → empty table     ${seconds(f.emptyMs).padStart(8)}  ${fmt(rate(f.emptyMs)).padStart(9)} rows/s   ratio upsert/raw COPY = ${(f.rawMs / f.emptyMs).toFixed(2)}`,
  );
  console.log(`${label}  applyOrders 100k → full, 1% changed ${seconds(f.fullMs).padStart(7)}  ${fmt(rate(f.fullMs)).padStart(9)} rows/s   (${f.fullCounts})`);
}

// ---------------------------------------------------------------------------- PostgreSQL

/** A migrated PostgreSQL database made for one benchmark and dropped after it. */
async function withThrowawayDatabase<T>(use: (db: Db) => Promise<T>): Promise<T> {
  const name = `carteira_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const db = createPgDb(ADMIN_URL.replace(/\/[^/]*$/, `/${name}`));
  try {
    await migrate(db);
    return await use(db);
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function benchPostgres(): Promise<void> {
  await withThrowawayDatabase(async (db) => {
    const store = storeOver(db);
    printWrite('postgres', await writeBench(db, store));

    // 1M rows, then the incremental write path over 1% of them
    await db.exec('TRUNCATE carteira');
    const fill = await time(async () => {
      const step = 10_000; // orders per COPY
      for (let first = 0; first < BIG_ROWS / LINES_PER_ORDER; first += step) {
        await rawCopy(
          db,
          orders(first, step).flatMap((order) => order.rows),
        );
      }
      await db.exec('ANALYZE carteira');
    });
    console.log(`postgres  (fill 1M rows by raw COPY + ANALYZE: ${seconds(fill.ms)})`);
    const runId = await newRun(store);
    const guard = { fence: await store.nextFence() };
    const sample = (changed: (i: number) => number | null) =>
      Array.from({ length: BIG_ROWS / LINES_PER_ORDER / 100 }, (_, k) => makeOrder(k * 100 + 7, changed(k * 100 + 7)));
    for (const [label, batch] of [
      ['no-change', sample(() => null)],
      ['no-change (again)', sample(() => null)],
      ['1% of it changed', sample((i) => (i % 1000 === 7 ? 3 : null))],
    ] as const) {
      const result = await time(() => store.applyOrders({ orders: [...batch], deletedOrderIds: [] }, runId, guard));
      const c = result.value;
      console.log(
        `postgres  applyOrders 1% of 1M (${fmt(batch.length)} orders, ${fmt(batch.length * LINES_PER_ORDER)} rows) ${label.padEnd(18)} ${seconds(result.ms)}   (ins ${c.inserted} upd ${c.updated} unch ${c.unchanged} deact ${c.deactivated})`,
      );
    }
  });
}

/**
 * For `bench full-load`: a raw COPY of `totalRows` rows into an empty `carteira`, `perTransaction`
 * rows per transaction, on a throwaway database — the floor under a full load's writes here.
 */
export async function rawCopyFloorMs(totalRows: number, perTransaction: number): Promise<number> {
  return withThrowawayDatabase(async (db) => {
    const step = Math.max(1, Math.round(perTransaction / LINES_PER_ORDER));
    const fill = await time(async () => {
      for (let first = 0; first < totalRows / LINES_PER_ORDER; first += step) {
        await rawCopy(
          db,
          orders(first, step).flatMap((order) => order.rows),
        );
      }
    });
    return fill.ms;
  });
}

/**
 * For `bench sync`: applyOrders of 100k rows (10k orders, one batch) into an empty table against
 * a raw COPY of the same rows, on a throwaway PostgreSQL database; three alternating rounds, the
 * best of each (the machine is shared and noisy).
 */
export async function emptyTableLoadVsRawCopy(): Promise<{ rawMs: number; loadMs: number; rows: number }> {
  return withThrowawayDatabase(async (db) => {
    const batch = orders(0, ROWS / LINES_PER_ORDER);
    const rows = batch.flatMap((order) => order.rows);
    let rawMs = Infinity;
    let loadMs = Infinity;
    for (let round = 0; round < 3; round++) {
      const store = storeOver(db); // each round as a fresh process would see it
      const runId = await newRun(store);
      const guard = { fence: await store.nextFence() };
      await db.exec('TRUNCATE carteira');
      rawMs = Math.min(rawMs, (await time(() => rawCopy(db, rows))).ms);
      await db.exec('TRUNCATE carteira');
      const load = await time(() => store.applyOrders({ orders: batch, deletedOrderIds: [] }, runId, guard));
      if (load.value.inserted !== rows.length) throw new Error(`applyOrders inserted ${load.value.inserted} of ${rows.length} rows`);
      loadMs = Math.min(loadMs, load.ms);
    }
    return { rawMs, loadMs, rows: rows.length };
  });
}

// -------------------------------------------------------------------------------- PGlite

type ChildMode = 'untuned-fresh' | 'untuned-reopen' | 'fresh' | 'reopen-load';

/** Runs in a child process: prints one JSON line of figures. */
async function pgliteChild(mode: ChildMode, dir: string): Promise<Record<string, unknown>> {
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      (globalThis as { gc?: () => void }).gc?.();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await settle();
  const baseline = rssMb();
  if (mode === 'untuned-fresh' || mode === 'untuned-reopen') {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create({ dataDir: dir });
    await db.query('SELECT 1');
    await settle();
    const rss = rssMb();
    await db.close();
    return { baseline, rss };
  }
  const { openStore } = await import('../electron/engine/store/open-store');
  if (mode === 'fresh') {
    const opened = await time(() => openStore({ pgliteDir: join(dir, 'pglite') }));
    await settle();
    const rss = rssMb();
    await opened.value.close();
    return { baseline, rss, openMs: opened.ms };
  }
  const { openPglite } = await import('../electron/engine/store/pglite-open');
  const opened = await time(async () => {
    const db = await openPglite(join(dir, 'pglite'));
    await migrate(db);
    return db;
  });
  const db = opened.value;
  await settle();
  const rssOpen = rssMb();
  // the load as the sync does it: batches of 1,000 orders (10,000 rows), into an emptied table
  const store = storeOver(db);
  await db.exec('TRUNCATE carteira');
  const runId = await newRun(store);
  const guard = { fence: await store.nextFence() };
  const batchOrders = 1000;
  const load = await time(async () => {
    for (let first = 0; first < ROWS / LINES_PER_ORDER; first += batchOrders) {
      await store.applyOrders({ orders: orders(first, batchOrders), deletedOrderIds: [] }, runId, guard);
    }
  });
  await settle();
  const rssLoaded = rssMb();
  const figures = await writeBench(db, store);
  await settle();
  const rssAfterBench = rssMb();
  await db.close();
  return { baseline, rssOpen, rssLoaded, rssAfterBench, loadMs: load.ms, openMs: opened.ms, figures };
}

async function inChild(mode: ChildMode, dir: string): Promise<Record<string, unknown>> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', ...process.execArgv, script], {
      env: { ...process.env, BENCH_STORE_CHILD: mode, BENCH_STORE_DIR: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (data: Buffer) => {
      out += data.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`bench child ${mode} exited with ${code}: ${out}`));
      resolve(JSON.parse(line) as Record<string, unknown>);
    });
  });
}

async function benchPglite(): Promise<void> {
  const dirs: string[] = [];
  const tmp = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carteira-bench-'));
    dirs.push(dir);
    return dir;
  };
  try {
    const untunedDir = await tmp();
    const untunedFresh = await inChild('untuned-fresh', untunedDir);
    const untunedReopen = await inChild('untuned-reopen', untunedDir);
    const dir = await tmp();
    const fresh = await inChild('fresh', dir);
    const loaded = await inChild('reopen-load', dir);
    const reopenAfterLoad = await inChild('reopen-load', dir);
    printWrite('pglite  ', loaded.figures as WriteFigures);
    const n = (figures: Record<string, unknown>, key: string) => Number(figures[key]);
    console.log(
      `pglite    applyOrders 100k in batches of 1,000 orders → empty table ${seconds(n(loaded, 'loadMs'))}  ${fmt((ROWS / n(loaded, 'loadMs')) * 1000)} rows/s`,
    );
    console.log('pglite    RSS (each figure from its own child process; "base" = the child before PGlite, incl. the tsx loader):');
    console.log(
      `pglite      untuned PGlite defaults   fresh create ${untunedFresh.rss} MB (base ${untunedFresh.baseline}), reopen ${untunedReopen.rss} MB (base ${untunedReopen.baseline})`,
    );
    console.log(
      `pglite      tuned openStore           fresh create ${fresh.rss} MB (base ${fresh.baseline}, open ${seconds(n(fresh, 'openMs'))}), reopen ${loaded.rssOpen} MB (base ${loaded.baseline}), after 100k load ${loaded.rssLoaded} MB, after the 100k single-batch bench ${loaded.rssAfterBench} MB`,
    );
    console.log(
      `pglite      tuned, reopening a database that holds 100k rows: ${reopenAfterLoad.rssOpen} MB (open ${seconds(n(reopenAfterLoad, 'openMs'))}), after reloading 100k ${reopenAfterLoad.rssLoaded} MB`,
    );
  } finally {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  if (process.env.BENCH_STORE_SKIP_PG !== '1') await benchPostgres();
  await benchPglite();
}

const childMode = process.env.BENCH_STORE_CHILD as ChildMode | undefined;
if (childMode) {
  const figures = await pgliteChild(childMode, process.env.BENCH_STORE_DIR ?? '');
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.exit(0);
}

/**
 * `npm run bench -- full-load` — and plain `npm run bench` once an Odoo is given: the engine's
 * full load beside the barest sequential reader of the same rows over the same protocol
 * (`bare-reader.ts`; once as a naive client asks, once with `load: ''` as the engine asks), side by
 * side, in one run:
 *   - against a real Odoo, when given (BENCH_ODOO_URL, BENCH_ODOO_DB, BENCH_ODOO_API_KEY, and
 *     BENCH_ODOO_USER / BENCH_ODOO_PASSWORD for the RPC protocols; or `--odoo-url=…`,
 *     `--odoo-db=…`, `--odoo-key=…`, `--odoo-user=…`, `--odoo-password=…`), over each protocol it
 *     offers (asked, not assumed; BENCH_ODOO_PROTOCOLS=json2,jsonrpc narrows it);
 *   - against the simulator (an Odoo 19 in a process of its own) with 1,000,000 lines
 *     (BENCH_SIM_ORDERS=100000 orders of 10 lines; 0 skips it), over BENCH_SIM_PROTOCOLS
 *     (default json2,jsonrpc).
 * Every case runs in a fresh process, so its peak RSS is its own. The engine is the product as
 * shipped: the built CLI (`out/bench-cli/main.js`, built first) on plain Node, `run --json` into an
 * empty PostgreSQL database (BENCH_POSTGRES_URL), its time the run's own (started → finished, as
 * recorded), its calls and peak RSS measured by a preload (`measure-process.mjs`). The bare
 * reader runs under tsx (`full-load-case.ts`). Bare and engine alternate, BENCH_ROUNDS times
 * (default 3): the machine may be shared, so compare within a round. SYNC_ODOO_PARALLEL_READS and
 * SYNC_BATCH_ORDERS are the engine's defaults unless BENCH_PARALLEL_READS / BENCH_BATCH_ORDERS
 * are set. Figures only; nothing is asserted.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { OdooClient, type OdooProtocol } from '../electron/engine/odoo';
import type { OdooTarget } from './bare-reader';
import type { BareCase, CaseResult } from './full-load-case';
import { startSimProcess } from './start-sim-process';
import { rawCopyFloorMs } from './store';

const execFileAsync = promisify(execFile);
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIM_ORDERS = Number(process.env.BENCH_SIM_ORDERS ?? 100_000);
const SIM_PROTOCOLS = (process.env.BENCH_SIM_PROTOCOLS ?? 'json2,jsonrpc').split(',') as OdooProtocol[];
/** the real Odoo's protocols to measure (default: every one it offers) */
const ODOO_PROTOCOLS = process.env.BENCH_ODOO_PROTOCOLS?.split(',');
const PARALLEL = process.env.BENCH_PARALLEL_READS;
const BATCH = process.env.BENCH_BATCH_ORDERS;
const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'out', 'bench-cli', 'main.js');

/** The real Odoo given on the command line (`--odoo-url=…`) or in BENCH_ODOO_*; null when none. */
export function odooTarget(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): OdooTarget | null {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--odoo-${name}=`))?.slice(`--odoo-${name}=`.length);
  const url = arg('url') ?? env.BENCH_ODOO_URL;
  if (!url) return null;
  const db = arg('db') ?? env.BENCH_ODOO_DB;
  if (!db) throw new Error('an Odoo URL needs its database: --odoo-db=… or BENCH_ODOO_DB');
  return {
    url,
    db,
    apiKey: arg('key') ?? env.BENCH_ODOO_API_KEY,
    user: arg('user') ?? env.BENCH_ODOO_USER,
    password: arg('password') ?? env.BENCH_ODOO_PASSWORD,
  };
}

/** The protocols the server answers with the credentials given, each asked with a search_count. */
async function offeredProtocols(target: OdooTarget): Promise<Array<{ protocol: OdooProtocol; orders?: number; why?: string }>> {
  const out: Array<{ protocol: OdooProtocol; orders?: number; why?: string }> = [];
  for (const protocol of ['json2', 'jsonrpc', 'xmlrpc'] as const) {
    if (protocol === 'json2' && !target.apiKey) {
      out.push({ protocol, why: 'no API key given' });
      continue;
    }
    if (protocol !== 'json2' && !target.user) {
      out.push({ protocol, why: 'no user given' });
      continue;
    }
    const client = new OdooClient({
      url: target.url,
      db: target.db,
      username: target.user ?? '',
      password: target.password ?? '',
      apiKey: target.apiKey,
      protocol,
      timeoutMs: 30_000,
    });
    try {
      out.push({ protocol, orders: await client.searchCount('sale.order', []) });
    } catch (error) {
      out.push({ protocol, why: (error as Error).message.slice(0, 160) });
    } finally {
      client.close();
    }
  }
  return out;
}

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `carteira_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  try {
    return await work(ADMIN_URL.replace(/\/[^/]*$/, `/${name}`));
  } finally {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  }
}

async function bareCase(spec: BareCase): Promise<CaseResult> {
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'full-load-case.ts')], {
    env: { ...process.env, BENCH_CASE: JSON.stringify(spec) },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as CaseResult;
}

/** The built CLI's full load into an empty database: the run's recorded duration, its Odoo calls, its peak RSS. */
async function engineCase(protocol: OdooProtocol, target: OdooTarget): Promise<CaseResult> {
  return withDatabase(async (databaseUrl) => {
    const dir = await mkdtemp(join(tmpdir(), 'carteira-bench-'));
    const measureFile = join(dir, 'measure.json');
    try {
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ODOO_URL: target.url,
        ODOO_DB: target.db,
        ODOO_PROTOCOL: protocol,
        ...(target.apiKey ? { ODOO_API_KEY: target.apiKey } : {}),
        ...(protocol !== 'json2' ? { ODOO_USER: target.user ?? '', ODOO_PASSWORD: target.password || target.apiKey || '' } : {}),
        ODOO_TIMEOUT_SECONDS: '600',
        DATABASE_URL: databaseUrl,
        CARTEIRA_DATA_DIR: dir,
        SYNC_LOCK_FALLBACK: 'local',
        LOG_LEVEL: 'warn',
        BENCH_MEASURE_FILE: measureFile,
        ...(PARALLEL ? { SYNC_ODOO_PARALLEL_READS: PARALLEL } : {}),
        ...(BATCH ? { SYNC_BATCH_ORDERS: BATCH } : {}),
      };
      const { stdout } = await execFileAsync(process.execPath, ['--import', join(import.meta.dirname, 'measure-process.mjs'), CLI, 'run', '--json'], {
        cwd: ROOT,
        env,
        maxBuffer: 16 << 20,
      });
      const report = JSON.parse(stdout) as {
        exitCode: number;
        run: { ordersSeen: number; counts: { inserted: number }; startedAt: string; finishedAt: string; error: string | null };
      };
      if (report.exitCode !== 0) throw new Error(`full load over ${protocol} failed: ${report.run.error}`);
      const measured = JSON.parse(await readFile(measureFile, 'utf8')) as { calls: number; peakRssMb: number; cpuSeconds: number };
      return {
        seconds: (Date.parse(report.run.finishedAt) - Date.parse(report.run.startedAt)) / 1000,
        orders: report.run.ordersSeen,
        rows: report.run.counts.inserted,
        calls: measured.calls,
        peakRssMb: measured.peakRssMb,
        cpuSeconds: measured.cpuSeconds,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

interface Row {
  odoo: string;
  protocol: string;
  round: number;
  bare: string;
  "bare, load=''": string;
  engine: string;
  'engine / bare': string;
  "engine / bare load=''": string;
  'peak RSS bare / engine': string;
  'CPU s bare / engine': string;
}

const figure = (r: CaseResult) => `${r.seconds.toFixed(2)} s, ${r.calls} calls`;
const ratio = (engine: CaseResult, bare: CaseResult) => `${(engine.seconds / bare.seconds).toFixed(2)}×`;

async function compare(label: string, target: OdooTarget, protocols: OdooProtocol[], rows: Row[]): Promise<void> {
  for (const protocol of protocols) {
    for (let round = 1; round <= ROUNDS; round++) {
      const bare = await bareCase({ kind: 'bare', protocol, target });
      const engine = await engineCase(protocol, target);
      const bareIds = await bareCase({ kind: 'bare-ids', protocol, target });
      rows.push({
        odoo: `${label}: ${bare.orders.toLocaleString('en-US')} orders / ${bare.rows.toLocaleString('en-US')} lines`,
        protocol,
        round,
        bare: figure(bare),
        "bare, load=''": figure(bareIds),
        engine: `${figure(engine)} → ${engine.rows.toLocaleString('en-US')} rows`,
        'engine / bare': ratio(engine, bare),
        "engine / bare load=''": ratio(engine, bareIds),
        'peak RSS bare / engine': `${Math.round(bare.peakRssMb)} / ${Math.round(engine.peakRssMb)} MB`,
        // each whole process (the engine's with its start); PostgreSQL's and Odoo's CPU come on top
        'CPU s bare / engine': `${bare.cpuSeconds.toFixed(1)} / ${engine.cpuSeconds.toFixed(1)}`,
      });
      console.log(JSON.stringify(rows[rows.length - 1]));
    }
  }
}

export async function run(): Promise<void> {
  const rows: Row[] = [];
  const floors: string[] = [];
  console.log('building the CLI bundle (vite.cli.config.ts → out/bench-cli/main.js)…');
  await execFileAsync(
    join(ROOT, 'node_modules', '.bin', 'vite'),
    ['build', '--config', 'vite.cli.config.ts', '--outDir', 'out/bench-cli', '--logLevel', 'warn'],
    {
      cwd: ROOT,
    },
  );
  const target = odooTarget();
  if (target) {
    const offered = await offeredProtocols(target);
    for (const o of offered) console.log(`${target.url} (${target.db}) over ${o.protocol}: ${o.why ? `not measured (${o.why})` : `${o.orders} orders`}`);
    await compare(
      target.url,
      target,
      offered.filter((o) => !o.why && (!ODOO_PROTOCOLS || ODOO_PROTOCOLS.includes(o.protocol))).map((o) => o.protocol),
      rows,
    );
  } else {
    console.log('no Odoo given (--odoo-url=… or BENCH_ODOO_URL): the simulator only');
  }
  if (SIM_ORDERS > 0) {
    console.log(`starting the simulator with ${SIM_ORDERS.toLocaleString('en-US')} orders of 10 lines…`);
    const sim = await startSimProcess(SIM_ORDERS, 10);
    try {
      const simTarget: OdooTarget = { url: sim.url, db: sim.db, apiKey: sim.apiKey, user: sim.login, password: sim.password };
      await compare('simulator', simTarget, SIM_PROTOCOLS, rows);
    } finally {
      sim.child.disconnect();
    }
    // What PostgreSQL alone takes here for as many rows: the floor under the engine's writes.
    for (const perTransaction of [5_000, 100_000]) {
      const ms = await rawCopyFloorMs(sim.lines, perTransaction);
      floors.push(
        `raw COPY of ${sim.lines.toLocaleString('en-US')} rows into an empty carteira, ${perTransaction.toLocaleString('en-US')} per transaction: ${(ms / 1000).toFixed(2)} s`,
      );
    }
  }
  console.table(rows);
  for (const floor of floors) console.log(floor);
  console.log(
    `(engine: the built CLI's full load into an empty PostgreSQL table, the run's recorded duration, SYNC_ODOO_PARALLEL_READS=${PARALLEL ?? 'default'}, SYNC_BATCH_ORDERS=${BATCH ?? 'default'}; bare: search_read by id > pages of 5,000, sequential, decoded, not validated, nothing written; calls are HTTP requests to Odoo; peak RSS of each process)`,
  );
}

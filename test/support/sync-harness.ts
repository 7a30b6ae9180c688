/**
 * A whole engine against real services for integration tests: the Odoo simulator over
 * HTTP on a driven clock, a fresh PostgreSQL database or PGlite directory, Redis with a
 * prefix of its own. `check()` compares the table with the independent oracle.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../electron/engine/clock';
import { loadConfig } from '../../electron/engine/config';
import { composeEngine } from '../../electron/engine/compose-engine';
import { Engine } from '../../electron/engine/engine';
import type { SyncLock } from '../../electron/engine/lock';
import type { LogRecord } from '../../electron/engine/logger';
import type { OdooClient } from '../../electron/engine/odoo';
import { startOdooSimulator, type ChangeKind, type OdooSimulator } from '../../electron/engine/odoo-sim';
import type { Store } from '../../electron/engine/store';
import { diffCarteira, expectedCarteira } from './carteira-truth';
import { REDIS_URL, createTestDatabase, deleteRedisKeys, uniqueRedisPrefix } from './services';

export type Backend = 'postgres' | 'pglite';
/** How the engine talks to the simulator (ODOO_PROTOCOL); `auto` meets an Odoo 19 with an API key, so it ends on JSON-2. */
export type SyncProtocol = 'xmlrpc' | 'jsonrpc' | 'json2' | 'auto';

/** `ODOO_PROTOCOL=json2 npx vitest run --project integration` runs every harness on that protocol. */
export const DEFAULT_PROTOCOL: SyncProtocol = (process.env.ODOO_PROTOCOL as SyncProtocol | undefined) ?? 'xmlrpc';

/** An engine and the parts it keeps private, for tests to look inside (and to tamper with). */
export interface EngineInstance {
  engine: Engine;
  store: Store;
  lock: SyncLock;
  odoo: OdooClient;
}

export interface SyncHarness extends EngineInstance {
  backend: Backend;
  protocol: SyncProtocol;
  clock: ManualClock;
  sim: OdooSimulator;
  logs: LogRecord[];
  env: Record<string, string>;
  /** table vs oracle differences (empty = equal) */
  check(): Promise<string[]>;
  /** a second engine on the same database, Odoo and Redis (another instance) */
  openAnotherEngine(): Promise<EngineInstance>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  backend: Backend;
  /** default DEFAULT_PROTOCOL */
  protocol?: SyncProtocol;
  orders?: number;
  linesPerOrder?: number;
  seed?: number;
  start?: string;
  env?: Record<string, string>;
  /** relative frequencies of the simulator's change generator, e.g. `{ delete_order: 0 }` */
  changeWeights?: Partial<Record<ChangeKind, number>>;
}

export async function createSyncHarness(options: HarnessOptions): Promise<SyncHarness> {
  const clock = new ManualClock(options.start ?? '2026-06-01T12:00:00Z');
  const protocol = options.protocol ?? DEFAULT_PROTOCOL;
  const withKey = protocol === 'json2' || protocol === 'auto';
  const sim = await startOdooSimulator({
    serverVersion: withKey ? '19.0' : '16.0',
    apiKey: process.env.ODOO_API_KEY,
    port: 0,
    clock,
    seed: options.seed ?? 7,
    orders: options.orders ?? 60,
    linesPerOrder: options.linesPerOrder ?? 4,
    changes: options.changeWeights ? { weights: options.changeWeights } : undefined,
  });
  const database = options.backend === 'postgres' ? await createTestDatabase('sync') : null;
  const dataDir = await mkdtemp(join(tmpdir(), 'carteira-sync-'));
  const env: Record<string, string> = {
    ODOO_URL: sim.url,
    ODOO_DB: sim.db,
    ODOO_PROTOCOL: protocol,
    // JSON-2 (and auto on Odoo 19) with the API key as the only credential
    ...(withKey ? { ODOO_API_KEY: sim.apiKey } : { ODOO_USER: sim.login, ODOO_PASSWORD: sim.password }),
    ODOO_TIMEOUT_SECONDS: '5',
    CARTEIRA_DATA_DIR: dataDir,
    REDIS_URL,
    SYNC_REDIS_PREFIX: uniqueRedisPrefix('sync'),
    SYNC_BATCH_ORDERS: '20',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  };
  const logs: LogRecord[] = [];
  const open = async (): Promise<EngineInstance> => {
    const parts = await composeEngine(loadConfig(env), { clock, logSink: (record) => logs.push(record) });
    return { engine: await Engine.fromParts(parts), store: parts.store, lock: parts.lock, odoo: parts.odoo };
  };
  const first = await open();
  const { engine } = first;
  const others: Engine[] = [];
  return {
    ...first,
    backend: options.backend,
    protocol,
    clock,
    sim,
    logs,
    env,
    check: async () => diffCarteira(await first.store.listCarteira(), expectedCarteira(sim)),
    openAnotherEngine: async () => {
      const other = await open();
      others.push(other.engine);
      return other;
    },
    close: async () => {
      for (const other of others) await other.close();
      await engine.close();
      await sim.close();
      await database?.drop();
      await deleteRedisKeys(env.SYNC_REDIS_PREFIX);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

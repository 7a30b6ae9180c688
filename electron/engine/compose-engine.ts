/**
 * Builds what an engine is made of from its configuration: the logger (whose records also
 * become engine events), the Odoo simulator in demo mode, the store, the lock and the Odoo
 * client. Kept apart from `Engine` so the engine only orchestrates, and so tests can hold the
 * parts (store, lock, client) that the engine keeps to itself.
 */
import { hostname } from 'node:os';
import { type Clock, systemClock } from './clock';
import type { EngineConfig } from './config';
import { EngineEvents } from './engine-events';
import { createSyncLock, type SyncLock } from './lock';
import { createLogger, type LogRecord, type Logger, type LogSink, stderrSink } from './logger';
import { OdooClient } from './odoo';
import type { OdooSimulator } from './odoo-sim';
import { embeddedDatabaseDir, prepareDataDir } from './data-dir';
import { redactUrl } from './redact-url';
import { openStore, type Store } from './store';
import { pgTarget } from './store/pg-errors';
import { StoreOpenError } from './store/store-open-error';

export interface EngineOptions {
  clock?: Clock;
  /** where log records go besides the engine's `log` events; default JSON lines on stderr */
  logSink?: LogSink;
  /** who this instance is, in the lock value and the audit log */
  owner?: string;
  /**
   * The process this engine stands for, in its runs and lock values (whether it is alive decides
   * dead-holder takeovers); default this process. A host of several engines in one process
   * (the chaos soak) gives each its own, so killing one is seen as a dead process.
   */
  pid?: number;
  /** an already running simulator for demo mode (tests); by default demo mode starts one */
  simulator?: OdooSimulator;
}

export interface EngineParts {
  config: EngineConfig;
  clock: Clock;
  logger: Logger;
  events: EngineEvents;
  store: Store;
  lock: SyncLock;
  odoo: OdooClient;
  /** the Odoo the engine reads, as the status shows it */
  odooTarget: { url: string; db: string; user: string };
  /** the demo simulator, and whether the engine started it (and so stops it) */
  simulator: { instance: OdooSimulator; owned: boolean } | null;
  /** the process named in runs and lock values */
  pid: number;
}

export async function composeEngine(config: EngineConfig, options: EngineOptions = {}): Promise<EngineParts> {
  const clock = options.clock ?? systemClock;
  const demo = config.mode === 'demo';
  // the data dir holds the embedded database and the local lock file: checked before either opens
  if (!config.databaseUrl || config.lockFallback === 'local') await prepareDataDir(config.dataDir);
  const sink = options.logSink ?? stderrSink;
  const events = new EngineEvents();
  const logger = createLogger({
    level: config.logLevel,
    now: () => clock.now(),
    base: demo ? { mode: 'DEMO' } : {},
    sink: (record: LogRecord) => {
      sink(record);
      events.log({ time: record.time, level: record.level, event: record.event, msg: record.msg });
    },
  });

  let simulator: EngineParts['simulator'] = null;
  let connection = config.odoo;
  if (demo) {
    simulator = options.simulator ? { instance: options.simulator, owned: false } : { instance: await startDemoSimulator(config), owned: true };
    const sim = simulator.instance;
    connection = { url: sim.url, db: sim.db, username: sim.login, password: sim.password, apiKey: sim.apiKey };
    logger.info('demo.started', `DEMO: sem ODOO_URL, usando o simulador Odoo em ${sim.url} (banco ${sim.db})`);
  }
  if (!connection) throw new Error('ODOO_URL is not configured');

  let store: Store;
  try {
    store = await openStore({
      databaseUrl: config.databaseUrl ?? undefined,
      pgTimeouts: {
        connectMs: config.pgConnectTimeoutSeconds * 1000,
        statementMs: config.pgStatementTimeoutSeconds * 1000,
        lockMs: config.pgLockTimeoutSeconds * 1000,
        // none of our transactions sits idle longer than a statement may run
        idleInTransactionMs: config.pgStatementTimeoutSeconds * 1000,
      },
      pgliteDir: embeddedDatabaseDir(config.dataDir, config.mode),
      logger,
    });
  } catch (error) {
    if (simulator?.owned) await simulator.instance.close();
    const where = config.databaseUrl
      ? `PostgreSQL at ${redactUrl(config.databaseUrl)} (DATABASE_URL)`
      : `the embedded database in ${config.dataDir} (CARTEIRA_DATA_DIR)`;
    const target = config.databaseUrl ? pgTarget(config.databaseUrl) : embeddedDatabaseDir(config.dataDir, config.mode);
    throw new StoreOpenError(config.databaseUrl ? 'postgres' : 'pglite', target, `cannot open ${where}: ${(error as Error).message}`, { cause: error });
  }
  const lock = createSyncLock({
    redisUrl: config.redisUrl,
    prefix: config.redisPrefix,
    ttlMs: config.lockTimeoutSeconds * 1000,
    fallback: config.lockFallback,
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    fences: store,
    audit: store,
    logger,
    clock,
    owner: options.owner ?? `carteira-sync@${hostname()}:${options.pid ?? process.pid}`,
    pid: options.pid,
    runLookup: (runId) => store.getRun(runId),
    progressTimeoutMs: config.progressTimeoutSeconds * 1000,
  });
  const odoo = new OdooClient({
    url: connection.url,
    db: connection.db,
    username: connection.username,
    password: connection.password,
    apiKey: connection.apiKey,
    protocol: config.odooProtocol,
    timeoutMs: config.odooTimeoutSeconds * 1000,
    onProtocol: (choice) =>
      logger.info('odoo.protocol', `Odoo: protocolo ${choice.protocol} (${choice.reason})`, {
        protocol: choice.protocol,
        serverVersion: choice.serverVersion,
        why: choice.why,
        apiKey: Boolean(connection.apiKey),
      }),
  });
  if (config.odooProtocol !== 'auto') logger.info('odoo.protocol', `Odoo: protocolo ${config.odooProtocol} (ODOO_PROTOCOL)`, { protocol: config.odooProtocol });
  return {
    config,
    clock,
    logger,
    events,
    store,
    lock,
    odoo,
    odooTarget: { url: redactUrl(connection.url), db: connection.db, user: connection.username },
    simulator,
    pid: options.pid ?? process.pid,
  };
}

async function startDemoSimulator(config: EngineConfig): Promise<OdooSimulator> {
  const { startOdooSimulator } = await import('./odoo-sim');
  const simulator = await startOdooSimulator({
    port: 0,
    seed: config.demo.seed,
    orders: config.demo.orders,
    linesPerOrder: config.demo.linesPerOrder,
    serverVersion: '19.0', // so `auto` shows the demo on JSON-2
  });
  if (config.demo.changesPerMinute > 0) simulator.changes.start(config.demo.changesPerMinute);
  return simulator;
}

import type { HealthThresholds } from '../../../shared/engine-types';

/** The engine's validated configuration (see load-config.ts for where each value comes from). */
import type { LogLevel } from '../logger';

export type LockFallback = 'postgres' | 'local' | 'none';

/** ODOO_PROTOCOL: `auto` asks the server once (JSON-2 on Odoo ≥ 19 with an API key, else JSON-RPC, else XML-RPC). */
export type OdooProtocolSetting = 'auto' | 'xmlrpc' | 'jsonrpc' | 'json2';

export interface OdooConnection {
  url: string;
  db: string;
  /** '' when only an API key is configured (JSON-2 needs no login) */
  username: string;
  /** password or API key; '' when absent (the RPC protocols then use `apiKey`); never logged */
  password: string;
  /** ODOO_API_KEY, when set: JSON-2's only credential; never logged */
  apiKey?: string;
}

export interface EngineConfig {
  /** `demo` when ODOO_URL is absent: the engine starts the Odoo simulator with a change generator */
  mode: 'odoo' | 'demo';
  odoo: OdooConnection | null;
  odooTimeoutSeconds: number;
  /** ODOO_PROTOCOL, default `auto` */
  odooProtocol: OdooProtocolSetting;
  /** null → embedded PGlite under `dataDir` */
  databaseUrl: string | null;
  dataDir: string;
  /** null → no Redis: the lock uses `lockFallback` */
  redisUrl: string | null;
  redisPrefix: string;
  intervalMinutes: number;
  windowMinutes: number;
  lockTimeoutSeconds: number;
  lockFallback: LockFallback;
  maxCatchUpHours: number;
  minIntervalMinutes: number;
  /** first load takes orders changed since then; null → all orders */
  initialSince: Date | null;
  /** hour of day (UTC) of the daily reconciliation; null → none */
  reconcileHourUtc: number | null;
  /** how far back reconciliation re-reads line write_dates (late commits beyond the overlap) */
  reconcileLookbackHours: number;
  /** a run may deactivate by absence (orders or lines missing from Odoo's answer) at most this share of the active carteira without an operator's confirmation */
  reconcileMaxDeactivatePercent: number;
  /** on stop, how long the current run may go on before it is asked to abort */
  stopGraceSeconds: number;
  /** PG_CONNECT_TIMEOUT_SECONDS: connecting to PostgreSQL (and waiting for a pooled connection) */
  pgConnectTimeoutSeconds: number;
  /** PG_STATEMENT_TIMEOUT_SECONDS: the server's statement_timeout (and idle_in_transaction_session_timeout) on our sessions; the client gives up 5 s later */
  pgStatementTimeoutSeconds: number;
  /** PG_LOCK_TIMEOUT_SECONDS: the server's lock_timeout on our sessions (a row another session holds) */
  pgLockTimeoutSeconds: number;
  /** SYNC_PROGRESS_TIMEOUT_SECONDS: a run with no answer from Odoo or PostgreSQL for this long is stuck: its lock is released, the run aborted */
  progressTimeoutSeconds: number;
  /** when set, the headless console's API requires it (`Authorization: Bearer …`) */
  consoleToken: string | null;
  /** origin of a TLS proxy in front of the headless console (`https://console.example.com`); null → none */
  consoleOrigin: string | null;
  /** LOG_LEVEL: records below it are dropped */
  logLevel: LogLevel;
  /** orders per write transaction */
  batchOrders: number;
  /** SYNC_MAX_ORDERS_PER_RUN: the most orders one run may read; past it the run fails with a message instead of reading until memory runs out */
  maxOrdersPerRun: number;
  /** SYNC_ODOO_PARALLEL_READS: search_read calls one run keeps in flight at once (bounded: a server's workers are few) */
  odooParallelReads: number;
  /** thresholds of the health verdict (HEALTH_* settings; shared/health.ts) */
  health: HealthThresholds;
  demo: { orders: number; linesPerOrder: number; changesPerMinute: number; seed: number };
}

/** The late-commit budget: how far before the watermark each scheduled run starts. */
export function overlapMinutes(config: Pick<EngineConfig, 'windowMinutes' | 'intervalMinutes'>): number {
  return config.windowMinutes - config.intervalMinutes;
}

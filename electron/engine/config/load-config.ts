/**
 * Reads the configuration from environment variables (DESIGN.md names) and, optionally, a
 * JSON file with the same names as keys (`CARTEIRA_CONFIG_FILE`; the environment wins).
 * Every problem is reported at once, one line each, saying what is wrong and why.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { LOG_LEVELS } from '../logger';
import type { EngineConfig, LockFallback, OdooConnection, OdooProtocolSetting } from './config';
import { defaultProgressTimeoutSeconds, longestSingleWaitSeconds } from './progress-timeout';

export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    options?: ErrorOptions,
  ) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`, options);
    this.name = 'ConfigError';
  }
}

export type ConfigSource = Record<string, string | undefined>;

/** `now` bounds SYNC_INITIAL_SINCE (no future date); the caller's clock in tests. */
export function loadConfig(env: ConfigSource = process.env, now: Date = new Date()): EngineConfig {
  const problems: string[] = [];
  /** errors behind problems (the config file's read or parse error), kept as the ConfigError's cause */
  const causes: unknown[] = [];
  const source = { ...readConfigFile(env.CARTEIRA_CONFIG_FILE, problems, causes), ...definedOnly(env) };
  const read = new Reader(source, problems);

  const odooUrl = read.url('ODOO_URL');
  const odooProtocol = read.choice('ODOO_PROTOCOL', ['auto', 'xmlrpc', 'jsonrpc', 'json2'] as const, 'auto');
  const odoo = odooUrl ? odooConnection(odooUrl, odooProtocol, source, problems) : null;
  if (source.ODOO_URL === undefined) {
    const stray = ['ODOO_DB', 'ODOO_USER', 'ODOO_API_KEY'].filter((name) => source[name]);
    if (stray.length > 0) problems.push(`${stray.join(', ')} set without ODOO_URL: set ODOO_URL too, or unset them to run in demo mode`);
  }

  const databaseUrl = read.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = read.url('REDIS_URL', ['redis:', 'rediss:']) ?? legacyRedisUrl(read);
  const intervalMinutes = read.integer('SYNC_INTERVAL_MINUTES', 30, 1, 24 * 60);
  const windowMinutes = read.integer('SYNC_WINDOW_MINUTES', 40, 1, 7 * 24 * 60);
  const lockTimeoutSeconds = read.integer('SYNC_LOCK_TIMEOUT_SECONDS', 1500, 10, 24 * 3600);
  const fallbackDefault: LockFallback = databaseUrl ? 'postgres' : 'local';
  const lockFallback = read.choice('SYNC_LOCK_FALLBACK', ['postgres', 'local', 'none'] as const, fallbackDefault);

  if (windowMinutes <= intervalMinutes) {
    problems.push(
      `SYNC_WINDOW_MINUTES (${windowMinutes}) must be greater than SYNC_INTERVAL_MINUTES (${intervalMinutes}): changes between two runs would never be fetched`,
    );
  }
  if (lockTimeoutSeconds >= intervalMinutes * 60) {
    problems.push(
      `SYNC_LOCK_TIMEOUT_SECONDS (${lockTimeoutSeconds}) must be less than SYNC_INTERVAL_MINUTES × 60 (${intervalMinutes * 60}): a stuck lock would block the next scheduled run`,
    );
  }
  if (lockFallback === 'postgres' && !databaseUrl) {
    problems.push('SYNC_LOCK_FALLBACK=postgres needs DATABASE_URL: the embedded database cannot be shared between instances');
  }

  const odooTimeoutSeconds = read.integer('ODOO_TIMEOUT_SECONDS', 120, 1, 3600);
  const waits = {
    odooTimeoutSeconds,
    pgConnectTimeoutSeconds: read.integer('PG_CONNECT_TIMEOUT_SECONDS', 10, 1, 300),
    pgStatementTimeoutSeconds: read.integer('PG_STATEMENT_TIMEOUT_SECONDS', 300, 1, 24 * 3600),
  };
  // a statement timeout set below 30 s bounds the lock wait as well
  const pgLockTimeoutSeconds = read.integer('PG_LOCK_TIMEOUT_SECONDS', Math.min(30, waits.pgStatementTimeoutSeconds), 1, 3600);
  const progressTimeoutSeconds = read.integer('SYNC_PROGRESS_TIMEOUT_SECONDS', defaultProgressTimeoutSeconds(waits), 10, 7 * 24 * 3600);
  if (pgLockTimeoutSeconds > waits.pgStatementTimeoutSeconds) {
    problems.push(
      `PG_LOCK_TIMEOUT_SECONDS (${pgLockTimeoutSeconds}) must not exceed PG_STATEMENT_TIMEOUT_SECONDS (${waits.pgStatementTimeoutSeconds}): the statement timeout would always end the wait first`,
    );
  }
  if (progressTimeoutSeconds <= longestSingleWaitSeconds(waits)) {
    problems.push(
      `SYNC_PROGRESS_TIMEOUT_SECONDS (${progressTimeoutSeconds}) must be greater than ${longestSingleWaitSeconds(waits)}, the longest a working run may wait for one answer ` +
        `(an Odoo call tried 4 times with ODOO_TIMEOUT_SECONDS=${odooTimeoutSeconds}, or a statement with PG_STATEMENT_TIMEOUT_SECONDS=${waits.pgStatementTimeoutSeconds}): slow runs would be aborted`,
    );
  }

  const config: EngineConfig = {
    mode: odooUrl ? 'odoo' : 'demo',
    odoo,
    odooProtocol,
    databaseUrl,
    dataDir: resolve(source.CARTEIRA_DATA_DIR ?? join(homedir(), '.carteira-sync')),
    redisUrl,
    redisPrefix: source.SYNC_REDIS_PREFIX ?? 'carteira:sync:incremental',
    intervalMinutes,
    windowMinutes,
    lockTimeoutSeconds,
    lockFallback,
    maxCatchUpHours: read.integer('SYNC_MAX_CATCHUP_HOURS', 72, 1, 24 * 365),
    minIntervalMinutes: read.integer('SYNC_MIN_INTERVAL_MINUTES', 5, 0, 24 * 60),
    initialSince: read.pastDate('SYNC_INITIAL_SINCE', now),
    reconcileHourUtc: read.switchableInteger('SYNC_RECONCILE_HOUR', 3, 0, 23),
    reconcileLookbackHours: read.integer('SYNC_RECONCILE_LOOKBACK_HOURS', 48, 1, 24 * 365),
    reconcileMaxDeactivatePercent: read.integer('SYNC_RECONCILE_MAX_DEACTIVATE_PERCENT', 20, 0, 100),
    stopGraceSeconds: read.integer('SYNC_STOP_GRACE_SECONDS', 30, 0, 3600),
    ...waits, // odooTimeoutSeconds and the PostgreSQL connect and statement timeouts
    pgLockTimeoutSeconds,
    progressTimeoutSeconds,
    consoleToken: read.secret('CONSOLE_TOKEN', 16),
    consoleOrigin: read.origin('CONSOLE_ORIGIN'),
    logLevel: read.choice('LOG_LEVEL', LOG_LEVELS, 'info'),
    batchOrders: read.integer('SYNC_BATCH_ORDERS', 500, 1, 10_000),
    maxOrdersPerRun: read.integer('SYNC_MAX_ORDERS_PER_RUN', 1_000_000, 100, 100_000_000),
    odooParallelReads: read.integer('SYNC_ODOO_PARALLEL_READS', 2, 1, 8),
    health: {
      sinceSuccessWarnFactor: read.integer('HEALTH_SINCE_SUCCESS_WARN_PERCENT', 150, 100, 10_000) / 100,
      maxRunMinutes: read.integer('HEALTH_MAX_RUN_MINUTES', 5, 1, 24 * 60),
      failuresCritical: read.integer('HEALTH_FAILURES_CRITICAL', 2, 1, 1000),
      zeroOrderRuns: read.integer('HEALTH_ZERO_ORDER_RUNS', 3, 1, 1000),
    },
    demo: {
      orders: read.integer('DEMO_ORDERS', 500, 1, 1_000_000),
      linesPerOrder: read.integer('DEMO_LINES_PER_ORDER', 6, 1, 1000),
      changesPerMinute: read.integer('DEMO_CHANGES_PER_MINUTE', 30, 0, 100_000),
      seed: read.integer('DEMO_SEED', 42, 0, 2 ** 31),
    },
  };
  if (config.minIntervalMinutes >= intervalMinutes) {
    problems.push(
      `SYNC_MIN_INTERVAL_MINUTES (${config.minIntervalMinutes}) must be less than SYNC_INTERVAL_MINUTES (${intervalMinutes}): every scheduled run would be refused`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems, causes.length > 0 ? { cause: causes[0] } : undefined);
  return config;
}

/**
 * The credentials each protocol needs: JSON-2 only ODOO_API_KEY; XML-RPC and JSON-RPC a login
 * (ODOO_USER) and ODOO_PASSWORD, or the API key in its place; `auto` with an API key may end on
 * JSON-2, so it needs no login up front (the client says so if the server turns out older than 19).
 */
function odooConnection(url: string, protocol: OdooProtocolSetting, source: ConfigSource, problems: string[]): OdooConnection | null {
  const apiKey = source.ODOO_API_KEY;
  const required = ['ODOO_DB'];
  if (protocol === 'json2') {
    if (!apiKey) problems.push('ODOO_PROTOCOL=json2 needs ODOO_API_KEY (JSON-2 authenticates with an API key only)');
  } else if (protocol !== 'auto' || !apiKey) {
    required.push('ODOO_USER');
    if (!apiKey) required.push('ODOO_PASSWORD');
  }
  const missing = required.filter((name) => !source[name]);
  if (missing.length > 0) {
    problems.push(`${missing.join(', ')} must be set when ODOO_URL is set`);
    return null;
  }
  return { url, db: source.ODOO_DB!, username: source.ODOO_USER ?? '', password: source.ODOO_PASSWORD ?? '', ...(apiKey ? { apiKey } : {}) };
}

function legacyRedisUrl(read: Reader): string | null {
  const host = read.raw('REDIS_HOST');
  if (!host) return null;
  const port = read.integer('REDIS_PORT', 6379, 1, 65535);
  const db = read.integer('REDIS_DB', 0, 0, 15);
  return `redis://${host}:${port}/${db}`;
}

function readConfigFile(path: string | undefined, problems: string[], causes: unknown[]): ConfigSource {
  if (!path) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      problems.push(`CARTEIRA_CONFIG_FILE (${path}) must hold a JSON object of NAME: value`);
      return {};
    }
    return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, value == null ? undefined : String(value)]));
  } catch (error) {
    problems.push(`CARTEIRA_CONFIG_FILE (${path}) could not be read: ${(error as Error).message}`);
    causes.push(error);
    return {};
  }
}

function definedOnly(env: ConfigSource): ConfigSource {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

/** Typed reads of one variable each, collecting a problem instead of throwing. */
class Reader {
  constructor(
    private readonly source: ConfigSource,
    private readonly problems: string[],
  ) {}

  raw(name: string): string | undefined {
    return this.source[name];
  }

  /** Only settings documented as switchable take `off`/`none` (→ null); see `integer`. */
  switchableInteger(name: string, fallback: number, min: number, max: number): number | null {
    const value = this.source[name];
    if (value === 'none' || value === 'off') return null;
    return this.integer(name, fallback, min, max);
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.source[name];
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value.trim())) {
      this.problems.push(`${name} (${value}) must be a whole number`);
      return fallback;
    }
    const parsed = Number(value);
    if (parsed < min || parsed > max) {
      this.problems.push(`${name} (${parsed}) must be between ${min} and ${max}`);
      return fallback;
    }
    return parsed;
  }

  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const value = this.source[name];
    if (value === undefined) return fallback;
    if ((choices as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name} (${value}) must be one of ${choices.join(', ')}`);
    return fallback;
  }

  url(name: string, protocols: string[] = ['http:', 'https:']): string | null {
    const value = this.source[name];
    if (value === undefined) return null;
    try {
      const url = new URL(value);
      if (protocols.includes(url.protocol)) return value.replace(/\/+$/, '');
      this.problems.push(this.schemeProblem(name, value, protocols));
    } catch {
      this.problems.push(value.includes('://') ? `${name} is not a valid URL` : this.schemeProblem(name, value, protocols));
    }
    return null;
  }

  /** `host:8069` parses as a URL of scheme `host:`: say which schemes, with the value as an example when it carries no credentials. */
  private schemeProblem(name: string, value: string, protocols: string[]): string {
    const schemes = protocols.map((p) => `${p}//`).join(' or ');
    if (value.includes('://')) return `${name} must start with ${schemes} (got ${value.slice(0, value.indexOf('://'))}://…)`;
    const example = /^[\w.-]+(:\d+)?(\/[\w./-]*)?$/.test(value) ? value : 'host:port';
    return `${name} must start with ${schemes} (e.g. ${protocols[0]}//${example})`;
  }

  /** `scheme://host[:port]` and nothing more (what a browser sends as Origin). */
  origin(name: string): string | null {
    const value = this.source[name];
    if (value === undefined) return null;
    try {
      const url = new URL(value);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/$/, '')) return url.origin;
    } catch {
      // reported below
    }
    this.problems.push(`${name} (${value}) must be an origin such as https://console.example.com (scheme, host and port only)`);
    return null;
  }

  /** A secret of at least `minLength` characters; its value never appears in a problem. */
  secret(name: string, minLength: number): string | null {
    const value = this.source[name];
    if (value === undefined) return null;
    if (value.length < minLength) {
      this.problems.push(`${name} must be at least ${minLength} characters long (it guards the console's API)`);
      return null;
    }
    // What an Authorization header carries unchanged from any client: a space at either end is
    // trimmed on the way, and bytes beyond ASCII arrive as UTF-8 from one client and Latin-1 from another.
    if (!/^[\x21-\x7e]+$/.test(value)) {
      this.problems.push(
        `${name} must be visible ASCII characters only (letters, digits, punctuation), without spaces or accents: such a token could never be sent back (e.g. openssl rand -hex 24)`,
      );
      return null;
    }
    return value;
  }

  /**
   * An ISO date or time that the calendar has (2026-02-31 is refused, not read as 3 March) and
   * that is not in the future: a start later than now reads nothing and reports success. A day's
   * margin lets a date typed in a time zone ahead of UTC pass (a date alone is UTC midnight).
   */
  pastDate(name: string, now: Date): Date | null {
    const value = this.source[name];
    if (value === undefined) return null;
    const parts = ISO_DATE_TIME.exec(value);
    if (parts && !isRealDateTime(parts)) {
      this.problems.push(`${name} (${value}) is not a real ${parts[4] === undefined ? 'date' : 'date and time'}: check the day of the month and the hours`);
      return null;
    }
    const date = new Date(value);
    if (!parts || Number.isNaN(date.getTime())) {
      this.problems.push(`${name} (${value}) must be an ISO date or time, e.g. 2026-01-01 or 2026-01-01T00:00:00Z`);
      return null;
    }
    if (date.getTime() > now.getTime() + FUTURE_MARGIN_MS) {
      this.problems.push(
        `${name} (${value}) is in the future (now is ${now.toISOString()}): the first load would read nothing and report success; give the date from which to load`,
      );
      return null;
    }
    return date;
  }
}

/** `YYYY-MM-DD`, optionally with a time (`T` or a space), seconds, a fraction and an offset. */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const FUTURE_MARGIN_MS = 24 * 3600_000;

function isRealDateTime(parts: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map((part) => (part === undefined ? 0 : Number(part)));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
}

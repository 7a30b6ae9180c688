/**
 * "Testar conexão" of the desktop settings: the real check of one section (Odoo, PostgreSQL,
 * Redis) with the values given, in one line. The configuration is validated first exactly as
 * the CLI validates the environment, and only that section's problems are reported.
 */
import pg from 'pg';
import { Redis } from 'ioredis';
import type { ConnectionTestResult, TestableSection } from '../../shared/desktop-settings';
import { SETTINGS_SECTIONS } from '../../shared/desktop-settings';
import { ConfigError, loadConfig, type ConfigSource, type EngineConfig } from './config';
import { OdooClient, type ProtocolChoice } from './odoo';
import { redactUrl } from './redact-url';

const TIMEOUT_MS = 10_000;

export async function testConnection(section: TestableSection, source: ConfigSource): Promise<ConnectionTestResult> {
  let config: EngineConfig;
  try {
    config = loadConfig(source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const names: readonly string[] = SETTINGS_SECTIONS[section];
    const mine = error.problems.filter((problem) => names.some((name) => problem.includes(name)));
    // Another section's problem does not stop this test only when this section has none.
    if (mine.length > 0) return { ok: false, message: mine.join('; ') };
    config = loadConfig({ ...source, ...neutralOthers(section) });
  }
  try {
    return await withTimeout(check(section, config), `${section}: no answer within ${TIMEOUT_MS / 1000} s`);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** The other sections replaced by their defaults, so that this one can be checked alone. */
function neutralOthers(section: TestableSection): ConfigSource {
  const neutral: ConfigSource = {};
  for (const [other, names] of Object.entries(SETTINGS_SECTIONS)) if (other !== section) for (const name of names) neutral[name] = undefined;
  return neutral;
}

async function check(section: TestableSection, config: EngineConfig): Promise<ConnectionTestResult> {
  switch (section) {
    case 'postgres': {
      if (!config.databaseUrl) return { ok: true, message: `no DATABASE_URL: the embedded database (PGlite) under ${config.dataDir}` };
      const client = new pg.Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: TIMEOUT_MS });
      // A connection cut after connecting is emitted as 'error': unhandled, it would crash the main process (the query's rejection says it).
      client.on('error', () => undefined);
      try {
        await client.connect();
        const { rows } = await client.query<{ version: string }>("select current_setting('server_version') as version");
        return { ok: true, message: `PostgreSQL ${rows[0].version} at ${redactUrl(config.databaseUrl)}` };
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    case 'redis': {
      if (!config.redisUrl) return { ok: true, message: `no REDIS_URL: the lock uses the ${config.lockFallback} fallback` };
      const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: TIMEOUT_MS, retryStrategy: () => null });
      redis.on('error', () => undefined); // the command's rejection says it; unhandled, it would crash the main process
      try {
        await redis.connect();
        const pong = await redis.ping();
        const info = await redis.info('server');
        const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
        return { ok: pong === 'PONG', message: `Redis ${version} at ${redactUrl(config.redisUrl)}: ${pong}` };
      } finally {
        redis.disconnect();
      }
    }
    case 'odoo': {
      if (!config.odoo) return { ok: true, message: 'no ODOO_URL: demo mode (the Odoo simulator)' };
      const { url, db, username, password, apiKey } = config.odoo;
      // The engine's own client and probe (`auto` chooses as a run would), so the test says what a run will do.
      let choice: ProtocolChoice | null = null;
      const client = new OdooClient({
        url,
        db,
        username,
        password,
        apiKey,
        protocol: config.odooProtocol,
        timeoutMs: TIMEOUT_MS,
        onProtocol: (chosen) => (choice = chosen),
      });
      try {
        const version = await client.version();
        const orders = await client.searchCount('sale.order', []);
        const why = (choice as ProtocolChoice | null)?.reason ?? 'ODOO_PROTOCOL';
        return {
          ok: true,
          message: `Odoo ${version.server_version} em ${redactUrl(url)}, banco ${db}, protocolo ${client.protocol} (${why}): ${orders} pedidos de venda visíveis`,
        };
      } finally {
        client.close();
      }
    }
  }
}

function withTimeout<T>(work: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), TIMEOUT_MS + 1000)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

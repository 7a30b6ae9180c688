/**
 * "Testar conexão" of the desktop settings: the real check of one section (Odoo, PostgreSQL,
 * Redis) with the values given, in one line. The configuration is validated first exactly as
 * the CLI validates the environment, and only that section's problems are reported.
 */
import pg from 'pg';
import { Redis } from 'ioredis';
import type { ConnectionTestResult, TestableSection } from '../../shared/desktop-settings';
import { SETTINGS_SECTIONS } from '../../shared/desktop-settings';
import { causeLine } from '../../shared/failure-text';
import { messages } from '../../shared/messages';
import { classifyFailure, failureTargets } from './classify-failure';
import { ConfigError, loadConfig, type ConfigSource, type EngineConfig } from './config';
import { BackendUnreachableError, RedisRefusedError } from './lock/types';
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
    return await withTimeout(check(section, config), `${SECTION_NAMES[section]}: sem resposta em ${TIMEOUT_MS / 1000} s`);
  } catch (error) {
    return { ok: false, message: failureMessage(section, config, error) };
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
      if (!config.databaseUrl) return { ok: true, message: `sem DATABASE_URL: o banco embutido (PGlite) em ${config.dataDir}` };
      const client = new pg.Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: TIMEOUT_MS });
      // A connection cut after connecting is emitted as 'error': unhandled, it would crash the main process (the query's rejection says it).
      client.on('error', () => undefined);
      try {
        await client.connect();
        const { rows } = await client.query<{ version: string }>("select current_setting('server_version') as version");
        return { ok: true, message: `PostgreSQL ${rows[0].version} em ${redactUrl(config.databaseUrl)}` };
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    case 'redis': {
      if (!config.redisUrl) return { ok: true, message: `sem REDIS_URL: o lock usa o fallback ${config.lockFallback}` };
      const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: TIMEOUT_MS, retryStrategy: () => null });
      redis.on('error', () => undefined); // the command's rejection says it; unhandled, it would crash the main process
      try {
        await redis.connect();
        const pong = await redis.ping();
        const info = await redis.info('server');
        const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
        const answered = pong === 'PONG' ? 'respondeu ao PING' : `respondeu ${JSON.stringify(pong)} ao PING, não PONG`;
        return { ok: pong === 'PONG', message: `Redis ${version} em ${redactUrl(config.redisUrl)}: ${answered}` };
      } finally {
        redis.disconnect();
      }
    }
    case 'odoo': {
      if (!config.odoo) return { ok: true, message: 'sem ODOO_URL: modo demonstração (o simulador do Odoo)' };
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

const SECTION_NAMES: Record<TestableSection, string> = { odoo: 'Odoo', postgres: 'PostgreSQL', redis: 'Redis' };

/**
 * A failed check in the operator's words (issue 18.4): the cause in pt-BR and what to do, as a run's
 * failure says it (classify-failure.ts, the catalogue), then the error's own text.
 */
function failureMessage(section: TestableSection, config: EngineConfig, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  // a bare socket error from ioredis would read as the store's: say it is Redis's
  const located =
    section === 'redis' && !(error instanceof Error && error.message.includes('sem resposta'))
      ? REDIS_REFUSAL.test(raw)
        ? new RedisRefusedError(raw, { cause: error })
        : new BackendUnreachableError('redis', error)
      : error;
  const cause = classifyFailure(located, failureTargets(config));
  return cause.code === 'unknown' ? `Falhou: ${raw}` : `${causeLine(cause, messages['pt-BR'])} (${raw})`;
}

const REDIS_REFUSAL = /WRONGPASS|NOAUTH|NOPERM|invalid password|DB index is out of range|AUTH.*without any password/i;

function withTimeout<T>(work: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), TIMEOUT_MS + 1000)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Issue 18.2 through the real CLI, as an operator meets it: a run that fails records its cause in
 * sync_runs (cause, cause_target) and `run` says it in pt-BR with what to do, the engine's text
 * after it as technical details; the runbook's "Erro na sincronização:" log line says it too. A
 * door that cannot start says its cause in one pt-BR line: the CLI on a PostgreSQL database that
 * does not exist or a role PostgreSQL does not know, `serve` on a port in use (exit 1).
 */
import net, { type AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOdooSimulator, type OdooSimulator } from '../../../electron/engine/odoo-sim';
import { runCli } from '../../support/cli-process';
import { closedPort } from '../../support/closed-port';
import { POSTGRES_ADMIN_URL, REDIS_URL, createTestDatabase, deleteRedisKeys, uniqueRedisPrefix } from '../../support/services';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let sim: OdooSimulator;
const prefix = uniqueRedisPrefix('cause');

beforeAll(async () => {
  database = await createTestDatabase('cause');
  sim = await startOdooSimulator({ port: 0, seed: 5, orders: 4, linesPerOrder: 2, serverVersion: '19.0' });
});

afterAll(async () => {
  await sim?.close();
  await database?.drop();
  await deleteRedisKeys(prefix);
});

/** A configuration on the test PostgreSQL database and Redis, against the simulator unless overridden. */
function env(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ODOO_URL: sim.url,
    ODOO_DB: sim.db,
    ODOO_USER: sim.login,
    ODOO_PASSWORD: sim.password,
    ODOO_TIMEOUT_SECONDS: '5',
    DATABASE_URL: database.url,
    REDIS_URL,
    SYNC_REDIS_PREFIX: prefix,
    CARTEIRA_DATA_DIR: '/tmp',
    LOG_LEVEL: 'info',
    ...overrides,
  };
}

/** The newest run as stored. */
async function newestRun(): Promise<{ status: string; problem: string | null; cause: string | null; cause_target: string | null; error: string | null }> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT status, problem, cause, cause_target, error FROM sync_runs ORDER BY id DESC LIMIT 1');
    return rows[0];
  } finally {
    await client.end();
  }
}

/** The runbook's error line among the JSON log lines on stderr. */
function failedLine(stderr: string): { msg: string; cause?: string; causeTarget?: string } | undefined {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { event: string; msg: string; cause?: string; causeTarget?: string })
    .find((line) => line.event === 'sync.failed');
}

describe('a run that fails says why, recorded and in pt-BR', () => {
  it('Odoo refusing the connection (nothing listens on ODOO_URL)', { timeout: 60_000 }, async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await runCli(['run'], env({ ODOO_URL: url }));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain(`Odoo inacessível: conexão recusada em ${url}. Verifique ODOO_URL (endereço e porta) e se o Odoo está no ar.`);
    // the engine's own text after it, as technical details
    expect(result.stdout).toMatch(/detalhes técnicos: .*ECONNREFUSED/);
    expect(result.stdout.indexOf('Odoo inacessível')).toBeLessThan(result.stdout.indexOf('ECONNREFUSED'));
    expect(await newestRun()).toMatchObject({ status: 'failed', problem: 'failed', cause: 'odooConnectionRefused', cause_target: url });
    const line = failedLine(result.stderr);
    expect(line?.msg).toMatch(/^Erro na sincronização: Odoo inacessível: conexão recusada em /);
    expect(line).toMatchObject({ cause: 'odooConnectionRefused', causeTarget: url });
    // and `status` lists it with its cause
    const status = await runCli(['status'], env({ ODOO_URL: url }));
    expect(status.stdout).toContain(`Odoo inacessível: conexão recusada em ${url}.`);
  });

  it('Odoo under a name that does not exist (DNS)', { timeout: 60_000 }, async () => {
    const result = await runCli(['run'], env({ ODOO_URL: 'http://carteira-odoo.invalid:8069' }));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('Odoo inacessível: o nome do servidor em http://carteira-odoo.invalid:8069 não foi encontrado (DNS).');
    expect(result.stdout).toContain('Verifique o endereço em ODOO_URL e o DNS desta máquina.');
    expect(await newestRun()).toMatchObject({ status: 'failed', cause: 'odooDns', cause_target: 'http://carteira-odoo.invalid:8069' });
  });

  it('a wrong API key (JSON-2)', { timeout: 60_000 }, async () => {
    const result = await runCli(['run'], env({ ODOO_PROTOCOL: 'json2', ODOO_API_KEY: 'chave-errada', ODOO_USER: '', ODOO_PASSWORD: '' }));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain(`O Odoo em ${sim.url} recusou o login: usuário, senha ou chave de API.`);
    expect(result.stdout).toContain('ODOO_API_KEY');
    expect(await newestRun()).toMatchObject({ status: 'failed', cause: 'odooLoginRefused', cause_target: sim.url });
  });

  it('an Odoo database that does not exist (ODOO_DB)', { timeout: 60_000 }, async () => {
    const result = await runCli(['run'], env({ ODOO_DB: 'carteira_nao_existe' }));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('O Odoo não tem o banco de dados carteira_nao_existe. Verifique ODOO_DB');
    expect(await newestRun()).toMatchObject({ status: 'failed', cause: 'odooDatabaseNotFound', cause_target: 'carteira_nao_existe' });
  });

  it('Redis refusing the password (WRONGPASS): a failed run, no fallback', { timeout: 60_000 }, async () => {
    const redis = new URL(REDIS_URL);
    redis.username = 'ninguem';
    redis.password = 'senha-errada';
    const result = await runCli(['run'], env({ REDIS_URL: redis.toString() }));
    expect(result.code, result.stderr).toBe(1);
    const where = `${redis.hostname}:${redis.port || 6379}${redis.pathname === '/' ? '' : redis.pathname}`;
    expect(result.stdout).toContain(`O Redis em ${where} recusou a autenticação (senha ou usuário). Verifique a senha (e o usuário) em REDIS_URL.`);
    expect(result.stdout).not.toContain('senha-errada');
    expect(await newestRun()).toMatchObject({ status: 'failed', cause: 'redisAuth', cause_target: where });
  });
});

describe('a door that cannot start says why, in pt-BR', () => {
  it('the CLI on a PostgreSQL database that does not exist', { timeout: 60_000 }, async () => {
    const missing = database.url.replace(/\/[^/]+$/, '/carteira_nao_existe');
    const target = `${new URL(missing).hostname}:${new URL(missing).port || 5432}/carteira_nao_existe`;
    const result = await runCli(['run'], env({ DATABASE_URL: missing }));
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('{'));
    expect(lines[0]).toBe(`Erro: O banco de dados PostgreSQL ${target} não existe. Crie o banco (createdb) ou corrija o nome em DATABASE_URL.`);
    expect(lines[1]).toMatch(/^Detalhes técnicos: cannot open PostgreSQL .*carteira_nao_existe/);
  });

  it('the CLI as a role PostgreSQL does not know', { timeout: 60_000 }, async () => {
    const url = new URL(POSTGRES_ADMIN_URL);
    url.username = 'ninguem_carteira';
    const result = await runCli(['status'], env({ DATABASE_URL: url.toString() }));
    expect(result.code).toBe(3); // status: UNKNOWN to a monitoring check
    expect(result.stderr).toContain(`Erro: O PostgreSQL em ${url.hostname}:${url.port || 5432}${url.pathname} recusou o usuário ou a senha.`);
  });

  it('serve on a port in use: one clear line, exit 1', { timeout: 60_000 }, async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = await runCli(['serve', '--port', String(port)], env());
      expect(result.code).toBe(1);
      const lines = result.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('{'));
      expect(lines[0]).toBe(
        `Erro: O endereço 127.0.0.1:${port} já está em uso por outro processo. Pare o outro processo (outro serve ou npm start?) ou escolha outra porta com --port.`,
      );
      expect(lines[1]).toMatch(/^Detalhes técnicos: listen EADDRINUSE/);
      expect(lines).toHaveLength(2);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});

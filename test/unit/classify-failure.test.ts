/**
 * Issue 18.2: a failure names its cause. One case per cause, each with the error the engine really
 * meets: made for real where that is cheap without a network service (a closed loopback port, a
 * server that never answers, a TLS handshake with a plain server, a name under `.invalid`, a port
 * taken twice, the Odoo simulator refusing a password, a database, a right), else built with the
 * classes the engine throws (the store's wait errors, node-postgres's `DatabaseError`, ioredis's
 * `ReplyError` inside the lock's `RedisRefusedError`). The integration tests meet the PostgreSQL
 * and Redis ones on the real services (test/integration/sync/failure-cause.test.ts).
 */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { ReplyError } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { causeLine } from '../../shared/failure-text';
import { messages } from '../../shared/messages';
import { classifyFailure, failureTargets, type FailureTargets } from '../../electron/engine/classify-failure';
import { BackendUnreachableError, LockUnavailableError, RedisRefusedError } from '../../electron/engine/lock/types';
import { OdooClient, type OdooProtocolSetting } from '../../electron/engine/odoo';
import { OdooReadBoundExceeded } from '../../electron/engine/odoo/paging';
import { startOdooSimulator, type OdooSimulator } from '../../electron/engine/odoo-sim';
import { DEFAULT_PG_TIMEOUTS } from '../../electron/engine/store/pg-timeouts';
import { cancelled, connectTimeout, idleInTransactionTimeout, lockTimeout, noAnswer, statementTimeout } from '../../electron/engine/store/pg-errors';
import { DatabaseInUseError } from '../../electron/engine/store/pglite-dir-guard';
import { StoreOpenError } from '../../electron/engine/store/store-open-error';
import { closedPort } from '../support/closed-port';

const ONCE = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };
const TARGETS: FailureTargets = { odoo: 'http://odoo.example:8069', database: 'db.example:5432/carteira', redis: 'redis.example:6379/0' };

/** The error a promise rejects with (it must reject). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

async function listening(server: net.Server | http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const servers: (net.Server | http.Server)[] = [];
async function serve(server: net.Server | http.Server): Promise<string> {
  servers.push(server);
  return `http://127.0.0.1:${await listening(server)}`;
}

function odoo(url: string, options: { protocol?: OdooProtocolSetting; password?: string; db?: string; apiKey?: string; timeoutMs?: number } = {}) {
  return new OdooClient({
    url,
    db: options.db ?? 'carteira',
    username: 'admin',
    password: options.password ?? 'admin',
    apiKey: options.apiKey,
    protocol: options.protocol ?? 'jsonrpc',
    timeoutMs: options.timeoutMs ?? 5_000,
    retry: ONCE,
  });
}

async function odooFailure(client: OdooClient, call: (client: OdooClient) => Promise<unknown>): Promise<unknown> {
  try {
    return await rejection(call(client));
  } finally {
    client.close();
  }
}

let sim: OdooSimulator;
beforeAll(async () => {
  sim = await startOdooSimulator({ port: 0, seed: 3, orders: 3, linesPerOrder: 2, serverVersion: '19.0' });
});
afterAll(async () => {
  await sim?.close();
  for (const server of servers) server.close();
});

describe('classifyFailure: Odoo', () => {
  it('connection refused (nothing listens on ODOO_URL)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const error = await odooFailure(odoo(url), (client) => client.version());
    expect(classifyFailure(error, { ...TARGETS, odoo: url })).toEqual({ code: 'odooConnectionRefused', target: url });
  });

  it('timeout (a server that accepts and never answers)', async () => {
    const url = await serve(net.createServer(() => undefined));
    const error = await odooFailure(odoo(url, { timeoutMs: 200 }), (client) => client.version());
    expect(classifyFailure(error, TARGETS)).toEqual({ code: 'odooTimeout', target: TARGETS.odoo });
  });

  it('DNS (a name that does not exist)', async () => {
    const error = await odooFailure(odoo('http://carteira-odoo.invalid:8069'), (client) => client.version());
    expect(classifyFailure(error, TARGETS).code).toBe('odooDns');
  });

  it('TLS (https:// to a server that speaks plain HTTP), and a certificate the client refuses', async () => {
    const url = await serve(http.createServer((_request, response) => response.end('plain')));
    const error = await odooFailure(odoo(url.replace('http:', 'https:')), (client) => client.version());
    expect(classifyFailure(error, TARGETS).code).toBe('odooTls');
    // what Node says of a self-signed certificate, inside the transport error the client makes of it
    const selfSigned = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const { OdooTransportError } = await import('../../electron/engine/odoo');
    expect(classifyFailure(new OdooTransportError('x', 'network', false, undefined, { cause: selfSigned }), TARGETS).code).toBe('odooTls');
  });

  it('unreachable: the connection dropped (socket closed at once), or a proxy says Odoo is down (502)', async () => {
    const dropping = await serve(net.createServer((socket) => socket.destroy()));
    expect(classifyFailure(await odooFailure(odoo(dropping), (client) => client.version()), TARGETS).code).toBe('odooUnreachable');
    sim.faults.inject({ kind: 'http', status: 502, match: { service: 'common' }, times: 1 });
    expect(classifyFailure(await odooFailure(odoo(sim.url), (client) => client.version()), TARGETS).code).toBe('odooUnreachable');
  });

  it('a bad answer: ODOO_URL points at something that is not Odoo (a 404 page)', async () => {
    const url = await serve(http.createServer((_request, response) => response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>')));
    expect(classifyFailure(await odooFailure(odoo(url), (client) => client.version()), TARGETS).code).toBe('odooBadAnswer');
  });

  it('login refused: a wrong password (JSON-RPC, XML-RPC) and a wrong API key (JSON-2)', async () => {
    for (const protocol of ['jsonrpc', 'xmlrpc'] as const) {
      const error = await odooFailure(odoo(sim.url, { protocol, password: 'wrong', db: sim.db }), (client) => client.searchCount('sale.order', []));
      expect(classifyFailure(error, TARGETS), protocol).toEqual({ code: 'odooLoginRefused', target: TARGETS.odoo });
    }
    const json2 = await odooFailure(odoo(sim.url, { protocol: 'json2', apiKey: 'not-the-key', db: sim.db }), (client) => client.searchCount('sale.order', []));
    expect(classifyFailure(json2, TARGETS).code).toBe('odooLoginRefused');
  });

  it('database not found (ODOO_DB): named by the database', async () => {
    const error = await odooFailure(odoo(sim.url, { db: 'nao_existe' }), (client) => client.searchCount('sale.order', []));
    expect(classifyFailure(error, TARGETS)).toEqual({ code: 'odooDatabaseNotFound', target: 'nao_existe' });
  });

  it('access denied (AccessError: the user lacks rights), server error (a traceback), read bound', async () => {
    sim.faults.inject({
      kind: 'fault',
      code: 4,
      string: 'You are not allowed to access Sales Order (sale.order) records.',
      match: { service: 'object' },
      times: 1,
    });
    const denied = await odooFailure(odoo(sim.url, { db: sim.db, password: sim.password }), (client) => client.searchCount('sale.order', []));
    expect(classifyFailure(denied, TARGETS).code).toBe('odooAccessDenied');
    sim.faults.inject({
      kind: 'fault',
      code: 1,
      string: 'Traceback…\npsycopg2.errors.SerializationFailure: could not serialize access',
      match: { service: 'object' },
      times: 1,
    });
    const crashed = await odooFailure(odoo(sim.url, { db: sim.db, password: sim.password }), (client) => client.searchCount('sale.order', []));
    expect(classifyFailure(crashed, TARGETS).code).toBe('odooServerError');
    const bound = new OdooReadBoundExceeded({ model: 'sale.order', rows: 11, bound: { maxRows: 10, setting: 'SYNC_MAX_ORDERS_PER_RUN=10' } });
    expect(classifyFailure(bound, TARGETS).code).toBe('odooReadBound');
  });
});

describe('classifyFailure: PostgreSQL', () => {
  const where = 'db.example:5432/carteira';

  it('unreachable: a connection refused (node-postgres lets the socket error through), opening the store', async () => {
    const client = new pg.Client({ connectionString: `postgres://carteira@127.0.0.1:${await closedPort()}/carteira` });
    const refused = await rejection(client.connect());
    expect(classifyFailure(refused, TARGETS)).toEqual({ code: 'pgUnreachable', target: TARGETS.database });
    // at start the store's wrapper knows the place
    const opening = new StoreOpenError('postgres', '127.0.0.1:5999/carteira', 'cannot open PostgreSQL', { cause: refused });
    expect(classifyFailure(opening)).toEqual({ code: 'pgUnreachable', target: '127.0.0.1:5999/carteira' });
  });

  const serverError = (code: string, message: string) => Object.assign(new pg.DatabaseError(message, message.length, 'error'), { code, severity: 'FATAL' });

  it('authentication (28P01, 28000) and a missing database (3D000)', () => {
    expect(classifyFailure(serverError('28P01', 'password authentication failed for user "carteira"'), TARGETS).code).toBe('pgAuth');
    expect(classifyFailure(serverError('28000', 'role "ninguem" does not exist'), TARGETS).code).toBe('pgAuth');
    const missing = new StoreOpenError('postgres', '127.0.0.1:5432/nao_existe', 'cannot open', {
      cause: serverError('3D000', 'database "nao_existe" does not exist'),
    });
    expect(classifyFailure(missing, TARGETS)).toEqual({ code: 'pgDatabaseNotFound', target: '127.0.0.1:5432/nao_existe' });
  });

  it('the waits of issue 16.4: statement timeout, rows held by another session, no answer, connect timeout, idle session', () => {
    const t = DEFAULT_PG_TIMEOUTS;
    expect(classifyFailure(statementTimeout(where, t, serverError('57014', 'canceling statement due to statement timeout')), TARGETS).code).toBe(
      'pgStatementTimeout',
    );
    const held = lockTimeout(
      where,
      t,
      [{ pid: 42, user: 'bi', application: 'psql', state: 'idle in transaction', transactionSeconds: 90 }],
      serverError('55P03', 'canceling statement due to lock timeout'),
    );
    expect(classifyFailure(held, TARGETS)).toEqual({ code: 'pgRowLocked', target: TARGETS.database });
    // a bare 55P03 or 57014 (a path that did not explain it) says the same
    expect(classifyFailure(serverError('55P03', 'lock timeout'), TARGETS).code).toBe('pgRowLocked');
    expect(classifyFailure(serverError('57014', 'statement timeout'), TARGETS).code).toBe('pgStatementTimeout');
    expect(classifyFailure(noAnswer(where, 305_000), TARGETS).code).toBe('pgNoAnswer');
    expect(classifyFailure(connectTimeout(where, t, new Error('timeout expired')), TARGETS).code).toBe('pgUnreachable');
    expect(classifyFailure(idleInTransactionTimeout(where, t, serverError('25P03', 'idle')), TARGETS).code).toBe('pgSessionEnded');
    expect(classifyFailure(new Error('Connection terminated unexpectedly'), TARGETS).code).toBe('pgUnreachable');
    expect(classifyFailure(serverError('42P01', 'relation "x" does not exist'), TARGETS).code).toBe('pgError');
  });

  it('a cancelled statement (the run was stopped) is no cause of its own', () => {
    expect(classifyFailure(cancelled(where, new Error('stop')), TARGETS).code).toBe('unknown');
  });

  it('the embedded database open in another process', () => {
    const inUse = new StoreOpenError('pglite', '/data/pglite', 'cannot open', { cause: new DatabaseInUseError('/data/pglite', null) });
    expect(classifyFailure(inUse, TARGETS)).toEqual({ code: 'embeddedInUse', target: '/data/pglite' });
  });
});

describe('classifyFailure: Redis and the lock', () => {
  it('unreachable (a refused connection, as the lock wraps it), authentication, a refused command, no lock at all', async () => {
    const port = await closedPort();
    const socketError = await new Promise<Error>((resolve) => net.connect(port, '127.0.0.1').on('error', resolve));
    expect(classifyFailure(new BackendUnreachableError('redis', socketError), TARGETS)).toEqual({ code: 'redisUnreachable', target: TARGETS.redis });
    const wrongPass = new RedisRefusedError('Redis refused the password in REDIS_URL', {
      cause: new ReplyError('WRONGPASS invalid username-password pair or user is disabled.'),
    });
    expect(classifyFailure(wrongPass, TARGETS)).toEqual({ code: 'redisAuth', target: TARGETS.redis });
    const noAuth = new RedisRefusedError('Redis requires a password', { cause: new ReplyError('NOAUTH Authentication required.') });
    expect(classifyFailure(noAuth, TARGETS).code).toBe('redisAuth');
    const noPerm = new RedisRefusedError('no permission', { cause: new ReplyError("NOPERM User x has no permissions to access the 'k' key") });
    expect(classifyFailure(noPerm, TARGETS).code).toBe('redisRefused');
    expect(classifyFailure(new RedisRefusedError('REDIS_URL selects database 40, but this Redis has 16'), TARGETS).code).toBe('redisRefused');
    const none = new LockUnavailableError('Redis is unreachable and the lock fallback "local" failed too', {
      cause: new BackendUnreachableError('redis', socketError),
    });
    expect(classifyFailure(none, TARGETS)).toEqual({ code: 'lockUnavailable', target: TARGETS.redis });
  });
});

describe('classifyFailure: a door at start', () => {
  it('port in use (listen EADDRINUSE), named by address and port', async () => {
    const first = net.createServer();
    const port = await listening(first);
    servers.push(first);
    const second = net.createServer();
    const error = await new Promise<Error>((resolve) => second.once('error', resolve).listen(port, '127.0.0.1'));
    expect(classifyFailure(error, TARGETS)).toEqual({ code: 'portInUse', target: `127.0.0.1:${port}` });
  });

  it('an address that is not this machine (listen EADDRNOTAVAIL)', async () => {
    const server = net.createServer();
    const error = await new Promise<Error>((resolve) => server.once('error', resolve).listen(8787, '203.0.113.7'));
    expect(classifyFailure(error, TARGETS)).toEqual({ code: 'portUnavailable', target: '203.0.113.7:8787' });
  });

  it('anything else is unknown, never a guess', () => {
    expect(classifyFailure(new Error('boom'), TARGETS)).toEqual({ code: 'unknown', target: null });
    expect(classifyFailure('a string', TARGETS).code).toBe('unknown');
  });
});

describe('the targets and the words', () => {
  it('targets carry no credentials', () => {
    const targets = failureTargets({
      mode: 'odoo',
      odoo: { url: 'https://api:s3cret@erp.example.com/odoo/', db: 'prod', username: 'u', password: 'p' },
      databaseUrl: 'postgres://carteira:pw@db.example:5433/carteira?sslmode=require',
      redisUrl: 'redis://:pw@redis.example:6380/2',
      dataDir: '/var/lib/carteira',
    });
    expect(targets).toEqual({ odoo: 'https://erp.example.com/odoo', database: 'db.example:5433/carteira', redis: 'redis.example:6380/2' });
    expect(JSON.stringify(targets)).not.toMatch(/s3cret|pw/);
  });

  it('each cause has a title and a next step in pt-BR and English, naming its target', () => {
    const line = causeLine({ code: 'odooConnectionRefused', target: 'http://odoo:8069' }, messages['pt-BR']);
    expect(line).toBe('Odoo inacessível: conexão recusada em http://odoo:8069. Verifique ODOO_URL (endereço e porta) e se o Odoo está no ar.');
    expect(causeLine({ code: 'odooConnectionRefused', target: 'http://odoo:8069' }, messages.en)).toContain('connection refused at http://odoo:8069');
    // without a known place, the setting that names it
    expect(causeLine({ code: 'pgUnreachable', target: null }, messages['pt-BR'])).toContain('DATABASE_URL');
  });
});

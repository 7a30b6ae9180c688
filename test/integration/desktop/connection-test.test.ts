/**
 * "Testar conexão" against the real services: PostgreSQL and Redis of the test machine and the
 * Odoo simulator over HTTP (as 19.0 and 16.0), each answered in one line; the Odoo section
 * chooses the protocol as a run would and says which and why; wrong credentials are said as such.
 */
import { createServer, connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConnection } from '../../../electron/engine/connection-test';
import { startOdooSimulator, type OdooSimulator } from '../../../electron/engine/odoo-sim';
import { REDIS_URL, createTestDatabase } from '../../support/services';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let odoo: OdooSimulator;
let odoo16: OdooSimulator;

beforeAll(async () => {
  database = await createTestDatabase('conntest');
  odoo = await startOdooSimulator({ orders: 12, serverVersion: '19.0' });
  odoo16 = await startOdooSimulator({ orders: 3, serverVersion: '16.0' });
});
afterAll(async () => {
  await odoo?.close();
  await odoo16?.close();
  await database?.drop();
});

const oneLine = (message: string) => expect(message).not.toContain('\n');

describe('connection test', () => {
  it('PostgreSQL: the server version at the (masked) URL', async () => {
    const result = await testConnection('postgres', { DATABASE_URL: database.url });
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/^PostgreSQL \d+/);
    oneLine(result.message);
  });

  it('PostgreSQL: an unknown database is a failure naming it, in pt-BR with what to do', async () => {
    const result = await testConnection('postgres', { DATABASE_URL: database.url.replace(/\/[^/]+$/, '/no_such_db_carteira') });
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^O banco de dados PostgreSQL \S*no_such_db_carteira não existe\. Crie o banco/),
    });
  });

  it('PostgreSQL: the embedded database when no DATABASE_URL, in pt-BR', async () => {
    expect(await testConnection('postgres', { CARTEIRA_DATA_DIR: '/tmp/carteira-x' })).toEqual({
      ok: true,
      message: 'sem DATABASE_URL: o banco embutido (PGlite) em /tmp/carteira-x',
    });
  });

  it('Redis: nobody listening is said in pt-BR with what to do; no Redis is the fallback', async () => {
    const refused = await testConnection('redis', { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/^Redis inacessível em 127\.0\.0\.1:1\. Verifique REDIS_URL .*\(.+\)$/) });
    oneLine(refused.message);
    expect(await testConnection('redis', {})).toEqual({ ok: true, message: 'sem REDIS_URL: o lock usa o fallback local' });
  });

  it('Redis: PONG with the server version', async () => {
    const result = await testConnection('redis', { REDIS_URL });
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/^Redis \d+\.\d+\S* em redis:\/\/\S+: respondeu ao PING$/) });
  });

  it('Odoo: JSON-2 with the API key, and the number of sale orders the user sees', async () => {
    const result = await testConnection('odoo', { ODOO_URL: odoo.url, ODOO_DB: odoo.db, ODOO_API_KEY: odoo.apiKey, ODOO_PROTOCOL: 'json2' });
    expect(result).toEqual({ ok: true, message: `Odoo 19.0 em ${odoo.url}, banco ${odoo.db}, protocolo json2 (ODOO_PROTOCOL): 12 pedidos de venda visíveis` });
  });

  it('Odoo: auto with only URL, database and API key chooses JSON-2 as a run would, and says why', async () => {
    const before = odoo.stats().callsByProtocol;
    const result = await testConnection('odoo', { ODOO_URL: odoo.url, ODOO_DB: odoo.db, ODOO_API_KEY: odoo.apiKey, ODOO_PROTOCOL: 'auto' });
    expect(result).toEqual({
      ok: true,
      message: `Odoo 19.0 em ${odoo.url}, banco ${odoo.db}, protocolo json2 (Odoo 19.0 oferece JSON-2 e há uma chave de API configurada): 12 pedidos de venda visíveis`,
    });
    const after = odoo.stats().callsByProtocol;
    expect([after.jsonrpc - before.jsonrpc, after.xmlrpc - before.xmlrpc]).toEqual([0, 0]);
  });

  it('Odoo 16: auto with a login chooses JSON-RPC, saying JSON-2 needs Odoo 19', async () => {
    const result = await testConnection('odoo', { ODOO_URL: odoo16.url, ODOO_DB: odoo16.db, ODOO_USER: odoo16.login, ODOO_PASSWORD: odoo16.password });
    expect(result).toEqual({
      ok: true,
      message: `Odoo 16.0 em ${odoo16.url}, banco ${odoo16.db}, protocolo jsonrpc (Odoo 16.0 não oferece JSON-2 (só a partir do Odoo 19)): 3 pedidos de venda visíveis`,
    });
  });

  it('Odoo 16 with json2 forced: a failure saying JSON-2 needs Odoo 19', async () => {
    const result = await testConnection('odoo', { ODOO_URL: odoo16.url, ODOO_DB: odoo16.db, ODOO_API_KEY: odoo16.apiKey, ODOO_PROTOCOL: 'json2' });
    // the cause in pt-BR and what to do (issue 18.4), then the client's own text
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^O endereço \S+ respondeu, mas não como o Odoo esperado\. .*JSON-2 só existe a partir do Odoo 19/);
    expect(result.message).toContain(`(version: Odoo 16.0 at ${odoo16.url} has no JSON-2 API (it needs Odoo 19 or later): use ODOO_PROTOCOL=auto or jsonrpc)`);
  });

  it('Odoo: a wrong password over JSON-RPC is refused, said in one line', async () => {
    const result = await testConnection('odoo', {
      ODOO_URL: odoo.url,
      ODOO_DB: odoo.db,
      ODOO_USER: odoo.login,
      ODOO_PASSWORD: 'wrong',
      ODOO_PROTOCOL: 'jsonrpc',
    });
    expect(result.ok).toBe(false);
    oneLine(result.message);
  });

  it('another section’s configuration problem does not block this test', async () => {
    const result = await testConnection('redis', { REDIS_URL, SYNC_INTERVAL_MINUTES: 'soon' });
    expect(result.ok).toBe(true);
  });

  it('PostgreSQL: a connection cut after connecting is a failure said in one line, not a crash of the main process', async () => {
    // A proxy to the real server that cuts both sides when the query arrives (after the handshake).
    const target = new URL(database.url);
    const sockets: Socket[] = [];
    let cut = false;
    const proxy = createServer((client) => {
      const server = connect(Number(target.port || 5432), target.hostname);
      sockets.push(client, server);
      server.on('error', () => client.destroy());
      client.on('error', () => server.destroy());
      server.pipe(client);
      client.on('data', (chunk: Buffer) => {
        if (chunk.includes('server_version')) {
          cut = true;
          client.destroy();
          server.destroy();
        } else server.write(chunk);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const address = proxy.address() as { port: number };
      const viaProxy = new URL(database.url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(address.port);
      const result = await testConnection('postgres', { DATABASE_URL: viaProxy.toString() });
      expect(cut).toBe(true);
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/Connection terminated|ECONNRESET/);
      oneLine(result.message);
      // the client's 'error' event comes right after the query's rejection: give it its turn
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

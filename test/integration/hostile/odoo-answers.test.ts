/**
 * An Odoo that answers with text that cannot be stored (issue 8, finding 10), through the
 * real CLI: a proxy in front of the simulator corrupts one string of the `sale.order`
 * search_read answer. Bytes that are not UTF-8, or a `&#0;` character reference, fail the
 * run with one error naming the model, the method, the row and the field; nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { startOdooSimulator, type OdooSimulator } from '../../../electron/engine/odoo-sim';
import { runCli } from '../../support/cli-process';
import { createTestDatabase } from '../../support/services';

type Corruption = (xml: Buffer) => Buffer;

/** Forwards to `target`; the answer to the first search_read of sale.order that asks for `name` goes through `corrupt`. */
async function corruptingProxy(target: string, corrupt: Corruption): Promise<{ url: string; server: Server }> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      const sent = Buffer.concat(body);
      const text = sent.toString('utf8');
      const aimed =
        text.includes('<string>sale.order</string>') && text.includes('<string>search_read</string>') && text.includes('<string>partner_id</string>');
      const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const original = Buffer.concat(chunks);
          const out = aimed ? corrupt(original) : original;
          res.writeHead(answer.statusCode ?? 500, { 'content-type': 'text/xml', 'content-length': out.length });
          res.end(out);
        });
      });
      forward.end(sent);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Puts `bytes` at the start of the first order's `name` string. */
const intoFirstName =
  (bytes: Buffer): Corruption =>
  (xml) => {
    const found = /<name>name<\/name>\s*<value><string>/.exec(xml.toString('latin1'));
    if (!found) throw new Error(`the proxy found no order name in:\n${xml.toString('utf8').slice(0, 500)}`);
    const end = found.index + found[0].length;
    return Buffer.concat([xml.subarray(0, end), bytes, xml.subarray(end)]);
  };

describe('answers Odoo should never send', () => {
  let sim: OdooSimulator;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: pg.Client;
  const proxies: Server[] = [];
  beforeAll(async () => {
    sim = await startOdooSimulator({ port: 0, orders: 5, linesPerOrder: 2, seed: 5 });
    database = await createTestDatabase('answers');
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });
  afterAll(async () => {
    for (const server of proxies) server.close();
    await db?.end();
    await sim?.close();
    await database?.drop();
  });

  const runThrough = async (corrupt: Corruption) => {
    const proxy = await corruptingProxy(sim.url, corrupt);
    proxies.push(proxy.server);
    return runCli(['run'], {
      ODOO_URL: proxy.url,
      ODOO_DB: sim.db,
      ODOO_USER: sim.login,
      ODOO_PASSWORD: sim.password,
      ODOO_PROTOCOL: 'xmlrpc', // the proxy corrupts XML-RPC answers (the default, auto, would pick JSON-RPC)
      ODOO_TIMEOUT_SECONDS: '5',
      DATABASE_URL: database.url,
      SYNC_LOCK_FALLBACK: 'postgres',
      SYNC_REDIS_PREFIX: 'carteira:test:answers',
    });
  };
  // the table exists once a run has opened the store (migrations), even a failed one
  const storedRows = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM carteira')).rows[0].n);

  it('finding 10: bytes that are not UTF-8 fail the run naming the call, instead of storing U+FFFD', async () => {
    const result = await runThrough(intoFirstName(Buffer.from([0xc3, 0x28, 0xff])));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/sale\.order\.search_read: malformed XML-RPC answer from .*: the answer is not valid UTF-8 text/);
    expect(result.stderr).not.toContain('\ufffd');
    expect(await storedRows()).toBe(0);
  });

  it('finding 10: `&#0;` fails the run at decode, naming model, method, row and field', async () => {
    const result = await runThrough(intoFirstName(Buffer.from('&#0;')));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(
      /sale\.order\.search_read: malformed XML-RPC answer from .*: row 0 field \\"name\\": character reference \\"&#0;\\" \(U\+0000\) is not allowed in XML/,
    );
    expect(await storedRows()).toBe(0);
  });
});

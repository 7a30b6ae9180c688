/**
 * The real Odoo client against the simulator over real HTTP: login, typed reads, id-keyset
 * paging, and every injected failure surfacing as the right error class.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../../electron/engine/clock';
import {
  OdooAccessDenied,
  OdooAccessError,
  OdooApplicationError,
  OdooClient,
  OdooDatabaseNotFound,
  OdooLoginRefused,
  OdooResponseError,
  OdooTransportError,
  OdooUserError,
  odooDatetime,
  odooFloat,
  odooMany2one,
  pageByIdAsc,
} from '../../../electron/engine/odoo';
import { startOdooSimulator, type OdooSimulator } from '../../../electron/engine/odoo-sim';

const lineSchema = z.object({
  id: z.number(),
  order_id: odooMany2one(),
  product_id: odooMany2one(),
  product_uom_qty: odooFloat(),
  write_date: odooDatetime(),
});

const noRetry = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

describe('OdooClient ↔ simulator over HTTP', () => {
  let sim: OdooSimulator;
  const clients: OdooClient[] = [];
  const client = (options: Partial<ConstructorParameters<typeof OdooClient>[0]> = {}) => {
    const c = new OdooClient({
      url: sim.url,
      db: sim.db,
      username: sim.login,
      password: sim.password,
      timeoutMs: 5_000,
      retry: noRetry,
      sleep: async () => {},
      ...options,
    });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    sim = await startOdooSimulator({ clock: new ManualClock('2026-05-10T12:00:00Z'), seed: 9, orders: 2000, linesPerOrder: 5 });
  });
  afterEach(() => {
    sim.faults.clear();
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('authenticates, and refuses a wrong password', async () => {
    expect(await client().authenticate()).toBe(2);
    expect((await client().version()).server_version).toBe('16.0');
    await expect(client({ password: 'wrong' }).authenticate()).rejects.toBeInstanceOf(OdooLoginRefused);
    // Odoo's own PostgreSQL error ("database "nope" does not exist") told in our words
    await expect(client({ db: 'nope' }).authenticate()).rejects.toThrow(OdooDatabaseNotFound);
    await expect(client({ db: 'nope' }).authenticate()).rejects.toThrow(/^Odoo database nope not found on http:\/\/127\.0\.0\.1:\d+ \(ODOO_DB\)$/);
  });

  it('searchRead / search / read / searchCount give the same truth as the ORM', async () => {
    const c = client();
    const domain = [
      ['write_date', '>=', '2026-04-01 00:00:00'],
      ['state', '=', 'sale'],
    ];
    const rows = await c.searchRead('sale.order.line', domain, {
      fields: ['order_id', 'product_id', 'product_uom_qty', 'write_date'],
      schema: lineSchema,
      order: 'id asc',
      limit: 50,
    });
    const truth = sim.orm.searchRead('sale.order.line', domain, {
      fields: ['order_id', 'product_id', 'product_uom_qty', 'write_date'],
      order: 'id asc',
      limit: 50,
    });
    expect(rows.map((r) => r.id)).toEqual(truth.map((r) => r.id));
    expect(rows[0].order_id?.id ?? rows[0].order_id).toBeTruthy();
    expect(await c.search('sale.order.line', domain, { order: 'id asc', limit: 50 })).toEqual(truth.map((r) => r.id));
    expect(await c.searchCount('sale.order.line', domain)).toBe(sim.orm.searchCount('sale.order.line', domain));
    const read = await c.read('sale.order.line', [truth[1].id, truth[0].id], {
      fields: ['order_id', 'product_id', 'product_uom_qty', 'write_date'],
      schema: lineSchema,
    });
    expect(read.map((r) => r.id)).toEqual([truth[1].id, truth[0].id]);
  });

  it('pages by id > last inside a write_date window without gaps or repeats', async () => {
    const domain = [['write_date', '>=', '2026-03-01 00:00:00']];
    const ids: number[] = [];
    for await (const page of pageByIdAsc(client(), 'sale.order.line', domain, {
      fields: ['order_id', 'product_id', 'product_uom_qty', 'write_date'],
      schema: lineSchema,
      pageSize: 700,
    })) {
      ids.push(...page.map((r) => r.id));
    }
    expect(ids.length).toBeGreaterThan(1400);
    expect(ids).toEqual(sim.orm.search('sale.order.line', domain, { order: 'id' }));
  });

  it('maps Odoo faults to fault classes (never retried)', async () => {
    const c = client({ retry: { attempts: 3, baseDelayMs: 0, maxDelayMs: 0 } });
    await expect(c.searchRead('sale.order.line', [], { fields: ['nope'], schema: lineSchema, limit: 1 })).rejects.toSatisfy(
      (e) => e instanceof OdooApplicationError && /Invalid field 'nope' on model 'sale.order.line'/.test(e.message),
    );
    await expect(c.executeKw('sale.order.line', 'unlink', [[999999]])).rejects.toBeInstanceOf(OdooUserError);
    await expect(c.search('no.such.model', [])).rejects.toBeInstanceOf(OdooUserError);
    const before = sim.stats().calls;
    for (const [code, cls] of [
      [1, OdooApplicationError],
      [2, OdooUserError],
      [3, OdooAccessDenied],
      [4, OdooAccessError],
    ] as const) {
      sim.faults.inject({
        kind: 'fault',
        code,
        string: code === 1 ? 'Traceback (most recent call last):\nValueError: boom\n' : 'nope',
        match: { method: 'search' },
      });
      await expect(c.search('sale.order', [])).rejects.toBeInstanceOf(cls);
    }
    expect(sim.stats().calls - before).toBe(4);
  });

  it.each([500, 502, 503, 504])('HTTP %i is a transport error', async (status) => {
    sim.faults.inject({ kind: 'http', status, match: { service: 'object' } });
    const c = client();
    await c.authenticate();
    await expect(c.search('sale.order', [], { limit: 1 })).rejects.toSatisfy(
      (e) => e instanceof OdooTransportError && e.kind === 'http-status' && e.status === status,
    );
  });

  it('connection reset, timeout and truncated bodies are transport errors; malformed XML is a response error', async () => {
    const c = client({ timeoutMs: 400 });
    await c.authenticate();
    sim.faults.inject({ kind: 'reset', match: { method: 'search' } });
    await expect(c.search('sale.order', [])).rejects.toSatisfy((e) => e instanceof OdooTransportError && e.kind === 'connection-reset');
    sim.faults.inject({ kind: 'timeout', match: { method: 'search' } });
    const started = performance.now();
    await expect(c.search('sale.order', [])).rejects.toSatisfy((e) => e instanceof OdooTransportError && e.kind === 'timeout');
    expect(performance.now() - started).toBeGreaterThanOrEqual(350);
    sim.faults.inject({ kind: 'truncate', match: { method: 'search' } });
    await expect(c.search('sale.order', [])).rejects.toSatisfy((e) => e instanceof OdooTransportError && e.kind === 'truncated');
    sim.faults.inject({ kind: 'malformed', match: { method: 'search' } });
    await expect(c.search('sale.order', [])).rejects.toBeInstanceOf(OdooResponseError);
    expect(await c.search('sale.order', [], { limit: 1 })).toHaveLength(1);
  });

  it('latency slows an answer down without failing it', async () => {
    const c = client();
    await c.authenticate();
    sim.faults.inject({ kind: 'latency', ms: 250, match: { method: 'search_count' } });
    const started = performance.now();
    expect(await c.searchCount('sale.order', [])).toBe(2000);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('retries transport failures with backoff and then succeeds', async () => {
    const c = client({ retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 } });
    await c.authenticate();
    sim.faults.inject({ kind: 'http', status: 503, match: { method: 'search_count' }, times: 2 });
    const before = sim.stats().calls;
    expect(await c.searchCount('sale.order', [])).toBe(2000);
    expect(sim.stats().calls - before).toBe(3);
  });

  it('afterCalls fails a paged run midway', async () => {
    sim.faults.inject({ kind: 'http', status: 502, match: { model: 'sale.order.line', method: 'search_read' }, afterCalls: 3, times: 'always' });
    const pages: number[] = [];
    const run = async () => {
      for await (const page of pageByIdAsc(client(), 'sale.order.line', [], { fields: ['write_date'], schema: z.object({ id: z.number() }), pageSize: 500 }))
        pages.push(page.length);
    };
    await expect(run()).rejects.toBeInstanceOf(OdooTransportError);
    expect(pages).toEqual([500, 500]);
  });
});

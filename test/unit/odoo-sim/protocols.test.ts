/**
 * The simulator on its three protocols: the same records and the same error classes through
 * the client over XML-RPC, JSON-RPC and JSON-2, and `auto` choosing JSON-2 on 19 with an API
 * key, JSON-RPC otherwise, XML-RPC where /jsonrpc is refused. (The simulator's answers are
 * held to the recorded ones by conformance.test.ts.)
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../../electron/engine/clock';
import {
  OdooAccessDenied,
  OdooApplicationError,
  OdooClient,
  OdooLoginRefused,
  OdooNotFound,
  OdooResponseError,
  OdooDatabaseNotFound,
  odooDatetime,
  odooFloat,
  odooMany2one,
  pageByIdAsc,
  type OdooClientOptions,
  type OdooProtocol,
  type ProtocolChoice,
} from '../../../electron/engine/odoo';
import { startOdooSimulator, type OdooSimulator } from '../../../electron/engine/odoo-sim';

const lineSchema = z.object({
  id: z.number(),
  order_id: odooMany2one(),
  product_id: odooMany2one(),
  product_uom_qty: odooFloat(),
  qty_invoiced: odooFloat(),
  write_date: odooDatetime(),
});
const FIELDS = ['order_id', 'product_id', 'product_uom_qty', 'qty_invoiced', 'write_date'];
const PROTOCOLS: OdooProtocol[] = ['xmlrpc', 'jsonrpc', 'json2'];
const noRetry = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

describe('simulator on XML-RPC, JSON-RPC and JSON-2', () => {
  let sim: OdooSimulator;
  let sim16: OdooSimulator;
  const clients: OdooClient[] = [];
  const client = (target: OdooSimulator, options: Partial<OdooClientOptions> = {}) => {
    const c = new OdooClient({
      url: target.url,
      db: target.db,
      username: target.login,
      password: target.password,
      apiKey: target.apiKey,
      timeoutMs: 5_000,
      retry: noRetry,
      ...options,
    });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    const clock = new ManualClock('2026-05-10T12:00:00Z');
    sim = await startOdooSimulator({ clock, seed: 3, orders: 300, linesPerOrder: 4, serverVersion: '19.0' });
    sim16 = await startOdooSimulator({ clock, seed: 3, orders: 5, linesPerOrder: 2 });
  });
  afterEach(() => {
    sim.faults.clear();
    sim16.faults.clear();
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await sim.close();
    await sim16.close();
  });

  it('pages the same records on every protocol', async () => {
    const read = async (protocol: OdooProtocol) => {
      const rows: z.output<typeof lineSchema>[] = [];
      for await (const page of pageByIdAsc(client(sim, { protocol }), 'sale.order.line', [['display_type', '=', false]], {
        fields: FIELDS,
        schema: lineSchema,
        pageSize: 250,
      })) {
        rows.push(...page);
      }
      return rows;
    };
    const [xml, jsonrpc, json2] = await Promise.all(PROTOCOLS.map(read));
    expect(xml.length).toBeGreaterThan(1000);
    expect(jsonrpc).toEqual(xml);
    expect(json2).toEqual(xml);
  });

  it.each(PROTOCOLS)('%s: counts, reads by id, and maps errors onto the same classes', async (protocol) => {
    const c = client(sim, { protocol });
    expect(c.protocol).toBe(protocol);
    expect(await c.searchCount('sale.order', [])).toBe(300);
    const rows = await c.read('sale.order.line', [1, 2], { fields: FIELDS, schema: lineSchema });
    expect(rows.map((row) => row.id)).toEqual([1, 2]);
    await expect(c.searchCount('no.such.model', [])).rejects.toBeInstanceOf(OdooNotFound);
    await expect(c.executeKw('sale.order', 'no_such_method', [], {})).rejects.toBeInstanceOf(OdooNotFound);
    const invalid = await c.searchRead('sale.order.line', [], { fields: ['no_such_field'], schema: z.object({}), limit: 1 }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(OdooApplicationError);
    expect((invalid as Error).message).toMatch(/Invalid field 'no_such_field'/);
  });

  it('refuses bad credentials on every protocol; the API key works as the RPC password', async () => {
    await expect(client(sim, { protocol: 'xmlrpc', password: 'wrong', apiKey: undefined }).searchCount('sale.order', [])).rejects.toBeInstanceOf(
      OdooLoginRefused,
    );
    await expect(client(sim, { protocol: 'jsonrpc', password: 'wrong', apiKey: undefined }).searchCount('sale.order', [])).rejects.toBeInstanceOf(
      OdooLoginRefused,
    );
    await expect(client(sim, { protocol: 'json2', apiKey: 'f'.repeat(40) }).searchCount('sale.order', [])).rejects.toBeInstanceOf(OdooAccessDenied);
    expect(await client(sim, { protocol: 'jsonrpc', password: '' }).searchCount('sale.order', [])).toBe(300);
    expect(await client(sim, { protocol: 'xmlrpc', password: '' }).searchCount('sale.order', [])).toBe(300);
  });

  it('an unknown database is OdooDatabaseNotFound on every protocol; Odoo 16 has no JSON-2', async () => {
    for (const protocol of PROTOCOLS)
      await expect(client(sim, { protocol, db: 'nosuchdb' }).searchCount('sale.order', [])).rejects.toThrow(
        /Odoo database nosuchdb not found on http:\/\/127\.0\.0\.1:\d+ \(ODOO_DB\)$/,
      );
    await expect(client(sim, { protocol: 'jsonrpc', db: 'nosuchdb' }).searchCount('sale.order', [])).rejects.toBeInstanceOf(OdooDatabaseNotFound);
    const old = await client(sim16, { protocol: 'json2' })
      .searchCount('sale.order', [])
      .catch((e: unknown) => e);
    expect(old).toMatchObject({ kind: 'http-status', status: 404 });
    expect((old as Error).message).toMatch(/no JSON-2 API here \(it needs Odoo 19 or later/);
  });

  describe.each(PROTOCOLS)('%s under injected failures', (protocol) => {
    const lines = (c: OdooClient) => c.searchRead('sale.order.line', [['id', '<=', 3]], { fields: FIELDS, schema: lineSchema });

    it('retries a 502 and a reset (transport failures), then reads', async () => {
      sim.faults.inject({ kind: 'http', status: 502, match: { method: 'search_read' } });
      sim.faults.inject({ kind: 'reset', match: { method: 'search_read' }, afterCalls: 2 });
      const c = client(sim, { protocol, retry: { attempts: 3, baseDelayMs: 0, maxDelayMs: 0 }, sleep: async () => {} });
      expect((await lines(c)).map((row) => row.id)).toEqual([1, 2, 3]);
    });

    it('times out, truncates, answers malformed or with an error: the same classes as XML-RPC', async () => {
      const c = client(sim, { protocol, timeoutMs: 300 });
      await lines(c); // logged in (RPC protocols) before the faults
      sim.faults.inject({ kind: 'timeout', match: { method: 'search_read' } });
      await expect(lines(c)).rejects.toMatchObject({ kind: 'timeout', retryable: true });
      sim.faults.inject({ kind: 'truncate', match: { method: 'search_read' } });
      await expect(lines(c)).rejects.toMatchObject({ kind: 'truncated', retryable: true });
      sim.faults.inject({ kind: 'malformed', match: { method: 'search_read' } });
      await expect(lines(c)).rejects.toBeInstanceOf(OdooResponseError);
      sim.faults.inject({ kind: 'fault', code: 1, string: 'Traceback...\nValueError: boom', match: { method: 'search_read' } });
      const fault = await lines(c).catch((e: unknown) => e);
      expect(fault).toBeInstanceOf(OdooApplicationError);
      expect((fault as Error).message).toBe('boom');
      sim.faults.inject({ kind: 'http', status: 500, match: { method: 'search_read' } });
      await expect(lines(c)).rejects.toMatchObject({ kind: 'http-status', status: 500, retryable: false });
    });
  });

  describe('auto', () => {
    const auto = (target: OdooSimulator, options: Partial<OdooClientOptions> = {}) => {
      const choices: ProtocolChoice[] = [];
      const c = client(target, { protocol: 'auto', onProtocol: (choice) => choices.push(choice), ...options });
      return { c, choices };
    };

    it('Odoo 19 with an API key only: JSON-2, and not one XML-RPC or JSON-RPC call', async () => {
      const before = sim.stats().callsByProtocol;
      const { c, choices } = auto(sim, { username: '', password: '' });
      expect(c.protocol).toBeNull();
      expect(await c.searchCount('sale.order', [])).toBe(300);
      expect(c.protocol).toBe('json2');
      expect(choices).toEqual([
        expect.objectContaining({ protocol: 'json2', serverVersion: '19.0', reason: 'Odoo 19.0 oferece JSON-2 e há uma chave de API configurada' }),
      ]);
      const after = sim.stats().callsByProtocol;
      expect(after.xmlrpc - before.xmlrpc).toBe(0);
      expect(after.jsonrpc - before.jsonrpc).toBe(0);
      expect(after.web - before.web).toBe(1);
    });

    it('Odoo 16 with an API key, or any Odoo without one: JSON-RPC only', async () => {
      const before = sim16.stats().callsByProtocol;
      const old = auto(sim16);
      expect(await old.c.searchCount('sale.order', [])).toBe(5);
      expect(old.c.protocol).toBe('jsonrpc');
      expect(sim16.stats().callsByProtocol.xmlrpc).toBe(before.xmlrpc);
      const keyless = auto(sim, { apiKey: undefined });
      expect(await keyless.c.searchCount('sale.order', [])).toBe(300);
      expect(old.choices[0]).toMatchObject({ protocol: 'jsonrpc', why: 'json2-needs-19', reason: 'Odoo 16.0 não oferece JSON-2 (só a partir do Odoo 19)' });
      expect(keyless.choices[0]).toMatchObject({ protocol: 'jsonrpc', why: 'no-api-key', reason: expect.stringContaining('não há chave de API') });
    });

    it('falls back to XML-RPC where /jsonrpc is refused', async () => {
      sim16.faults.inject({ kind: 'http', status: 404, match: { service: 'common', method: 'version' } });
      const { c, choices } = auto(sim16, { apiKey: undefined });
      expect(await c.searchCount('sale.order', [])).toBe(5);
      expect(c.protocol).toBe('xmlrpc');
      expect(choices[0]).toMatchObject({ why: 'jsonrpc-refused', reason: 'o servidor recusa /jsonrpc (HTTP 404): XML-RPC' });
    });

    it('an API key alone against Odoo 16 says a login is needed', async () => {
      const { c } = auto(sim16, { username: '', password: '' });
      await expect(c.searchCount('sale.order', [])).rejects.toThrow(/ODOO_USER/);
    });
  });
});

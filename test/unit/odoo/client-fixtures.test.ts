import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  OdooAccessDenied,
  OdooApplicationError,
  OdooClient,
  OdooFault,
  OdooLoginRefused,
  OdooUserError,
  odooDatetime,
  odooFloat,
  odooIdList,
  odooMany2one,
  odooNullableString,
  odooSelection,
} from '../../../electron/engine/odoo';
import { decodeMethodResponse } from '../../../electron/engine/xmlrpc';
import { fixture, fromFixture, startFakeOdoo, type FakeOdoo, type Reply } from './fake-odoo';

/*
 * The client over real HTTP against a server that replays the recorded Odoo 16 bodies.
 * Login (fixture 02) is answered first, then the call under test; the request the client
 * sends must be byte-identical to what the recorded client sent.
 */

let server: FakeOdoo | undefined;
let client: OdooClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
  server = client = undefined;
});

async function replay(responseFixture: string, password = 'admin'): Promise<{ client: OdooClient; server: FakeOdoo }> {
  server = await startFakeOdoo((call): Reply =>
    call.methodName === 'authenticate' ? fromFixture('02-common-authenticate-ok.response.xml') : fromFixture(responseFixture),
  );
  client = new OdooClient({ url: server.url, db: 'carteira', username: 'admin', password, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
  return { client, server };
}

const lineSchema = z.object({
  id: z.number().int(),
  order_id: odooMany2one(),
  product_id: odooMany2one(),
  name: z.string(),
  display_type: odooSelection(['line_section', 'line_note']),
  product_uom_qty: odooFloat(),
  qty_delivered: odooFloat(),
  qty_invoiced: odooFloat(),
  price_unit: odooFloat(),
  price_subtotal: odooFloat(),
  state: z.string(),
  write_date: odooDatetime(),
  create_date: odooDatetime(),
});
const LINE_FIELDS = [
  'order_id',
  'product_id',
  'name',
  'display_type',
  'product_uom_qty',
  'qty_delivered',
  'qty_invoiced',
  'price_unit',
  'price_subtotal',
  'state',
  'write_date',
  'create_date',
];

describe('OdooClient replaying recorded Odoo 16 answers', () => {
  it('01 version', async () => {
    const { client, server } = await replay('01-common-version.response.xml');
    expect(await client.version()).toEqual({
      server_version: '16.0',
      server_version_info: [16, 0, 0, 'final', 0, ''],
      server_serie: '16.0',
      protocol_version: 1,
    });
    expect(server.calls[0].raw).toBe(fixture('01-common-version.request.xml'));
    expect(server.calls[0].service).toBe('common');
  });

  it('02 authenticate: sends the recorded request, caches the uid', async () => {
    const { client, server } = await replay('10-object-search-count.response.xml');
    expect(await client.authenticate()).toBe(2);
    expect(await Promise.all([client.authenticate(), client.authenticate()])).toEqual([2, 2]);
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0].raw).toBe(fixture('02-common-authenticate-ok.request.xml'));
  });

  it('03 authenticate answered False: OdooLoginRefused naming user and database, nothing else called', async () => {
    server = await startFakeOdoo(() => fromFixture('03-common-authenticate-bad-password.response.xml'));
    client = new OdooClient({ url: server.url, db: 'carteira', username: 'admin', password: 'wrong' });
    const error = await client.searchCount('sale.order.line', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OdooLoginRefused);
    expect((error as Error).message).toBe('Odoo refused login for user admin on database carteira');
    expect(server.calls.map((c) => c.methodName)).toEqual(['authenticate']);
    expect(server.calls[0].raw).toBe(fixture('03-common-authenticate-bad-password.request.xml'));
  });

  it('04 search_read of lines: the recorded request, typed records with Dates, many2one and nulls', async () => {
    const { client, server } = await replay('04-object-search-read-lines.response.xml');
    const rows = await client.searchRead('sale.order.line', [['write_date', '>=', new Date('2000-01-01T00:00:00Z')]], {
      fields: LINE_FIELDS,
      schema: lineSchema,
      order: 'id asc',
      limit: 8,
    });
    expect(server.calls[1].raw).toBe(fixture('04-object-search-read-lines.request.xml'));
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual({
      id: 1,
      order_id: { id: 1, name: 'S00001' },
      product_id: { id: 31, name: '[FURN_6666] Acoustic Bloc Screens' },
      name: '[FURN_6666] Acoustic Bloc Screens',
      display_type: null,
      product_uom_qty: 4,
      qty_delivered: 0,
      qty_invoiced: 0,
      price_unit: 192.95,
      price_subtotal: 771.8,
      state: 'draft',
      write_date: new Date('2026-11-29T17:02:15Z'),
      create_date: new Date('2026-11-29T17:02:06Z'),
    });
  });

  it('05 search_read of orders: empty dates and refs become null, one2many ids', async () => {
    const { client } = await replay('05-object-search-read-orders.response.xml');
    const orders = await client.searchRead('sale.order', [], {
      fields: ['name', 'partner_id', 'state', 'date_order', 'commitment_date', 'write_date', 'order_line', 'amount_total', 'client_order_ref'],
      schema: z.object({
        id: z.number(),
        name: z.string(),
        partner_id: odooMany2one(),
        commitment_date: odooDatetime(),
        date_order: odooDatetime(),
        order_line: odooIdList(),
        amount_total: odooFloat(),
        client_order_ref: odooNullableString(),
      }),
    });
    expect(orders.map((o) => [o.id, o.partner_id?.name, o.commitment_date, o.order_line, o.amount_total, o.client_order_ref])).toEqual([
      [1, 'Deco Addict', null, [1, 2, 3], 1626.8, null],
      [2, 'Ready Mat', null, [4, 5], 2947.5, null],
      [3, 'Ready Mat', null, [6, 7], 377.5, null],
    ]);
    expect(orders[2].date_order).toEqual(new Date('2026-11-29T17:02:08Z'));
  });

  it('06 search with a dotted many2one path in an OR domain', async () => {
    const { client, server } = await replay('06-object-search-lines-dotted-domain.response.xml');
    const since = '2026-01-01 00:00:00';
    const ids = await client.search('sale.order.line', ['|', ['write_date', '>=', since], ['order_id.write_date', '>=', since]], {
      order: 'id asc',
      limit: 10,
    });
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(server.calls[1].raw).toBe(fixture('06-object-search-lines-dotted-domain.request.xml'));
  });

  it('07 read products: a False default_code is null', async () => {
    const { client, server } = await replay('07-object-read-products.response.xml');
    const products = await client.read('product.product', [5, 3, 31], {
      fields: ['default_code', 'name', 'display_name', 'active'],
      schema: z.object({ id: z.number(), default_code: odooNullableString(), name: z.string(), active: z.boolean() }),
    });
    expect(server.calls[1].raw).toBe(fixture('07-object-read-products.request.xml'));
    expect(products.map((p) => [p.id, p.default_code])).toEqual([
      [5, 'FURN_7777'],
      [3, null],
      [31, 'FURN_6666'],
    ]);
  });

  it('08/09 read the order partner and the partner VAT', async () => {
    const { client, server } = await replay('08-object-read-order-partner.response.xml');
    const [order] = await client.read('sale.order', [1], { fields: ['partner_id'], schema: z.object({ id: z.number(), partner_id: odooMany2one() }) });
    expect(order.partner_id).toEqual({ id: 10, name: 'Deco Addict' });
    expect(server.calls[1].raw).toBe(fixture('08-object-read-order-partner.request.xml'));
    await server.close();
    client.close();
    const again = await replay('09-object-read-partner.response.xml');
    const [partner] = await again.client.read('res.partner', [10], {
      fields: ['name', 'vat', 'display_name'],
      schema: z.object({ id: z.number(), name: z.string(), vat: odooNullableString(), display_name: z.string() }),
    });
    expect(partner).toEqual({ id: 10, name: 'Deco Addict', vat: null, display_name: 'Deco Addict' });
    expect(again.server.calls[1].raw).toBe(fixture('09-object-read-partner.request.xml'));
  });

  it('10 search_count', async () => {
    const { client, server } = await replay('10-object-search-count.response.xml');
    expect(await client.searchCount('sale.order.line', [['state', '=', 'sale']])).toBe(33);
    expect(server.calls[1].raw).toBe(fixture('10-object-search-count.request.xml'));
  });

  it('15 mixed lines: sections/notes without product, the same product twice', async () => {
    const { client } = await replay('15-object-search-read-mixed-lines.response.xml');
    const rows = await client.searchRead('sale.order.line', [['order_id', '=', 21]], {
      fields: LINE_FIELDS.filter((f) => f !== 'create_date'),
      schema: lineSchema.omit({ create_date: true }),
      order: 'id asc',
    });
    const sections = rows.filter((r) => r.display_type !== null);
    expect(sections.length).toBeGreaterThan(0);
    expect(sections.every((r) => r.product_id === null)).toBe(true);
    const products = rows.filter((r) => r.product_id !== null).map((r) => r.product_id?.id);
    expect(new Set(products).size).toBeLessThan(products.length);
  });

  it('16 lines after confirm share one write_date', async () => {
    const { client } = await replay('16-object-lines-after-confirm.response.xml');
    const rows = await client.searchRead('sale.order.line', [['order_id', '=', 21]], {
      fields: ['state', 'write_date'],
      schema: z.object({ id: z.number(), state: z.string(), write_date: odooDatetime() }),
      order: 'id asc',
    });
    expect(new Set(rows.map((r) => r.write_date?.getTime()))).toEqual(new Set([Date.UTC(2026, 10, 29, 17, 4, 22)]));
  });

  it.each([
    '01-common-version.response.xml',
    '04-object-search-read-lines.response.xml',
    '05-object-search-read-orders.response.xml',
    '06-object-search-lines-dotted-domain.response.xml',
    '07-object-read-products.response.xml',
    '15-object-search-read-mixed-lines.response.xml',
    '16-object-lines-after-confirm.response.xml',
  ])('executeKw returns %s exactly as decoded', async (name) => {
    const { client } = await replay(name);
    const expected = decodeMethodResponse(fixture(name));
    expect(expected.kind).toBe('value');
    expect(await client.executeKw('sale.order.line', 'search_read', [[]])).toEqual(expected.kind === 'value' ? expected.value : null);
  });
});

describe('faults from recorded answers', () => {
  const cases: [string, new (...a: never[]) => OdooFault, number, string][] = [
    ['11-fault-invalid-field.response.xml', OdooApplicationError, 1, "Invalid field 'no_such_field' on model 'sale.order.line'"],
    ['12-fault-invalid-domain-field.response.xml', OdooApplicationError, 1, "Invalid field sale.order.line.no_such_field in leaf ('no_such_field', '=', 1)"],
    ['13-fault-unknown-model.response.xml', OdooUserError, 2, "Object no.such.model doesn't exist"],
    ['14-fault-access-denied.response.xml', OdooAccessDenied, 3, 'Access Denied'],
    ['18-fault-unlink-missing.response.xml', OdooUserError, 2, 'Record does not exist or has been deleted.\n(Record: sale.order.line(999999,), User: 2)'],
  ];
  it.each(cases)('%s → %o, code %i, message from the traceback, never retried', async (name, cls, code, message) => {
    server = await startFakeOdoo((call) => (call.methodName === 'authenticate' ? fromFixture('02-common-authenticate-ok.response.xml') : fromFixture(name)));
    const sleeps: number[] = [];
    client = new OdooClient({
      url: server.url,
      db: 'carteira',
      username: 'admin',
      password: 'S3cr3t-Pass',
      retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 1 },
      sleep: async (ms) => void sleeps.push(ms),
    });
    const error = await client.executeKw('sale.order.line', 'search_read', [[]], { limit: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(cls);
    const f = error as OdooFault;
    expect(f.code).toBe(code);
    expect(f.message).toBe(message);
    expect(f.model).toBe('sale.order.line');
    expect(f.method).toBe('search_read');
    expect(f.message).not.toContain('S3cr3t-Pass');
    expect(server.calls).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });

  it('fault 1 keeps the whole traceback in faultString', async () => {
    server = await startFakeOdoo((call) =>
      call.methodName === 'authenticate' ? fromFixture('02-common-authenticate-ok.response.xml') : fromFixture('11-fault-invalid-field.response.xml'),
    );
    client = new OdooClient({ url: server.url, db: 'carteira', username: 'admin', password: 'admin' });
    const error = (await client.executeKw('sale.order.line', 'search_read', [[]]).catch((e: unknown) => e)) as OdooFault;
    expect(error.faultString).toContain('Traceback (most recent call last):');
    expect(error.faultString).toContain("ValueError: Invalid field 'no_such_field'");
  });
});

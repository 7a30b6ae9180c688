import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OdooClient, OdooResponseError, odooDatetime, pageByIdAsc } from '../../../electron/engine/odoo';
import { OdooReadBoundExceeded } from '../../../electron/engine/odoo/paging';
import type { XmlRpcValue } from '../../../electron/engine/xmlrpc';
import { fromFixture, startFakeOdoo, value, type FakeOdoo, type Reply } from './fake-odoo';

/*
 * A server holding 23 lines that all share ONE write_date (one Odoo transaction), with a
 * gap in the ids. It implements just enough of search_read: `id >` leaves, order, limit.
 */

const WRITE_DATE = '2026-11-29 17:04:22';
const IDS = [...Array.from({ length: 20 }, (_, i) => i + 1), 40, 41, 57];
const ROWS = IDS.map((id) => ({ id, write_date: WRITE_DATE, order_id: [Math.ceil(id / 4), `S${id}`] as XmlRpcValue }));

let server: FakeOdoo | undefined;
let client: OdooClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
  server = client = undefined;
  cap = Infinity;
});

/** A server whose search_read gives at most `cap` rows whatever the limit (a proxy, a module, a `limit` rule). */
let cap = Infinity;

function searchRead(params: XmlRpcValue[], reverse: boolean): Reply {
  const domain = (params[5] as XmlRpcValue[][])[0] as XmlRpcValue[][];
  const kwargs = params[6] as { limit?: number; order?: string; offset?: number };
  let rows = ROWS.slice();
  for (const leaf of domain) {
    if (Array.isArray(leaf) && leaf[0] === 'id' && leaf[1] === '>') rows = rows.filter((r) => r.id > (leaf[2] as number));
  }
  if (reverse) rows.reverse();
  return value(rows.slice(0, Math.min(kwargs.limit ?? rows.length, cap)));
}

async function start(reverse = false) {
  server = await startFakeOdoo((call) =>
    call.methodName === 'authenticate' ? fromFixture('02-common-authenticate-ok.response.xml') : searchRead(call.params, reverse),
  );
  client = new OdooClient({ url: server.url, db: 'carteira', username: 'admin', password: 'admin' });
  return { client, server };
}

const schema = z.object({ id: z.number(), write_date: odooDatetime() }).transform((r) => ({ lineId: r.id, at: r.write_date }));

describe('pageByIdAsc', () => {
  it('walks rows sharing one write_date by id > last, with order id asc and a limit, never offset', async () => {
    const { client, server } = await start();
    const domain = [['write_date', '>=', WRITE_DATE]];
    const pages: number[][] = [];
    for await (const page of pageByIdAsc(client, 'sale.order.line', domain, { fields: ['write_date'], schema, pageSize: 5 })) {
      pages.push(page.map((r) => r.lineId));
    }
    expect(pages).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
      [11, 12, 13, 14, 15],
      [16, 17, 18, 19, 20],
      [40, 41, 57],
    ]);
    const sent = server.calls.filter((c) => c.methodName === 'execute_kw').map((c) => ({ args: c.params[5], kwargs: c.params[6] }));
    // a short page is not the end: the read ends on the empty answer after 57
    expect(sent.map((s) => s.args)).toEqual(
      [0, 5, 10, 15, 20, 57].map((last) => [
        [
          ['id', '>', last],
          ['write_date', '>=', WRITE_DATE],
        ],
      ]),
    );
    for (const s of sent) expect(s.kwargs).toEqual({ fields: ['write_date', 'id'], order: 'id asc', limit: 5 });
  });

  it('asks once more after a full last page and stops on the empty answer', async () => {
    const { client, server } = await start();
    let total = 0;
    for await (const page of pageByIdAsc(client, 'sale.order.line', [], { fields: ['id', 'write_date'], schema, pageSize: 23 })) total += page.length;
    expect(total).toBe(23);
    const lasts = server.calls.filter((c) => c.methodName === 'execute_kw').map((c) => ((c.params[5] as XmlRpcValue[][])[0][0] as XmlRpcValue[])[2]);
    expect(lasts).toEqual([0, 57]);
  });

  it('a server that caps search_read below the page size: every row is still read (issue 16.3)', async () => {
    cap = 3;
    const { client } = await start();
    const ids: number[] = [];
    for await (const page of pageByIdAsc(client, 'sale.order.line', [], { fields: ['write_date'], schema, pageSize: 10 }))
      ids.push(...page.map((r) => r.lineId));
    expect(ids).toEqual(IDS);
  });

  it('ends without an empty page once `upTo` rows arrived (the domain cannot match more)', async () => {
    const { client, server } = await start();
    let total = 0;
    for await (const page of pageByIdAsc(client, 'sale.order.line', [], { fields: ['write_date'], schema, pageSize: 10, upTo: 15 })) total += page.length;
    expect(total).toBe(15);
    const limits = server.calls.filter((c) => c.methodName === 'execute_kw').map((c) => (c.params[6] as { limit: number }).limit);
    expect(limits).toEqual([10, 5]);
  });

  it('a read past its bound fails with the bound, what happened and what to do, pt-BR first', async () => {
    const { client } = await start();
    const bound = { maxRows: 12, setting: 'SYNC_MAX_ORDERS_PER_RUN=12' };
    const reading = (async () => {
      for await (const page of pageByIdAsc(client, 'sale.order.line', [], { fields: ['write_date'], schema, pageSize: 5, bound })) void page;
    })();
    await expect(reading).rejects.toThrow(OdooReadBoundExceeded);
    await expect(
      (async () => {
        for await (const page of pageByIdAsc(client, 'sale.order.line', [], { fields: ['write_date'], schema, pageSize: 5, bound })) void page;
      })(),
    ).rejects.toThrow(/^Leitura do Odoo interrompida: sale\.order\.line.*limite de 12 \(SYNC_MAX_ORDERS_PER_RUN=12\).*aumente SYNC_MAX_ORDERS_PER_RUN/);
  });

  it('refuses to loop when the server ignores the order', async () => {
    const { client } = await start(true);
    const pages = pageByIdAsc(client, 'sale.order.line', [], { fields: ['write_date'], schema, pageSize: 5 });
    await expect(pages.next()).rejects.toThrow(OdooResponseError);
    await expect(pageByIdAsc(client, 'sale.order.line', [], { fields: ['write_date'], schema, pageSize: 5 }).next()).rejects.toThrow(
      /row 1 field "id": expected an id above 57/,
    );
  });

  it('a bad pageSize is refused', async () => {
    const { client } = await start();
    await expect(pageByIdAsc(client, 'sale.order.line', [], { fields: [], schema, pageSize: 0 }).next()).rejects.toThrow(TypeError);
  });
});

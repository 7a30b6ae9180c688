/** The simulator's HTTP surface seen with plain fetch: routes, legacy calls, streaming, hanging sockets, late commits over the wire. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/engine/clock';
import { startOdooSimulator, type OdooSimulator } from '../../../electron/engine/odoo-sim';
import { encodeMethodCall, decodeMethodResponse, type XmlRpcValue } from '../../../electron/engine/xmlrpc';

describe('simulator HTTP server', () => {
  let sim: OdooSimulator;
  const clock = new ManualClock('2026-05-10T12:00:00Z');
  const call = async (service: string, method: string, params: XmlRpcValue[]) => {
    const response = await fetch(`${sim.url}/xmlrpc/2/${service}`, { method: 'POST', body: encodeMethodCall(method, params) });
    expect(response.status).toBe(200);
    return decodeMethodResponse(await response.text());
  };
  const kw = (model: string, method: string, args: XmlRpcValue[], kwargs: Record<string, XmlRpcValue> = {}) =>
    call('object', 'execute_kw', [sim.db, 2, sim.password, model, method, args, kwargs]);

  beforeAll(async () => {
    sim = await startOdooSimulator({ clock, seed: 5, orders: 20_000, linesPerOrder: 5 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('answers 404 off the XML-RPC routes and 405 to GET', async () => {
    expect((await fetch(`${sim.url}/web/login`)).status).toBe(404);
    expect((await fetch(`${sim.url}/xmlrpc/2/object`)).status).toBe(405);
  });

  it('serves login and the legacy execute call', async () => {
    expect(await call('common', 'login', [sim.db, 'admin', 'admin'])).toEqual({ kind: 'value', value: 2 });
    expect(await call('object', 'execute', [sim.db, 2, 'admin', 'sale.order', 'search_count', []])).toEqual({ kind: 'value', value: 20_000 });
    expect(await call('object', 'execute', [sim.db, 2, 'bad', 'sale.order', 'search_count', []])).toEqual({ kind: 'fault', code: 3, message: 'Access Denied' });
  });

  it('streams a 100k-record answer', async () => {
    const answer = await kw('sale.order.line', 'search_read', [[]], { fields: ['product_uom_qty', 'write_date'], order: 'id asc' });
    expect(answer.kind).toBe('value');
    const rows = (answer as unknown as { value: Array<{ id: number }> }).value;
    expect(rows).toHaveLength(100_000);
    expect(rows[99_999].id).toBe(100_000);
  });

  it('create/write/confirm over the wire, and late commits appear with a past write_date', async () => {
    const created = await kw('sale.order', 'create', [{ partner_id: 1, order_line: [[0, 0, { product_id: 1, product_uom_qty: 2, price_unit: 3.5 }]] }]);
    expect(created.kind).toBe('value');
    const orderId = (created as unknown as { value: number }).value;
    expect(await kw('sale.order', 'action_confirm', [[orderId]])).toEqual({ kind: 'value', value: true });

    const tx = sim.begin({ at: new Date('2026-05-10T11:50:00Z') });
    tx.write('sale.order', orderId, { client_order_ref: 'LATE' });
    const since = [
      ['write_date', '>=', '2026-05-10 11:45:00'],
      ['id', '=', orderId],
    ];
    const before = await kw('sale.order', 'search_read', [since], { fields: ['client_order_ref', 'write_date'] });
    expect(before).toEqual({ kind: 'value', value: [{ id: orderId, client_order_ref: false, write_date: '2026-05-10 12:00:00' }] });
    tx.commit();
    const after = await kw('sale.order', 'search_read', [since], { fields: ['client_order_ref', 'write_date'] });
    expect(after).toEqual({ kind: 'value', value: [{ id: orderId, client_order_ref: 'LATE', write_date: '2026-05-10 11:50:00' }] });
  });

  it('a hanging (timeout) call is released by close()', async () => {
    const other = await startOdooSimulator({ orders: 1, linesPerOrder: 1 });
    other.faults.inject({ kind: 'timeout' });
    const pending = fetch(`${other.url}/xmlrpc/2/common`, { method: 'POST', body: encodeMethodCall('version', []) }).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((r) => setTimeout(r, 100));
    await other.close();
    expect(await pending).toBe('failed');
  });
});

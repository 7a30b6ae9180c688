import { describe, expect, it } from 'vitest';
import { SimTransaction } from '../../../electron/engine/odoo-sim/transaction';
import { smallBook } from './helpers';

describe('transactions and late commits', () => {
  it('writes carry the transaction start time and stay invisible until commit', () => {
    const { orm, clock } = smallBook();
    const start = clock.now();
    const tx = new SimTransaction(orm, start);
    const orderId = tx.create('sale.order', { partner_id: 1 });
    const lineId = tx.create('sale.order.line', { order_id: orderId, product_id: 1, product_uom_qty: 3, price_unit: 2 });
    tx.write('sale.order.line', 2, { qty_delivered: 5 });
    tx.confirm(orderId);

    clock.advance(10 * 60_000);
    // meanwhile another transaction commits a newer row
    const laterId = orm.create('sale.order', { partner_id: 2 });
    expect(laterId).toBeGreaterThan(orderId);
    expect(orm.get('sale.order', orderId)).toBeUndefined();
    expect(orm.get('sale.order.line', 2)?.qty_delivered).toBe(4);
    expect(orm.search('sale.order.line', [['write_date', '>=', '2026-05-10 12:00:00']])).toEqual([]);

    tx.commit();
    expect(tx.state).toBe('committed');
    // visible now, but "in the past": write_date = start, lower id than the row committed before it
    const rows = orm.searchRead('sale.order.line', [['write_date', '>=', '2026-05-10 12:00:00']], { order: 'id', fields: ['write_date', 'state'] });
    expect(rows).toEqual([
      { id: 2, write_date: '2026-05-10 12:00:00', state: 'sale' },
      { id: lineId, write_date: '2026-05-10 12:00:00', state: 'sale' },
    ]);
    expect(orm.get('sale.order', orderId)).toMatchObject({ write_date: '2026-05-10 12:00:00', state: 'sale' });
    expect(orm.search('sale.order', [], { order: 'id' }).slice(-2)).toEqual([orderId, laterId]);
  });

  it('all rows of one transaction share one write_date', () => {
    const { orm } = smallBook();
    const tx = new SimTransaction(orm, new Date('2026-05-10T12:34:56.789Z'));
    tx.write('sale.order.line', [2, 3], { qty_invoiced: 1 });
    tx.write('sale.order', 2, { client_order_ref: 'A' });
    tx.cancel(3);
    tx.commit();
    const dates = new Set(orm.searchRead('sale.order.line', [['write_date', '>', '2026-05-10 00:00:00']], { fields: ['write_date'] }).map((r) => r.write_date));
    expect([...dates]).toEqual(['2026-05-10 12:34:56']);
    expect(orm.search('sale.order', [['write_date', '=', '2026-05-10 12:34:56.789']], { order: 'id' })).toEqual([2, 3]);
  });

  it('rollback discards; a failing commit leaves nothing behind', () => {
    const { orm } = smallBook();
    const tx = new SimTransaction(orm, new Date('2026-05-10T12:00:00Z'));
    tx.write('sale.order.line', 2, { qty_delivered: 9 });
    tx.rollback();
    expect(orm.get('sale.order.line', 2)?.qty_delivered).toBe(4);
    expect(() => tx.commit()).toThrow(/already rolled back/);

    const failing = new SimTransaction(orm, new Date('2026-05-10T12:00:00Z'));
    const created = failing.create('sale.order', { partner_id: 1 });
    failing.write('sale.order.line', 2, { qty_delivered: 9 });
    failing.unlink('sale.order.line', 999);
    expect(() => failing.commit()).toThrow(/Record does not exist/);
    expect(failing.state).toBe('rolled back');
    expect(orm.get('sale.order', created)).toBeUndefined();
    expect(orm.get('sale.order.line', 2)).toMatchObject({ qty_delivered: 4, write_date: '2026-05-01 10:00:00' });
  });
});

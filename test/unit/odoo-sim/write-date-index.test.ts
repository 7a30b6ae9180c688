import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/engine/clock';
import { Database } from '../../../electron/engine/odoo-sim/database';
import { generate } from '../../../electron/engine/odoo-sim/generator';
import { OdooOrm } from '../../../electron/engine/odoo-sim/orm';
import { SimTransaction } from '../../../electron/engine/odoo-sim/transaction';
import type { Domain } from '../../../electron/engine/odoo-sim/domain';

/** The block index must never hide a row: compare indexed searches with a plain filter over all rows. */
describe('write_date block index', () => {
  it('gives the same answers as a full scan through creates, edits, late commits and deletes', () => {
    const clock = new ManualClock('2026-05-10T12:00:00Z');
    const orm = new OdooOrm(new Database(), clock);
    generate(orm.db, { seed: 8, orders: 1500, linesPerOrder: 4, now: clock.now() });
    const check = (floor: string) => {
      for (const op of ['>', '>='] as const) {
        const domain: Domain = [['write_date', op, floor]];
        const expected = orm.db
          .table('sale.order.line')
          .rows.filter((r) => {
            const us = Date.parse(floor.replace(' ', 'T') + 'Z') * 1000;
            return r.write_date !== null && (op === '>' ? (r.write_date as number) > us : (r.write_date as number) >= us);
          })
          .map((r) => r.id);
        expect(orm.search('sale.order.line', domain, { order: 'id' })).toEqual(expected);
        expect(orm.search('sale.order.line', domain, { order: 'id desc' })).toEqual([...expected].reverse());
        expect(orm.searchCount('sale.order.line', domain)).toBe(expected.length);
        expect(orm.search('sale.order.line', [...domain, ['id', '>', 2000]], { order: 'id', limit: 7 })).toEqual(
          expected.filter((id) => id > 2000).slice(0, 7),
        );
      }
    };
    check('2026-05-01 00:00:00');
    const late = new SimTransaction(orm, new Date('2026-05-10T12:00:00Z'));
    late.write('sale.order.line', [10, 3000], { qty_invoiced: 1 });
    clock.advance(60_000);
    orm.write('sale.order.line', [5, 4321], { qty_delivered: 0 });
    orm.unlink('sale.order.line', 2, { force: true });
    const created = orm.create('sale.order', { partner_id: 1, order_line: [[0, 0, { product_id: 1 }]] });
    check('2026-05-10 12:00:00');
    late.commit();
    check('2026-05-10 12:00:00');
    check('2026-05-10 11:59:59');
    expect(orm.search('sale.order.line', [['write_date', '>', '2026-05-10 12:00:59']], { order: 'id' })).toEqual([
      5,
      4321,
      ...(orm.get('sale.order', created)?.order_line as number[]),
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { OdooSimFault } from '../../../electron/engine/odoo-sim/errors';
import { smallBook } from './helpers';

const at = (iso: string) => ({ at: new Date(iso) });

describe('ordering and paging', () => {
  const { orm } = smallBook();

  it('orders by id asc / desc and by several keys', () => {
    expect(orm.search('sale.order.line', [], { order: 'id asc' })).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(orm.search('sale.order.line', [], { order: 'id desc' })).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(orm.search('sale.order.line', [], { order: 'write_date desc, id' })).toEqual([3, 7, 5, 6, 1, 2, 4]);
    expect(orm.search('sale.order.line', [], { order: 'order_id desc, product_uom_qty asc' })).toEqual([7, 6, 5, 1, 4, 3, 2]);
  });

  it('puts NULLs last ascending and first descending', () => {
    expect(orm.search('sale.order', [], { order: 'commitment_date asc' })).toEqual([1, 2, 3]);
    expect(orm.search('sale.order', [], { order: 'commitment_date desc' })).toEqual([2, 3, 1]);
  });

  it("uses the model's default order when none is given", () => {
    expect(orm.search('sale.order', [])).toEqual([3, 2, 1]); // date_order desc, id desc
    expect(orm.search('sale.order.line', [['order_id', '=', 1]])).toEqual([1, 2, 3, 4]); // order_id, sequence, id
  });

  it('applies offset and limit after ordering', () => {
    expect(orm.search('sale.order.line', [], { order: 'id', offset: 2, limit: 3 })).toEqual([3, 4, 5]);
    expect(orm.search('sale.order.line', [], { order: 'id desc', offset: 1, limit: 2 })).toEqual([6, 5]);
    expect(orm.search('sale.order.line', [], { order: 'write_date desc, id', offset: 5 })).toEqual([2, 4]);
    expect(orm.search('sale.order.line', [], { limit: 0 })).toEqual([]);
  });

  it('pages by id > last with order id asc without skipping or repeating rows', () => {
    const seen: number[] = [];
    let last = 0;
    for (;;) {
      const page = orm.searchRead(
        'sale.order.line',
        [
          ['write_date', '>=', '2026-05-01 00:00:00'],
          ['id', '>', last],
        ],
        { order: 'id asc', limit: 2, fields: ['id'] },
      );
      if (page.length === 0) break;
      seen.push(...page.map((r) => r.id));
      last = page[page.length - 1].id;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('rejects an order on an unknown field', () => {
    expect(() => orm.search('sale.order', [], { order: 'nope desc' })).toThrow(/Invalid "order"/);
  });

  it('counts', () => {
    expect(orm.searchCount('sale.order.line', [['state', '=', 'sale']])).toBe(4);
    expect(orm.searchCount('sale.order.line', [])).toBe(7);
  });
});

describe('read', () => {
  const { orm } = smallBook();

  it('returns id first, then the requested fields in the requested order, Odoo-shaped', () => {
    const [line] = orm.read('sale.order.line', [2], ['state', 'product_id', 'order_id', 'display_type', 'price_subtotal', 'write_date']);
    expect(Object.keys(line)).toEqual(['id', 'state', 'product_id', 'order_id', 'display_type', 'price_subtotal', 'write_date']);
    expect(line).toEqual({
      id: 2,
      state: 'sale',
      product_id: [1, '[ARZ-5] Arroz 5kg'],
      order_id: [1, 'S00001'],
      display_type: false,
      price_subtotal: 255,
      write_date: '2026-05-01 10:00:00',
    });
  });

  it('gives False for empty values, display names, o2m ids, amounts', () => {
    const order = orm.get('sale.order', 2);
    expect(order).toMatchObject({
      commitment_date: false,
      client_order_ref: false,
      order_line: [5, 6],
      amount_total: 26.7,
      display_name: 'S00002',
      partner_id: [2, 'Mercearia Souza ME'],
    });
    expect(orm.get('sale.order', 1)?.amount_total).toBe(346);
    expect(orm.read('product.product', [3, 1], ['display_name', 'default_code'])).toEqual([
      { id: 3, display_name: 'Frete', default_code: false },
      { id: 1, display_name: '[ARZ-5] Arroz 5kg', default_code: 'ARZ-5' },
    ]);
    expect(orm.read('sale.order.line', 6, ['product_id', 'display_type', 'name', 'display_name'])[0]).toEqual({
      id: 6,
      product_id: false,
      display_type: 'line_note',
      name: 'Entregar cedo',
      display_name: 'S00002 - Entregar cedo',
    });
  });

  it('skips records that do not exist, like Odoo 16', () => {
    expect(orm.read('sale.order.line', [2, 999], ['id']).map((r) => r.id)).toEqual([2]);
  });

  it('rejects unknown fields with the Odoo traceback', () => {
    expect(() => orm.read('sale.order.line', [1], ['nope'])).toThrow(/ValueError: Invalid field 'nope' on model 'sale.order.line'/);
  });

  it('hides archived products unless active_test is off', () => {
    const { orm: o } = smallBook();
    o.write('product.product', 3, { active: false });
    expect(o.search('product.product', [], { order: 'id' })).toEqual([1, 2]);
    expect(o.search('product.product', [], { order: 'id', context: { active_test: false } })).toEqual([1, 2, 3]);
    expect(o.search('product.product', [['active', '=', false]])).toEqual([3]);
  });
});

describe('write_date semantics', () => {
  it('create: create_date = write_date = transaction time, kept with microseconds', () => {
    const { orm } = smallBook();
    const id = orm.create(
      'sale.order',
      {
        partner_id: 1,
        order_line: [
          [0, 0, { product_id: 2, product_uom_qty: 2, price_unit: 10 }],
          [0, 0, { display_type: 'line_section', name: 'X' }],
        ],
      },
      at('2026-05-10T12:00:00.400Z'),
    );
    const order = orm.get('sale.order', id);
    expect(order).toMatchObject({
      name: 'S00004',
      state: 'draft',
      create_date: '2026-05-10 12:00:00',
      write_date: '2026-05-10 12:00:00',
      amount_total: 20,
      date_order: '2026-05-10 12:00:00',
    });
    const lineIds = order?.order_line as number[];
    expect(lineIds).toHaveLength(2);
    for (const line of orm.read('sale.order.line', lineIds, ['write_date', 'create_date', 'state'])) {
      expect(line).toMatchObject({ write_date: '2026-05-10 12:00:00', create_date: '2026-05-10 12:00:00', state: 'draft' });
    }
    expect(orm.search('sale.order.line', [['write_date', '>', '2026-05-10 12:00:00']])).toEqual(lineIds);
    expect(orm.read('sale.order.line', lineIds[0], ['name'])[0].name).toBe('[FJ-1] Feijão 1kg');
  });

  it('confirm copies the state onto the lines and moves their write_date', () => {
    const { orm } = smallBook();
    orm.confirm(2, at('2026-05-10T13:00:00Z'));
    expect(orm.read('sale.order.line', [5, 6], ['state', 'write_date'])).toEqual([
      { id: 5, state: 'sale', write_date: '2026-05-10 13:00:00' },
      { id: 6, state: 'sale', write_date: '2026-05-10 13:00:00' },
    ]);
    expect(orm.get('sale.order', 2)).toMatchObject({ state: 'sale', write_date: '2026-05-10 13:00:00', date_order: '2026-05-10 13:00:00' });
    expect(() => orm.confirm(2)).toThrow(/not in a state requiring confirmation: S00002/);
  });

  it('cancel copies the state onto the lines and moves their write_date', () => {
    const { orm } = smallBook();
    orm.cancel(1, at('2026-05-10T14:00:00Z'));
    expect(
      orm.search(
        'sale.order.line',
        [
          ['state', '=', 'cancel'],
          ['write_date', '>=', '2026-05-10 14:00:00'],
        ],
        { order: 'id' },
      ),
    ).toEqual([1, 2, 3, 4]);
  });

  it('header-only edits (commitment_date, client_order_ref) do not touch the lines', () => {
    const { orm } = smallBook();
    orm.write('sale.order', 1, { commitment_date: '2026-06-01 00:00:00', client_order_ref: 'PC-9' }, at('2026-05-10T15:00:00Z'));
    expect(orm.get('sale.order', 1)).toMatchObject({ write_date: '2026-05-10 15:00:00', commitment_date: '2026-06-01 00:00:00' });
    expect(orm.search('sale.order.line', [['write_date', '>=', '2026-05-10 00:00:00']])).toEqual([]);
  });

  it('a quantity edit recomputes the subtotal and the order total, moving both write_dates', () => {
    const { orm } = smallBook();
    orm.write('sale.order.line', 2, { product_uom_qty: 20 }, at('2026-05-10T16:00:00Z'));
    expect(orm.get('sale.order.line', 2)).toMatchObject({ price_subtotal: 510, write_date: '2026-05-10 16:00:00' });
    expect(orm.get('sale.order', 1)).toMatchObject({ amount_total: 601, write_date: '2026-05-10 16:00:00' });
  });

  it('a delivery only touches the line', () => {
    const { orm } = smallBook();
    orm.write('sale.order.line', 2, { qty_delivered: 10, qty_invoiced: 10 }, at('2026-05-10T16:00:00Z'));
    expect(orm.get('sale.order.line', 2)).toMatchObject({ qty_delivered: 10, qty_invoiced: 10, write_date: '2026-05-10 16:00:00' });
    expect(orm.get('sale.order', 1)?.write_date).toBe('2026-05-01 10:00:00');
  });

  it('writes without `at` use the clock', () => {
    const { orm, clock } = smallBook();
    clock.set('2026-05-11T09:08:07.654Z');
    orm.write('sale.order', 2, { client_order_ref: 'X' });
    expect(orm.get('sale.order', 2)?.write_date).toBe('2026-05-11 09:08:07');
    expect(orm.search('sale.order', [['write_date', '>', '2026-05-11 09:08:07']])).toEqual([2]);
  });
});

describe('unlink', () => {
  it('is a hard delete: no trace, o2m and totals follow', () => {
    const { orm } = smallBook();
    orm.unlink('sale.order.line', 5, at('2026-05-10T17:00:00Z'));
    expect(orm.get('sale.order.line', 5)).toBeUndefined();
    expect(orm.search('sale.order.line', [['id', '=', 5]])).toEqual([]);
    expect(orm.get('sale.order', 2)).toMatchObject({ order_line: [6], amount_total: 0, write_date: '2026-05-10 17:00:00' });
    orm.unlink('sale.order', 3);
    expect(orm.get('sale.order', 3)).toBeUndefined();
    expect(orm.get('sale.order.line', 7)).toBeUndefined();
  });

  it("follows Odoo's rules: no confirmed orders, no product lines of confirmed orders (unless forced)", () => {
    const { orm } = smallBook();
    expect(() => orm.unlink('sale.order', 1)).toThrow(/You must first cancel it/);
    expect(() => orm.unlink('sale.order.line', 2)).toThrow(/once the sales order is confirmed/);
    orm.unlink('sale.order.line', 1); // a section line may go
    orm.unlink('sale.order.line', 2, { force: true });
    expect(orm.get('sale.order', 1)?.order_line).toEqual([3, 4]);
    expect(() => orm.unlink('product.product', 1)).toThrow(/another model requires the record/);
  });

  it('missing records raise fault 2 "Record does not exist or has been deleted."', () => {
    const { orm } = smallBook();
    try {
      orm.unlink('sale.order.line', [1, 999998, 999999]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(OdooSimFault);
      expect((error as OdooSimFault).faultCode).toBe(2);
      expect((error as OdooSimFault).faultString).toBe('Record does not exist or has been deleted.\n(Record: sale.order.line(999998, 999999), User: 2)');
    }
    expect(orm.get('sale.order.line', 1)).toBeDefined(); // nothing happened
    expect(() => orm.write('sale.order', 42, { client_order_ref: 'x' })).toThrow('(Record: sale.order(42,), User: 2)');
  });
});

describe('execute_kw', () => {
  const { orm } = smallBook();

  it('takes positional and keyword arguments', () => {
    expect(orm.executeKw('sale.order.line', 'search', [[['order_id', '=', 1]]], { order: 'id desc', limit: 2 })).toEqual([4, 3]);
    expect(orm.executeKw('sale.order.line', 'search', [[['order_id', '=', 1]], 1, 2, 'id'], {})).toEqual([2, 3]);
    expect(orm.executeKw('sale.order.line', 'search_count', [[['order_id', '=', 1]]], {})).toBe(4);
    expect(orm.executeKw('sale.order', 'search_read', [], { domain: [['id', '=', 2]], fields: ['name'] })).toEqual([{ id: 2, name: 'S00002' }]);
  });

  it('faults: unknown model (2), unknown method (1), unknown field on write (1)', () => {
    expect(() => orm.executeKw('no.such', 'search', [[]], {})).toThrow("Object no.such doesn't exist");
    expect(() => orm.executeKw('sale.order', 'frobnicate', [[]], {})).toThrow("The method 'frobnicate' does not exist on the model 'sale.order'");
    expect(() => orm.executeKw('sale.order', 'write', [[1], { nope: 1 }], {})).toThrow("Invalid field 'nope' on model 'sale.order'");
  });

  it('create/write/unlink/action_confirm/action_cancel answer like Odoo', () => {
    const { orm: o } = smallBook();
    const id = o.executeKw('sale.order', 'create', [{ partner_id: 2 }], {});
    expect(typeof id).toBe('number');
    expect(o.executeKw('sale.order', 'create', [[{ partner_id: 2 }, { partner_id: 1 }]], {})).toHaveLength(2);
    expect(o.executeKw('sale.order', 'write', [[id], { client_order_ref: 'R' }], {})).toBe(true);
    expect(o.executeKw('sale.order', 'action_confirm', [[id]], {})).toBe(true);
    expect(o.executeKw('sale.order', 'action_cancel', [[id]], {})).toBe(true);
    expect(o.executeKw('sale.order', 'unlink', [[id]], {})).toBe(true);
  });
});

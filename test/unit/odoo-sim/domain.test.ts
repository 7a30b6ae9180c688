import { describe, expect, it } from 'vitest';
import { OdooSimFault } from '../../../electron/engine/odoo-sim/errors';
import type { Domain } from '../../../electron/engine/odoo-sim/domain';
import { smallBook } from './helpers';

const { orm } = smallBook();
const lines = (domain: Domain) => orm.search('sale.order.line', domain, { order: 'id' });
const orders = (domain: Domain) => orm.search('sale.order', domain, { order: 'id' });

describe('domain evaluation', () => {
  it('empty domain matches everything', () => {
    expect(lines([])).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('= and != (with != matching empty values, as Odoo does)', () => {
    expect(lines([['product_id', '=', 1]])).toEqual([2, 3]);
    expect(lines([['product_id', '!=', 1]])).toEqual([1, 4, 5, 6, 7]);
    expect(lines([['state', '=', 'sale']])).toEqual([1, 2, 3, 4]);
    expect(lines([['display_type', '=', false]])).toEqual([2, 3, 4, 5, 7]);
    expect(lines([['display_type', '!=', false]])).toEqual([1, 6]);
    expect(lines([['product_id', '=', false]])).toEqual([1, 6]);
  });

  it('< <= > >= on numbers; empty values never match', () => {
    expect(lines([['product_uom_qty', '>', 2]])).toEqual([2, 5, 7]);
    expect(lines([['product_uom_qty', '>=', 2]])).toEqual([2, 3, 5, 7]);
    expect(lines([['product_uom_qty', '<', 1]])).toEqual([1, 6]);
    expect(lines([['product_uom_qty', '<=', 1]])).toEqual([1, 4, 6]);
    expect(orders([['commitment_date', '>', '2000-01-01 00:00:00']])).toEqual([1]);
    expect(orders([['commitment_date', '<', '2100-01-01 00:00:00']])).toEqual([1]);
  });

  it('in / not in, with False standing for empty', () => {
    expect(lines([['order_id', 'in', [2, 3]]])).toEqual([5, 6, 7]);
    expect(lines([['order_id', 'not in', [1]]])).toEqual([5, 6, 7]);
    expect(lines([['product_id', 'in', [3, false]]])).toEqual([1, 4, 6]);
    expect(lines([['product_id', 'not in', [1, 2]]])).toEqual([1, 4, 6]);
    expect(lines([['state', 'in', ['draft', 'cancel']]])).toEqual([5, 6, 7]);
    expect(lines([['id', 'in', []]])).toEqual([]);
  });

  it('like, ilike, =like, not like, not ilike', () => {
    expect(orders([['client_order_ref', 'like', 'PC']])).toEqual([1]);
    expect(lines([['name', 'like', 'arroz']])).toEqual([]);
    expect(lines([['name', 'ilike', 'arroz']])).toEqual([2, 3]);
    expect(lines([['name', '=like', '[ARZ-_] %']])).toEqual([2, 3]);
    expect(lines([['name', '=like', 'ARZ%']])).toEqual([]);
    expect(lines([['name', '=ilike', 'frete']])).toEqual([4]);
    expect(lines([['name', 'not ilike', 'arroz']])).toEqual([1, 4, 5, 6, 7]);
    expect(orders([['client_order_ref', 'not like', 'PC']])).toEqual([2, 3]);
  });

  it('many2one compared with text searches the display name', () => {
    expect(lines([['product_id', 'ilike', 'ARZ-5']])).toEqual([2, 3]);
    expect(lines([['order_id', '=', 'S00002']])).toEqual([5, 6]);
    expect(orders([['partner_id', 'ilike', 'silva']])).toEqual([1, 3]);
  });

  it('& | ! in Polish notation, consecutive terms AND-ed', () => {
    expect(lines(['|', ['order_id', '=', 2], ['order_id', '=', 3]])).toEqual([5, 6, 7]);
    expect(lines(['&', ['order_id', '=', 1], ['product_id', '=', 1]])).toEqual([2, 3]);
    expect(
      lines([
        ['order_id', '=', 1],
        ['product_id', '=', 1],
      ]),
    ).toEqual([2, 3]);
    expect(lines(['!', ['order_id', '=', 1]])).toEqual([5, 6, 7]);
    expect(lines(['|', '&', ['order_id', '=', 1], ['product_id', '=', 3], ['order_id', '=', 3]])).toEqual([4, 7]);
    expect(lines(['!', '|', ['order_id', '=', 1], ['order_id', '=', 2]])).toEqual([7]);
    expect(lines([['order_id', '=', 1], '|', ['product_id', '=', 3], ['display_type', '=', 'line_section']])).toEqual([1, 4]);
  });

  it('TRUE_LEAF and FALSE_LEAF', () => {
    expect(lines([[1, '=', 1]])).toHaveLength(7);
    expect(lines([[0, '=', 1]])).toEqual([]);
  });

  it('dotted many2one paths: order_id.write_date, order_id.partner_id.name', () => {
    expect(lines([['order_id.state', '=', 'draft']])).toEqual([5, 6]);
    expect(lines([['order_id.write_date', '>=', '2026-05-02 00:00:00']])).toEqual([5, 6, 7]);
    expect(lines([['order_id.partner_id.name', 'ilike', 'souza']])).toEqual([5, 6]);
    expect(lines([['product_id.default_code', '=', false]])).toEqual([4]);
    expect(lines(['|', ['write_date', '>=', '2026-05-04 00:00:00'], ['order_id.write_date', '>=', '2026-05-03 00:00:00']])).toEqual([3, 7]);
  });

  it('one2many paths: any line matches', () => {
    expect(orders([['order_line.product_id', '=', 2]])).toEqual([2, 3]);
    expect(orders([['order_line', 'in', [4]]])).toEqual([1]);
  });

  it('datetimes compare at full precision (microseconds), values given in whole seconds', () => {
    // line 3 was written at 08:30:47.3 and is shown as 08:30:47
    expect(orm.read('sale.order.line', 3, ['write_date'])[0].write_date).toBe('2026-05-04 08:30:47');
    expect(lines([['write_date', '>', '2026-05-04 08:30:47']])).toEqual([3]);
    expect(lines([['write_date', '>=', '2026-05-04 08:30:48']])).toEqual([]);
    expect(lines([['write_date', '=', '2026-05-04 08:30:47']])).toEqual([]);
    expect(lines([['write_date', '<', '2026-05-04 08:30:47']])).toEqual([1, 2, 4, 5, 6, 7]);
    expect(lines([['write_date', '>=', '2026-05-04']])).toEqual([3]);
  });

  it('id bounds narrow the scan but keep the semantics', () => {
    expect(
      lines([
        ['id', '>', 2],
        ['id', '<=', 5],
      ]),
    ).toEqual([3, 4, 5]);
    expect(
      lines([
        ['id', '>', 2],
        ['order_id', '=', 1],
      ]),
    ).toEqual([3, 4]);
    expect(
      lines([
        ['id', 'in', [7, 2, 99]],
        ['state', '=', 'sale'],
      ]),
    ).toEqual([2]);
    expect(lines(['|', ['id', '=', 1], ['id', '=', 7]])).toEqual([1, 7]);
    expect(lines([['id', '=', 3]])).toEqual([3]);
  });

  it('unknown fields raise fault 1 with the Odoo traceback', () => {
    const attempt = () => orm.search('sale.order.line', [['nope', '=', 1]]);
    expect(attempt).toThrow(OdooSimFault);
    try {
      attempt();
    } catch (error) {
      const fault = error as OdooSimFault;
      expect(fault.faultCode).toBe(1);
      expect(fault.faultString).toMatch(/^Traceback \(most recent call last\):\n/);
      expect(fault.faultString.trimEnd().split('\n').at(-1)).toBe("ValueError: Invalid field sale.order.line.nope in leaf ('nope', '=', 1)");
    }
    expect(() => orm.search('sale.order.line', [['order_id.nope', '=', 1]])).toThrow(/Invalid field sale.order.nope/);
  });

  it('malformed domains raise fault 1', () => {
    expect(() => lines([['id', 'between', 1]])).toThrow(/Invalid leaf/);
    expect(() => lines(['|', ['id', '=', 1]])).toThrow(/not correct/);
    expect(() => lines([['write_date', '>', 'yesterday']])).toThrow(/does not match format/);
  });
});

/** How the client names execute_kw's positional arguments for JSON-2. */
import { describe, expect, it } from 'vitest';
import { json2Body } from '../../../electron/engine/odoo/json2-arguments';

describe('json2Body', () => {
  it('names search_read and search_count arguments after the ORM signatures', () => {
    expect(
      json2Body({ model: 'sale.order', method: 'search_read', args: [[['id', '>', 5]]], kwargs: { fields: ['name'], limit: 10, order: 'id asc' } }),
    ).toEqual({
      domain: [['id', '>', 5]],
      fields: ['name'],
      limit: 10,
      order: 'id asc',
    });
    expect(json2Body({ model: 'sale.order', method: 'search_count', args: [[]], kwargs: {} })).toEqual({ domain: [] });
  });

  it('sends the records of a record method as ids', () => {
    expect(json2Body({ model: 'sale.order.line', method: 'read', args: [[34, 35]], kwargs: { fields: ['order_id'], context: { lang: 'en_US' } } })).toEqual({
      ids: [34, 35],
      fields: ['order_id'],
      context: { lang: 'en_US' },
    });
    expect(json2Body({ model: 'sale.order', method: 'write', args: [[4], { note: 'x' }], kwargs: {} })).toEqual({ ids: [4], vals: { note: 'x' } });
  });

  it('refuses what it cannot name: an unknown method with positional arguments, an argument given twice', () => {
    expect(() => json2Body({ model: 'sale.order', method: 'custom_report', args: [1], kwargs: {} })).toThrow(
      /sale\.order\.custom_report: JSON-2 needs named arguments/,
    );
    expect(json2Body({ model: 'sale.order', method: 'custom_report', args: [], kwargs: { period: 1 } })).toEqual({ period: 1 });
    expect(() => json2Body({ model: 'sale.order', method: 'search_read', args: [[]], kwargs: { domain: [] } })).toThrow(/domain given twice/);
  });
});

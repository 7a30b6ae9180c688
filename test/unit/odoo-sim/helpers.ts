import { ManualClock } from '../../../electron/engine/clock';
import { Database } from '../../../electron/engine/odoo-sim/database';
import { OdooOrm } from '../../../electron/engine/odoo-sim/orm';

/** A small hand-made book: 2 partners, 3 products (one without code), 3 orders, 7 lines. */
export function smallBook(): { orm: OdooOrm; clock: ManualClock } {
  const clock = new ManualClock('2026-05-10T12:00:00Z');
  const orm = new OdooOrm(new Database(), clock);
  orm.import('res.partner', [
    { id: 1, name: 'Comercial Silva Ltda', vat: '11.222.333/0001-81', create_date: '2026-01-01 00:00:00' },
    { id: 2, name: 'Mercearia Souza ME', vat: false, create_date: '2026-01-01 00:00:00' },
  ]);
  orm.import('product.product', [
    { id: 1, name: 'Arroz 5kg', default_code: 'ARZ-5', create_date: '2026-01-01 00:00:00' },
    { id: 2, name: 'Feijão 1kg', default_code: 'FJ-1', create_date: '2026-01-01 00:00:00' },
    { id: 3, name: 'Frete', default_code: false, create_date: '2026-01-01 00:00:00' },
  ]);
  orm.import('sale.order', [
    {
      id: 1,
      name: 'S00001',
      partner_id: 1,
      state: 'sale',
      date_order: '2026-05-01 10:00:00',
      commitment_date: '2026-05-20 00:00:00',
      client_order_ref: 'PC-1',
      write_date: '2026-05-01 10:00:00.250000',
    },
    { id: 2, name: 'S00002', partner_id: 2, state: 'draft', date_order: '2026-05-02 10:00:00', write_date: '2026-05-02 10:00:00.500000' },
    { id: 3, name: 'S00003', partner_id: 1, state: 'cancel', date_order: '2026-05-03 10:00:00', write_date: '2026-05-03 10:00:00.000000' },
  ]);
  orm.import('sale.order.line', [
    { id: 1, order_id: 1, display_type: 'line_section', name: 'Mercearia', product_uom_qty: 0, sequence: 1, write_date: '2026-05-01 10:00:00.250000' },
    { id: 2, order_id: 1, product_id: 1, product_uom_qty: 10, price_unit: 25.5, qty_delivered: 4, write_date: '2026-05-01 10:00:00.250000' },
    { id: 3, order_id: 1, product_id: 1, product_uom_qty: 2, price_unit: 25.5, write_date: '2026-05-04 08:30:47.300000' },
    { id: 4, order_id: 1, product_id: 3, product_uom_qty: 1, price_unit: 40, write_date: '2026-05-01 10:00:00.250000' },
    { id: 5, order_id: 2, product_id: 2, product_uom_qty: 3, price_unit: 8.9, write_date: '2026-05-02 10:00:00.500000' },
    { id: 6, order_id: 2, display_type: 'line_note', name: 'Entregar cedo', product_uom_qty: 0, write_date: '2026-05-02 10:00:00.500000' },
    { id: 7, order_id: 3, product_id: 2, product_uom_qty: 5, price_unit: 9, write_date: '2026-05-03 10:00:00.000000' },
  ]);
  return { orm, clock };
}

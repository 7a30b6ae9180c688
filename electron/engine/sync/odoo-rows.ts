/**
 * The hot rows the sync reads from Odoo, checked by hand-written readers (a zod parse per row
 * dominated the decode profile): `sale.order` and `sale.order.line` read whole, and the
 * `(id, write_date)` versions that find what changed. Same rules and the same words as the
 * zod schemas they replace (test/unit/sync/odoo-rows.test.ts holds those as the reference):
 * fields are checked in the listed order, write_date last. Many2one fields are read as bare ids
 * (the sync asks with `load: ''`, so Odoo computes no display names: about half the server time
 * of a page of lines) and still accepted as `[id, name]` pairs from a server that ignores it.
 */

/** search_read keywords of every sync read: many2one as bare ids, no display names computed. */
export const BARE_IDS = { load: '' };
import { asRecord, readDatetime, readInt, readMany2oneRef, readNullableString, readNumber, readString, readWriteDate, recordReader } from '../odoo';
import type { OdooOrder, OdooOrderLine } from './odoo-records';

export const ORDER_FIELDS = ['name', 'partner_id', 'state', 'date_order', 'commitment_date', 'write_date'];

export const orderReader = recordReader((row): OdooOrder => {
  const r = asRecord(row);
  const id = readInt(r, 'id');
  const name = readString(r, 'name');
  const partnerId = readMany2oneRef(r, 'partner_id');
  const state = readString(r, 'state');
  const dateOrder = readDatetime(r, 'date_order');
  const commitmentDate = readDatetime(r, 'commitment_date');
  return { id, name, partnerId, state, dateOrder, commitmentDate, writeDate: readWriteDate(r) };
});

export const LINE_FIELDS = [
  'order_id',
  'product_id',
  'display_type',
  'product_uom_qty',
  'qty_delivered',
  'qty_invoiced',
  'price_unit',
  'price_subtotal',
  'write_date',
];

export const lineReader = recordReader((row): OdooOrderLine => {
  const r = asRecord(row);
  const id = readInt(r, 'id');
  const orderId = readMany2oneRef(r, 'order_id') ?? -1;
  const productId = readMany2oneRef(r, 'product_id');
  const displayType = readNullableString(r, 'display_type');
  const productUomQty = readNumber(r, 'product_uom_qty');
  const qtyDelivered = readNumber(r, 'qty_delivered');
  const qtyInvoiced = readNumber(r, 'qty_invoiced');
  const priceUnit = readNumber(r, 'price_unit');
  const priceSubtotal = readNumber(r, 'price_subtotal');
  return { id, orderId, productId, displayType, productUomQty, qtyDelivered, qtyInvoiced, priceUnit, priceSubtotal, writeDate: readWriteDate(r) };
});

/** A record's version: its id and write_date. */
export const versionReader = recordReader((row) => {
  const r = asRecord(row);
  const id = readInt(r, 'id');
  return { id, writeDate: readWriteDate(r) };
});

/** A line's version: the order it belongs to and its write_date. */
export const lineVersionReader = recordReader((row) => {
  const r = asRecord(row);
  readInt(r, 'id');
  const orderId = readMany2oneRef(r, 'order_id');
  return { orderId, writeDate: readWriteDate(r) };
});

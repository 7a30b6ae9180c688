/**
 * The hand-written readers of the hot rows apply the same rules as the zod schemas they
 * replaced (kept here as the reference) and refuse a bad row with the same one error naming
 * model, method, row and field. Many2one fields come as bare ids (read with `load: ''`) or as
 * `[id, name]` pairs (a server that ignores it): both are read the same.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OdooResponseError, odooDatetime, odooFloat, odooMany2oneRef, odooNullableString } from '../../../electron/engine/odoo';
import { parseRecords, type RecordSchema } from '../../../electron/engine/odoo/validate';
import type { XmlRpcValue } from '../../../electron/engine/xmlrpc';
import { lineReader, lineVersionReader, orderReader, versionReader } from '../../../electron/engine/sync/odoo-rows';

function requireWriteDate(value: Date | null, context: z.RefinementCtx): Date {
  if (value) return value;
  context.addIssue({ code: 'custom', message: 'write_date is empty', path: ['write_date'] });
  return z.NEVER;
}

const orderSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    partner_id: odooMany2oneRef(),
    state: z.string(),
    date_order: odooDatetime(),
    commitment_date: odooDatetime(),
    write_date: odooDatetime(),
  })
  .transform((raw, context) => ({
    id: raw.id,
    name: raw.name,
    partnerId: raw.partner_id?.id ?? null,
    state: raw.state,
    dateOrder: raw.date_order,
    commitmentDate: raw.commitment_date,
    writeDate: requireWriteDate(raw.write_date, context),
  }));

const lineSchema = z
  .object({
    id: z.number().int(),
    order_id: odooMany2oneRef(),
    product_id: odooMany2oneRef(),
    display_type: odooNullableString(),
    product_uom_qty: odooFloat(),
    qty_delivered: odooFloat(),
    qty_invoiced: odooFloat(),
    price_unit: odooFloat(),
    price_subtotal: odooFloat(),
    write_date: odooDatetime(),
  })
  .transform((raw, context) => ({
    id: raw.id,
    orderId: raw.order_id?.id ?? -1,
    productId: raw.product_id?.id ?? null,
    displayType: raw.display_type,
    productUomQty: raw.product_uom_qty,
    qtyDelivered: raw.qty_delivered,
    qtyInvoiced: raw.qty_invoiced,
    priceUnit: raw.price_unit,
    priceSubtotal: raw.price_subtotal,
    writeDate: requireWriteDate(raw.write_date, context),
  }));

const versionSchema = z
  .object({ id: z.number().int(), write_date: odooDatetime() })
  .transform((raw, context) => ({ id: raw.id, writeDate: requireWriteDate(raw.write_date, context) }));

const lineVersionSchema = z
  .object({ id: z.number().int(), order_id: odooMany2oneRef(), write_date: odooDatetime() })
  .transform((raw, context) => ({ orderId: raw.order_id?.id ?? null, writeDate: requireWriteDate(raw.write_date, context) }));

const goodOrder = {
  id: 7,
  name: 'S00007',
  partner_id: [3, 'Cliente'],
  state: 'sale',
  date_order: '2026-05-01 10:00:00',
  commitment_date: false,
  write_date: '2026-05-02 11:22:33',
};
const goodLine = {
  id: 70,
  order_id: [7, 'S00007'],
  product_id: [9, '[P9] Produto'],
  display_type: false,
  product_uom_qty: 3,
  qty_delivered: 1.5,
  qty_invoiced: 0,
  price_unit: 10.25,
  price_subtotal: 30.75,
  write_date: '2026-05-02 11:22:33',
};

/** Bad values, each tried in every field: every kind the wire can carry. */
const BAD_VALUES: unknown[] = [
  undefined,
  null,
  false,
  true,
  0,
  -1,
  1.5,
  2 ** 60,
  -(2 ** 60),
  'x',
  '',
  '2026-02-30 10:00:00',
  '2026-05-01',
  [],
  [0, 'x'],
  [-3, 'x'],
  [1.5, 'x'],
  [4, false],
  [4],
  ['4', 'x'],
  [4, 'x', 'y'],
  {},
  new Date('2026-01-01T00:00:00Z'),
];

const context = { model: 'sale.order.line', method: 'search_read' };

function outcome(rows: unknown[], schema: RecordSchema): { ok: unknown } | { message: string; row?: number; field?: string } {
  try {
    return { ok: parseRecords(rows as XmlRpcValue, schema, context) };
  } catch (error) {
    if (!(error instanceof OdooResponseError)) throw error;
    return { message: error.message, row: error.row, field: error.field };
  }
}

const pairs = [
  { name: 'sale.order', good: goodOrder, zod: orderSchema, reader: orderReader },
  { name: 'sale.order.line', good: goodLine, zod: lineSchema, reader: lineReader },
  { name: 'version', good: { id: 5, write_date: '2026-05-02 11:22:33' }, zod: versionSchema, reader: versionReader },
  { name: 'line version', good: { id: 5, order_id: [7, 'S00007'], write_date: '2026-05-02 11:22:33' }, zod: lineVersionSchema, reader: lineVersionReader },
];

/** The same row as `load: ''` gives it: every many2one a bare id. */
const bareIds = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Array.isArray(value) && value.length === 2 ? value[0] : value]));

describe.each(pairs)('the $name reader', ({ good, zod, reader }) => {
  it('reads a good row exactly as the zod schema does', () => {
    const rows = [good, { ...good, id: 8 }];
    expect(outcome(rows, reader)).toEqual(outcome(rows, zod));
  });

  it("reads many2one fields as bare ids (load: '') exactly as pairs", () => {
    const rows = [bareIds(good), { ...bareIds(good), id: 8 }];
    expect(outcome(rows, reader)).toEqual(outcome(rows, zod));
    expect(outcome(rows, reader)).toEqual(outcome([good, { ...good, id: 8 }], reader));
  });

  it("refuses every bad value in every field with the zod schema's error, naming row and field", () => {
    let compared = 0;
    for (const field of Object.keys(good)) {
      for (const bad of BAD_VALUES) {
        const row: Record<string, unknown> = { ...good };
        if (bad === undefined) delete row[field];
        else row[field] = bad;
        const rows = [good, row];
        const expected = outcome(rows, zod);
        expect(outcome(rows, reader), `${field} = ${String(bad)}`).toEqual(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('refuses a row that is no record, and names the second bad field only when the first is good', () => {
    for (const notARecord of [null, false, [1, 2], 'row']) expect(outcome([notARecord], reader)).toEqual(outcome([notARecord], zod));
    const twoBad = { ...good, id: 'x', write_date: false };
    expect(outcome([twoBad], reader)).toEqual(outcome([twoBad], zod));
  });
});

describe('a bad hot row', () => {
  it('is one error naming model, method, row and field', () => {
    const result = outcome([goodLine, goodLine, { ...goodLine, qty_delivered: '1.0' }], lineReader);
    expect(result).toEqual({
      message: 'sale.order.line.search_read: row 2 field "qty_delivered": expected number, got string',
      row: 2,
      field: 'qty_delivered',
    });
    expect(outcome([{ ...goodLine, write_date: false }], lineReader)).toMatchObject({
      message: 'sale.order.line.search_read: row 0 field "write_date": write_date is empty',
    });
    expect(outcome([{ ...goodLine, order_id: [7, false] }], lineReader)).toMatchObject({
      message: 'sale.order.line.search_read: row 0 field "order_id": unexpected list [7,false] (Invalid input)',
    });
    expect(outcome([{ ...goodLine, order_id: [0, 'x'] }], lineReader)).toMatchObject({
      message: 'sale.order.line.search_read: row 0 field "order_id.0": Too small: expected number to be >0',
    });
  });
});

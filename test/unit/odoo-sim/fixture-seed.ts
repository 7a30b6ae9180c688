/**
 * Seeds a simulator with the records the recorded Odoo transcripts show (read from the
 * response fixtures themselves), plus the filler the counts in them imply, so each
 * recorded request can be replayed and must give the recorded answer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OdooSimulator } from '../../../electron/engine/odoo-sim';
import { ODOO_FIXTURES_DIR } from '../../support/fixtures';
import { plain, readTypedResponse } from './typed-xml';

export function fixtureNames(): string[] {
  return readdirSync(ODOO_FIXTURES_DIR)
    .filter((f) => f.endsWith('.request.xml'))
    .map((f) => f.replace(/\.request\.xml$/, ''))
    .sort();
}

export function readFixture(name: string, kind: 'request' | 'response'): string {
  return readFileSync(join(ODOO_FIXTURES_DIR, `${name}.${kind}.xml`), 'utf8');
}

type Rec = Record<string, unknown>;

function records(name: string): Rec[] {
  const response = readTypedResponse(readFixture(name, 'response'));
  if (response.kind !== 'value') throw new Error(`${name} is a fault`);
  return plain(response.value) as Rec[];
}

function m2o(value: unknown): [number, string] | undefined {
  return Array.isArray(value) ? (value as [number, string]) : undefined;
}

/** Adds a few microseconds so tests also prove that whole seconds are shown. */
function micro(datetime: unknown, us = 412_345): string | false {
  return typeof datetime === 'string' ? `${datetime}.${String(us).padStart(6, '0')}` : false;
}

export function seedFromFixtures(sim: OdooSimulator): void {
  const lines = [...records('04-object-search-read-lines'), ...records('15-object-search-read-mixed-lines')];
  const orders = records('05-object-search-read-orders');

  // products: read fixture + the many2one names on lines ("[CODE] Name" or "Name")
  const products = new Map<number, Rec>();
  for (const line of lines) {
    const product = m2o(line.product_id);
    if (!product) continue;
    const match = /^\[([^\]]+)\] (.*)$/.exec(product[1]);
    products.set(product[0], { id: product[0], name: match ? match[2] : product[1], default_code: match ? match[1] : false });
  }
  for (const p of records('07-object-read-products')) products.set(p.id as number, { id: p.id, name: p.name, default_code: p.default_code, active: p.active });

  const partners = new Map<number, Rec>();
  for (const o of orders) {
    const partner = m2o(o.partner_id);
    if (partner) partners.set(partner[0], { id: partner[0], name: partner[1], vat: false });
  }
  for (const p of records('09-object-read-partner')) partners.set(p.id as number, { id: p.id, name: p.name, vat: p.vat });

  const firstLine = new Map<number, Rec>();
  for (const line of lines) {
    const order = m2o(line.order_id) as [number, string];
    if (!firstLine.has(order[0])) firstLine.set(order[0], line);
  }
  const orderRecs = new Map<number, Rec>();
  for (const o of orders) {
    orderRecs.set(o.id as number, {
      id: o.id,
      name: o.name,
      partner_id: (m2o(o.partner_id) as [number, string])[0],
      state: o.state,
      date_order: o.date_order,
      commitment_date: o.commitment_date,
      client_order_ref: o.client_order_ref,
      create_date: micro(firstLine.get(o.id as number)?.create_date ?? o.write_date, 100_000),
      write_date: micro(o.write_date),
    });
  }
  for (const [id, line] of firstLine) {
    if (orderRecs.has(id)) continue;
    const order = m2o(line.order_id) as [number, string];
    orderRecs.set(id, {
      id,
      name: order[1],
      partner_id: 10,
      state: line.state,
      date_order: line.create_date ?? line.write_date,
      create_date: micro(line.create_date ?? line.write_date, 100_000),
      write_date: micro(line.write_date),
    });
  }

  sim.orm.import('res.partner', [...partners.values()]);
  sim.orm.import('product.product', [...products.values()]);
  const lineIds = new Set(lines.map((l) => l.id as number));
  // Filler implied by other transcripts: lines 1..10 exist (06) and 33 lines are in state "sale" (10).
  const fillerOrders: Rec[] = [];
  const fillerLines: Rec[] = [];
  let lineId = 9;
  for (let orderId = 5; orderId <= 20; orderId++) {
    const sale = orderId <= 12;
    fillerOrders.push({
      id: orderId,
      name: `S${String(orderId).padStart(5, '0')}`,
      partner_id: 12,
      state: sale ? 'sale' : 'draft',
      date_order: '2026-11-29 17:03:00',
      write_date: '2026-11-29 17:03:00.5',
      create_date: '2026-11-29 17:03:00.5',
    });
    const count = sale ? 4 : orderId <= 14 ? 2 : 0;
    for (let k = 0; k < count; k++, lineId++) {
      if (lineIds.has(lineId)) throw new Error(`filler line ${lineId} collides with a fixture line`);
      fillerLines.push({
        id: lineId,
        order_id: orderId,
        product_id: 5,
        product_uom_qty: 1,
        price_unit: 70,
        write_date: '2026-11-29 17:03:00.5',
        create_date: '2026-11-29 17:03:00.5',
      });
    }
  }
  sim.orm.import('sale.order', [...[...orderRecs.values()].sort((a, b) => (a.id as number) - (b.id as number)), ...fillerOrders]);
  sim.orm.import(
    'sale.order.line',
    [
      ...lines.map((l) => ({
        id: l.id,
        order_id: (m2o(l.order_id) as [number, string])[0],
        product_id: m2o(l.product_id)?.[0] ?? false,
        name: l.name,
        display_type: l.display_type,
        product_uom_qty: l.product_uom_qty,
        qty_delivered: l.qty_delivered,
        qty_invoiced: l.qty_invoiced,
        price_unit: l.price_unit,
        sequence: 10,
        create_date: micro(l.create_date ?? l.write_date, 100_000),
        write_date: micro(l.write_date),
      })),
      ...fillerLines,
    ].sort((a, b) => (a.id as number) - (b.id as number)),
  );
}

/** Per-transcript steps between seeding and replay (what happened in Odoo before that request). */
export function prepareFor(name: string, sim: OdooSimulator): void {
  if (name === '16-object-lines-after-confirm') {
    sim.orm.confirm(21, { at: new Date('2026-11-29T17:04:22.731Z') });
  }
}

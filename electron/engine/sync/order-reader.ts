/**
 * Everything the sync reads from Odoo, through the foundation's client: which orders
 * changed in a window, and those orders read whole (header, all lines, the products'
 * codes, the partners' names and VAT numbers). Lines are paged by `id >` (thousands of rows
 * share one write_date), and every response is validated by the client: the hot rows by the
 * readers of `odoo-rows.ts`, products and partners by the zod schemas below.
 */
import { z } from 'zod';
import { type OdooClient, formatOdooDatetime, odooNullableString, pageByIdAsc } from '../odoo';
import type { OdooOrder, OdooOrderLine, OdooPartner, OdooProduct } from './odoo-records';
import { LINE_FIELDS, ORDER_FIELDS, lineReader, lineVersionReader, orderReader, versionReader } from './odoo-rows';

const productSchema = z
  .object({ id: z.number().int(), name: z.string(), default_code: odooNullableString() })
  .transform((raw): OdooProduct => ({ id: raw.id, name: raw.name, defaultCode: raw.default_code }));

const partnerSchema = z
  .object({ id: z.number().int(), name: z.string(), vat: odooNullableString() })
  .transform((raw): OdooPartner => ({ id: raw.id, name: raw.name, vat: raw.vat }));

export type OdooDomain = unknown[];

export interface OrdersReadWhole {
  orders: OdooOrder[];
  linesByOrder: Map<number, OdooOrderLine[]>;
  products: Map<number, OdooProduct>;
  partners: Map<number, OdooPartner>;
}

export interface ChangedOrders {
  orderIds: number[];
  /** newest write_date among the orders and lines that matched the window */
  newestWriteDate: Date | null;
}

export class OrderReader {
  /** Products and partners change rarely: one read per id per run. */
  private readonly products = new Map<number, OdooProduct>();
  private readonly partners = new Map<number, OdooPartner>();

  constructor(
    private readonly client: OdooClient,
    private readonly pageSize = 5000,
  ) {}

  /**
   * Orders whose own write_date is in [from, to), plus the orders of lines whose write_date
   * is; a null bound is open. Odoo compares with microseconds but prints whole seconds, so
   * bounds are floored to the second: `>=` then takes a little more, never less.
   */
  async changedOrders(from: Date | null, to: Date | null): Promise<ChangedOrders> {
    const domain: OdooDomain = [];
    if (from) domain.push(['write_date', '>=', formatOdooDatetime(from)]);
    if (to) domain.push(['write_date', '<', formatOdooDatetime(to)]);
    const orderIds = new Set<number>();
    let newest: Date | null = null;
    const seen = (writeDate: Date) => {
      if (!newest || writeDate > newest) newest = writeDate;
    };
    for await (const page of pageByIdAsc(this.client, 'sale.order', domain, { fields: ['write_date'], schema: versionReader, pageSize: this.pageSize })) {
      for (const order of page) {
        orderIds.add(order.id);
        seen(order.writeDate);
      }
    }
    if (domain.length === 0) {
      // Every order is read anyway: of the lines only the newest write_date matters (the watermark).
      const [newestLine] = await this.client.searchRead('sale.order.line', [], {
        fields: ['order_id', 'write_date'],
        schema: lineVersionReader,
        order: 'write_date desc',
        limit: 1,
      });
      if (newestLine) seen(newestLine.writeDate);
    } else {
      for await (const page of pageByIdAsc(this.client, 'sale.order.line', domain, {
        fields: ['order_id', 'write_date'],
        schema: lineVersionReader,
        pageSize: this.pageSize,
      })) {
        for (const line of page) {
          if (line.orderId !== null) orderIds.add(line.orderId);
          seen(line.writeDate);
        }
      }
    }
    return { orderIds: [...orderIds].sort((a, b) => a - b), newestWriteDate: newest };
  }

  /** Every order id in Odoo with its own write_date (reconciliation). */
  async allOrderVersions(): Promise<Map<number, Date>> {
    const versions = new Map<number, Date>();
    for await (const page of pageByIdAsc(this.client, 'sale.order', [], { fields: ['write_date'], schema: versionReader, pageSize: this.pageSize })) {
      for (const order of page) versions.set(order.id, order.writeDate);
    }
    return versions;
  }

  /** Per order, the newest write_date of its lines changed since `since` (reconciliation of late commits). */
  async lineVersionsSince(since: Date): Promise<Map<number, Date>> {
    const versions = new Map<number, Date>();
    const domain = [['write_date', '>=', formatOdooDatetime(since)]];
    for await (const page of pageByIdAsc(this.client, 'sale.order.line', domain, {
      fields: ['order_id', 'write_date'],
      schema: lineVersionReader,
      pageSize: this.pageSize,
    })) {
      for (const line of page) {
        if (line.orderId === null) continue;
        const known = versions.get(line.orderId);
        if (!known || line.writeDate > known) versions.set(line.orderId, line.writeDate);
      }
    }
    return versions;
  }

  /** The orders (those that still exist) read whole. Ids Odoo no longer has are simply absent. */
  async readWhole(orderIds: readonly number[]): Promise<OrdersReadWhole> {
    // search_read, not read: `read` of a deleted id is a fault, and a deleted order is an answer here.
    const orders = await this.client.searchRead('sale.order', [['id', 'in', [...orderIds]]], { fields: ORDER_FIELDS, schema: orderReader, order: 'id asc' });
    const linesByOrder = new Map<number, OdooOrderLine[]>(orders.map((order) => [order.id, []]));
    const present = orders.map((order) => order.id);
    if (present.length > 0) {
      for await (const page of pageByIdAsc(this.client, 'sale.order.line', [['order_id', 'in', present]], {
        fields: LINE_FIELDS,
        schema: lineReader,
        pageSize: this.pageSize,
      })) {
        for (const line of page) linesByOrder.get(line.orderId)?.push(line);
      }
    }
    const productIds = new Set<number>();
    for (const lines of linesByOrder.values()) for (const line of lines) if (line.productId !== null) productIds.add(line.productId);
    await this.fill(this.products, 'product.product', productIds, ['name', 'default_code'], productSchema);
    await this.fill(
      this.partners,
      'res.partner',
      new Set(orders.flatMap((order) => (order.partnerId === null ? [] : [order.partnerId]))),
      ['name', 'vat'],
      partnerSchema,
    );
    return { orders, linesByOrder, products: this.products, partners: this.partners };
  }

  private async fill<T extends { id: number }>(cache: Map<number, T>, model: string, ids: Set<number>, fields: string[], schema: z.ZodType<T>): Promise<void> {
    const missing = [...ids].filter((id) => !cache.has(id));
    if (missing.length === 0) return;
    const records = await this.client.searchRead(model, [['id', 'in', missing]], { fields, schema, context: { active_test: false } });
    for (const record of records) cache.set(record.id, record);
  }
}

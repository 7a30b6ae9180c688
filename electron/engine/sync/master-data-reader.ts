/**
 * Master data reaches the carteira only through its orders (issue 16.5): the customer's name
 * and CNPJ (`res.partner` name, vat) and the product's code and name are copied into every row
 * of every order that uses them, and correcting them in Odoo moves neither the order's
 * write_date nor its lines'. So each run also reads which customers and products changed in its
 * window, and the orders that use them are re-read whole, like any other changed order.
 *
 * Why re-read the orders and not update the rows in place: the carteira keeps no partner or
 * product id (its key is the product's CODE, which is what changes), so an in-place update
 * would need a new schema, a second write path and its own fencing; re-reading keeps one code
 * path — the order read whole, its vanished keys deactivated (a new code is a new key) — and
 * costs two calls on a quiet Odoo. A catalogue-wide edit re-reads every order with those
 * products, once (bounded like any read: SYNC_MAX_ORDERS_PER_RUN).
 *
 * Where Odoo keeps these values (checked in the sources of 16.0 and 19.0, addons/product):
 *   - `default_code` is a column of product.product (the variant). Edited on the template (a
 *     product with one variant), the template's inverse writes it to the variant: the variant's
 *     write_date moves either way.
 *   - `name` is a column of product.template only; product.product reads it through
 *     `_inherits`. Renamed on the template form (Sales › Products), only product.template's
 *     write_date moves. So a product counts as changed when its own write_date or its
 *     template's is in the window (`product_tmpl_id.write_date`, one domain, one call).
 *   - `name` and `vat` are columns of res.partner; a company's vat is copied to its contacts by
 *     a write (commercial fields), which moves theirs too, and the order's customer is the
 *     partner the carteira shows.
 * The reconciliation re-reads the orders whose customer or products changed within its
 * lookback as well (`OrderReader.lineVersionsSince`), repairing a correction a run missed.
 */
import { z } from 'zod';
import { formatOdooDatetime, odooMany2oneRef, pageByIdAsc, type OdooClient } from '../odoo';
import { OdooReadBoundExceeded } from '../odoo/paging';
import { BARE_IDS, versionReader } from './odoo-rows';
import { lineBound, orderBound, type ReadLimits } from './read-limits';

const orderPartnerSchema = z.object({ id: z.number().int(), partner_id: odooMany2oneRef() });
const lineProductSchema = z.object({ id: z.number().int(), order_id: odooMany2oneRef(), product_id: odooMany2oneRef() });

/** Archived customers and products still name the orders that use them. */
const EVERY_RECORD = { active_test: false };

/** Ids per `in` leaf: keeps each request a few tens of kB. */
const IDS_PER_LEAF = 5000;

type PagingClient = Pick<OdooClient, 'executeKw'>;

export class MasterDataReader {
  constructor(
    private readonly odoo: PagingClient,
    private readonly limits: ReadLimits,
  ) {}

  /**
   * Per order, the newest write_date of its customer or of a product on its lines, among the
   * customers and products changed in [from, to) (to null: open). A product changed through its
   * template counts from `from` (the template's change is at least that recent).
   */
  async affectedOrders(from: Date, to: Date | null): Promise<Map<number, Date>> {
    const since = formatOdooDatetime(from);
    const until = to ? formatOdooDatetime(to) : null;
    const inWindow = (field: string): unknown[] => (until ? ['&', [field, '>=', since], [field, '<', until]] : [[field, '>=', since]]);
    const [partners, products] = await Promise.all([
      this.changed('res.partner', inWindow('write_date'), from),
      this.changed('product.product', ['|', ...inWindow('write_date'), ...inWindow('product_tmpl_id.write_date')], from),
    ]);
    const affected = new Map<number, Date>();
    const note = (orderId: number, at: Date): void => {
      const known = affected.get(orderId);
      if (!known || at > known) affected.set(orderId, at);
      if (affected.size > this.limits.maxOrders) {
        throw new OdooReadBoundExceeded({
          model: 'sale.order',
          rows: affected.size,
          bound: orderBound(this.limits),
          what: 'pedidos de clientes ou produtos alterados',
        });
      }
    };
    await Promise.all([
      this.eachIn('sale.order', 'partner_id', [...partners.keys()], ['partner_id'], orderPartnerSchema, orderBound(this.limits), (row) => {
        if (row.partner_id) note(row.id, partners.get(row.partner_id.id) ?? from);
      }),
      this.eachIn('sale.order.line', 'product_id', [...products.keys()], ['order_id', 'product_id'], lineProductSchema, lineBound(this.limits), (row) => {
        if (row.order_id && row.product_id) note(row.order_id.id, products.get(row.product_id.id) ?? from);
      }),
    ]);
    return affected;
  }

  /** Ids (with write_date, at least `from`) of the records of `model` matching `domain`. */
  private async changed(model: string, domain: unknown[], from: Date): Promise<Map<number, Date>> {
    const changed = new Map<number, Date>();
    const bound = orderBound(this.limits);
    for await (const page of pageByIdAsc(this.odoo, model, domain, {
      fields: ['write_date'],
      schema: versionReader,
      pageSize: this.limits.pageSize,
      context: EVERY_RECORD,
      bound,
    })) {
      for (const record of page) changed.set(record.id, record.writeDate < from ? from : record.writeDate);
    }
    return changed;
  }

  /** Every row of `model` whose `field` is one of `ids`, a leaf of a few thousand ids at a time. */
  private async eachIn<S extends z.ZodType<{ id: number }>>(
    model: string,
    field: string,
    ids: readonly number[],
    fields: string[],
    schema: S,
    bound: ReturnType<typeof orderBound>,
    visit: (row: z.output<S>) => void,
  ): Promise<void> {
    for (let start = 0; start < ids.length; start += IDS_PER_LEAF) {
      const leaf = [field, 'in', ids.slice(start, start + IDS_PER_LEAF)];
      for await (const page of pageByIdAsc(this.odoo, model, [leaf], { fields, schema, pageSize: this.limits.pageSize, kwargs: BARE_IDS, bound })) {
        for (const row of page) visit(row as z.output<S>);
      }
    }
  }
}

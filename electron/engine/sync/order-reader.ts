/**
 * Everything the sync reads from Odoo, through the foundation's client: which orders changed
 * in a window (their own write_date, their lines', their customer's or products': see
 * `master-data-reader.ts`), and orders read whole (header, all lines, the products' codes, the
 * partners' names and VAT numbers), either every order (a full load) or a list of ids.
 *
 * Reading orders whole: a page of orders (by `id >`, or by `id in` a slice of the list) brings
 * each order's line ids (`order_line`), so the lines of a group of orders are then read with
 * one `order_id in` search_read that asks for exactly as many rows as they have (groups of
 * about a page of lines: a full load makes about as many calls as a bare reader paging the two
 * tables). Groups are read in parallel, at most SYNC_ODOO_PARALLEL_READS calls in flight, and
 * handed over in order while the caller writes the previous ones (`read-ahead.ts`); memory
 * follows the page size and that number, never the size of the order book.
 *
 * Every read ends on an empty page or on the row count it expects, never on a short page (a
 * server capping search_read), and is bounded (`read-limits.ts`). Every response is validated
 * by the client: the hot rows by the readers of `odoo-rows.ts`, products and partners by the
 * zod schemas below.
 */
import { z } from 'zod';
import { type OdooClient, formatOdooDatetime, odooNullableString, pageByIdAsc } from '../odoo';
import { OdooReadBoundExceeded } from '../odoo/paging';
import { MasterDataReader } from './master-data-reader';
import type { OdooOrder, OdooOrderLine, OdooPartner, OdooProduct } from './odoo-records';
import { BARE_IDS, LINE_FIELDS, lineReader, lineVersionReader, versionReader } from './odoo-rows';
import { ORDER_WITH_LINE_IDS_FIELDS, orderWithLineIdsReader, type OdooOrderWithLineIds } from './order-with-line-ids';
import { ReadLimiter, readAhead } from './read-ahead';
import { DEFAULT_READ_LIMITS, lineBound, orderBound, type ReadLimits } from './read-limits';

const productSchema = z
  .object({ id: z.number().int(), name: z.string(), default_code: odooNullableString() })
  .transform((raw): OdooProduct => ({ id: raw.id, name: raw.name, defaultCode: raw.default_code }));

const partnerSchema = z
  .object({ id: z.number().int(), name: z.string(), vat: odooNullableString() })
  .transform((raw): OdooPartner => ({ id: raw.id, name: raw.name, vat: raw.vat }));

/** Archived products and customers still name the orders that use them. */
const EVERY_RECORD = { active_test: false };

export type OdooDomain = unknown[];

/** A group of orders read whole, in the order they were asked for. */
export interface OrdersReadWhole {
  orders: OdooOrder[];
  linesByOrder: Map<number, OdooOrderLine[]>;
  /** asked-for ids Odoo no longer has (a deleted order is an answer here) */
  deletedOrderIds: number[];
}

/** Products and partners of the orders read so far: what `mapOrder` looks names up in. */
export interface ReadLookups {
  products: ReadonlyMap<number, OdooProduct>;
  partners: ReadonlyMap<number, OdooPartner>;
}

export interface ChangedOrders {
  /** orders that changed in the window, or whose lines did */
  orderIds: number[];
  /**
   * orders (not among `orderIds`) whose customer or products changed in the window: a correction
   * to copy into rows the carteira has, so the caller keeps those it holds (an order from before
   * SYNC_INITIAL_SINCE is not pulled in by its customer's new name)
   */
  viaMasterData: number[];
  /** newest write_date among the orders and lines that matched the window */
  newestWriteDate: Date | null;
}

/** Every order (a full load), or these ids. */
export type OrderSource = 'all' | { ids: readonly number[] };

export class OrderReader {
  readonly limits: ReadLimits;
  /** Products and partners: one read per id per run, shared by the parallel reads. */
  private readonly products = new Map<number, OdooProduct>();
  private readonly partners = new Map<number, OdooPartner>();
  private readonly pending = { products: new Map<number, Promise<void>>(), partners: new Map<number, Promise<void>>() };
  /** every call of this reader goes through the limiter: at most `parallelReads` in flight */
  private readonly limiter: ReadLimiter;
  private readonly odoo: Pick<OdooClient, 'executeKw' | 'searchCount' | 'searchRead'>;
  private readonly masterData: MasterDataReader;

  constructor(
    private readonly client: OdooClient,
    limits: Partial<ReadLimits> = {},
  ) {
    this.limits = { ...DEFAULT_READ_LIMITS, ...limits };
    const limiter = (this.limiter = new ReadLimiter(this.limits.parallelReads));
    this.odoo = {
      executeKw: (...call) => limiter.run(() => client.executeKw(...call)),
      searchCount: (...call) => limiter.run(() => client.searchCount(...call)),
      searchRead: (model, domain, options) => limiter.run(() => client.searchRead(model, domain, options)),
    };
    this.masterData = new MasterDataReader(this.odoo, this.limits);
  }

  get lookups(): ReadLookups {
    return { products: this.products, partners: this.partners };
  }

  /**
   * Orders whose own write_date is in [from, to) and the orders of lines whose write_date is
   * (`orderIds`); apart from them (`viaMasterData`), the orders whose customer or products
   * changed in it. A null bound is open. Odoo compares with microseconds but prints whole
   * seconds, so bounds are floored to the second: `>=` then takes a little more, never less. The
   * watermark candidate comes from orders and lines only.
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
    const collect = (orderId: number) => {
      orderIds.add(orderId);
      if (orderIds.size > this.limits.maxOrders) {
        throw new OdooReadBoundExceeded({ model: 'sale.order', rows: orderIds.size, bound: orderBound(this.limits), what: 'pedidos alterados' });
      }
    };
    const { pageSize } = this.limits;
    const readOrders = async () => {
      for await (const page of pageByIdAsc(this.odoo, 'sale.order', domain, {
        fields: ['write_date'],
        schema: versionReader,
        pageSize,
        kwargs: BARE_IDS,
        bound: orderBound(this.limits),
      })) {
        for (const order of page) {
          collect(order.id);
          seen(order.writeDate);
        }
      }
    };
    const readLines = async () => {
      if (domain.length === 0) {
        // Every order is read anyway: of the lines only the newest write_date matters (the watermark).
        const [newestLine] = await this.odoo.searchRead('sale.order.line', [], {
          fields: ['order_id', 'write_date'],
          schema: lineVersionReader,
          order: 'write_date desc',
          limit: 1,
        });
        if (newestLine) seen(newestLine.writeDate);
        return;
      }
      for await (const page of this.lineVersionPages(domain)) {
        for (const line of page) {
          if (line.orderId !== null) collect(line.orderId);
          seen(line.writeDate);
        }
      }
    };
    const viaMasterData = new Set<number>();
    const readMasterData = async () => {
      if (!from) return; // no window start: every order is read anyway
      for (const orderId of (await this.masterData.affectedOrders(from, to)).keys()) viaMasterData.add(orderId);
    };
    await Promise.all([readOrders(), readLines(), readMasterData()]);
    for (const orderId of orderIds) viaMasterData.delete(orderId);
    if (orderIds.size + viaMasterData.size > this.limits.maxOrders) {
      throw new OdooReadBoundExceeded({
        model: 'sale.order',
        rows: orderIds.size + viaMasterData.size,
        bound: orderBound(this.limits),
        what: 'pedidos alterados (ou de clientes e produtos alterados)',
      });
    }
    const ascending = (ids: Iterable<number>) => [...ids].sort((a, b) => a - b);
    return { orderIds: ascending(orderIds), viaMasterData: ascending(viaMasterData), newestWriteDate: newest };
  }

  /** How many orders Odoo has (a full load's total, for its progress). */
  countOrders(): Promise<number> {
    return this.odoo.searchCount('sale.order', []);
  }

  /** Every order id in Odoo with its own write_date (reconciliation). */
  async allOrderVersions(): Promise<Map<number, Date>> {
    const versions = new Map<number, Date>();
    const { pageSize } = this.limits;
    for await (const page of pageByIdAsc(this.odoo, 'sale.order', [], {
      fields: ['write_date'],
      schema: versionReader,
      pageSize,
      kwargs: BARE_IDS,
      bound: orderBound(this.limits),
    })) {
      for (const order of page) versions.set(order.id, order.writeDate);
    }
    return versions;
  }

  /**
   * Per order, the newest write_date of its lines changed since `since` (reconciliation of late
   * commits) — and of its customer and products changed since then: a correction of those
   * reaches an order only by re-reading it, and this is how the reconciliation repairs one a
   * run missed (issue 16.5).
   */
  async lineVersionsSince(since: Date): Promise<Map<number, Date>> {
    const versions = new Map<number, Date>();
    const note = (orderId: number, at: Date) => {
      const known = versions.get(orderId);
      if (!known || at > known) versions.set(orderId, at);
    };
    const domain = [['write_date', '>=', formatOdooDatetime(since)]];
    const [affected] = await Promise.all([
      this.masterData.affectedOrders(since, null),
      (async () => {
        for await (const page of this.lineVersionPages(domain)) {
          for (const line of page) if (line.orderId !== null) note(line.orderId, line.writeDate);
        }
      })(),
    ]);
    for (const [orderId, at] of affected) note(orderId, at);
    return versions;
  }

  /**
   * The orders read whole, group after group in id order, the next groups read while the
   * caller handles one. Ids Odoo no longer has come back as `deletedOrderIds`. The first page
   * of orders (and so the first group) holds at most `firstOrders`, each next page five times
   * as many up to a full page: the writer starts at once and the reads stay ahead of it, at most
   * `parallelReads` groups (more only grew the peak RSS: they wait, and are promoted to V8's old
   * space, while the writer is the bottleneck).
   */
  wholeOrders(source: OrderSource, firstOrders = this.limits.pageSize): AsyncGenerator<OrdersReadWhole, void, undefined> {
    return readAhead(this.groups(source, Math.max(1, Math.min(firstOrders, this.limits.pageSize))), this.limits.parallelReads);
  }

  /** Order id and write_date of the lines matching `domain`, a page at a time (bounded like every read of lines). */
  private lineVersionPages(domain: OdooDomain) {
    return pageByIdAsc(this.odoo, 'sale.order.line', domain, {
      fields: ['order_id', 'write_date'],
      schema: lineVersionReader,
      pageSize: this.limits.pageSize,
      kwargs: BARE_IDS,
      bound: lineBound(this.limits),
    });
  }

  /** The client for the reads of group `index`: an earlier group's reads go first when calls wait for a slot. */
  private forGroup(index: number): Pick<OdooClient, 'executeKw'> {
    return { executeKw: (...call) => this.limiter.run(() => this.client.executeKw(...call), index) };
  }

  /** Tasks that read one group of orders' lines (and its products and partners), a page of orders at a time. */
  private async *groups(source: OrderSource, firstOrders: number): AsyncGenerator<() => Promise<OrdersReadWhole>, void, undefined> {
    let index = 0;
    for await (const page of this.orderPages(source, firstOrders, () => index)) {
      let deleted = page.deleted;
      // the customers of a whole page of orders in one read, while its groups' lines are read
      const partnerIds = page.orders.flatMap((order) => (order.partnerId === null ? [] : [order.partnerId]));
      const partners = this.fill(this.forGroup(index), 'partners', partnerIds);
      partners.catch(() => undefined); // awaited by the page's groups
      for (const group of groupByLines(page.orders, this.limits.pageSize)) {
        const deletedOrderIds = deleted;
        const odoo = this.forGroup(index++);
        deleted = [];
        yield () => this.readGroup(odoo, group, deletedOrderIds, partners);
      }
      if (deleted.length > 0) {
        const deletedOrderIds = deleted;
        yield () => Promise.resolve({ orders: [], linesByOrder: new Map(), deletedOrderIds });
      }
    }
  }

  /** Orders with their line ids, a page at a time: all of them by `id >`, or the list by `id in` slices. */
  private async *orderPages(
    source: OrderSource,
    firstOrders: number,
    nextGroup: () => number,
  ): AsyncGenerator<{ orders: OdooOrderWithLineIds[]; deleted: number[] }, void, undefined> {
    const { pageSize } = this.limits;
    // a page of orders goes before the reads of the groups after it, not before earlier ones
    const odoo = { executeKw: (...call: Parameters<OdooClient['executeKw']>) => this.forGroup(nextGroup()).executeKw(...call) };
    const options = { fields: ORDER_WITH_LINE_IDS_FIELDS, schema: orderWithLineIdsReader, pageSize, kwargs: BARE_IDS, bound: orderBound(this.limits) };
    // Pages of `firstOrders`, then five times as many each time up to a full page: the first
    // lines are read (and written) while the next, bigger page of orders is read.
    let size = firstOrders;
    const grow = () => (size = Math.min(size * 5, pageSize));
    if (source === 'all') {
      let lastId = 0;
      let read = 0;
      for (;;) {
        const orders: OdooOrderWithLineIds[] = [];
        const bound = { ...options.bound, maxRows: options.bound.maxRows - read };
        // ends on `size` orders or on an empty page: fewer than `size` is the end, confirmed
        for await (const page of pageByIdAsc(odoo, 'sale.order', [['id', '>', lastId]], { ...options, pageSize: size, upTo: size, bound }))
          orders.push(...page);
        if (orders.length === 0) return;
        yield { orders, deleted: [] };
        if (orders.length < size) return;
        read += orders.length;
        lastId = orders[orders.length - 1].id;
        grow();
      }
    }
    const ids = [...new Set(source.ids)].sort((a, b) => a - b);
    if (ids.length > this.limits.maxOrders) {
      throw new OdooReadBoundExceeded({ model: 'sale.order', rows: ids.length, bound: orderBound(this.limits), what: 'pedidos a reler' });
    }
    for (let start = 0; start < ids.length; grow()) {
      const slice = ids.slice(start, start + size);
      start += slice.length;
      // search_read, not read: `read` of a deleted id is a fault, and a deleted order is an answer here.
      const orders: OdooOrderWithLineIds[] = [];
      for await (const page of pageByIdAsc(odoo, 'sale.order', [['id', 'in', slice]], { ...options, upTo: slice.length })) orders.push(...page);
      const found = new Set(orders.map((order) => order.id));
      yield { orders, deleted: slice.filter((id) => !found.has(id)) };
    }
  }

  private async readGroup(
    odoo: Pick<OdooClient, 'executeKw'>,
    orders: OdooOrderWithLineIds[],
    deletedOrderIds: number[],
    partners: Promise<void>,
  ): Promise<OrdersReadWhole> {
    const linesByOrder = new Map<number, OdooOrderLine[]>(orders.map((order) => [order.id, []]));
    const expected = orders.reduce((sum, order) => sum + order.lineIds.length, 0);
    const readLines = async () => {
      if (expected === 0) return;
      const domain = [['order_id', 'in', orders.map((order) => order.id)]];
      // As many rows as the orders listed: a line added since is left to the next run (its write_date is after this run's start).
      const options = {
        fields: LINE_FIELDS,
        schema: lineReader,
        pageSize: this.limits.pageSize,
        upTo: expected,
        kwargs: BARE_IDS,
        bound: lineBound(this.limits),
      };
      for await (const page of pageByIdAsc(odoo, 'sale.order.line', domain, options)) for (const line of page) linesByOrder.get(line.orderId)?.push(line);
    };
    await Promise.all([readLines(), partners]);
    const productIds: number[] = [];
    for (const lines of linesByOrder.values()) for (const line of lines) if (line.productId !== null) productIds.push(line.productId);
    await this.fill(odoo, 'products', productIds);
    return { orders, linesByOrder, deletedOrderIds };
  }

  /** Reads the products or partners not known yet; one read per id per run, even across parallel groups. */
  private async fill(odoo: Pick<OdooClient, 'executeKw'>, kind: 'products' | 'partners', ids: readonly number[]): Promise<void> {
    const known: Map<number, unknown> = kind === 'products' ? this.products : this.partners;
    const pending = this.pending[kind];
    const missing = [...new Set(ids)].filter((id) => !known.has(id) && !pending.has(id));
    if (missing.length > 0) {
      const reading = this.readRecords(odoo, kind, missing);
      reading.catch(() => undefined); // awaited below, and by any group that needs these ids
      for (const id of missing) pending.set(id, reading);
      void reading.finally(() => missing.forEach((id) => pending.delete(id))).catch(() => undefined);
    }
    const reads = new Set<Promise<void>>();
    for (const id of ids) {
      const read = pending.get(id);
      if (read) reads.add(read);
    }
    await Promise.all(reads);
  }

  private async readRecords(odoo: Pick<OdooClient, 'executeKw'>, kind: 'products' | 'partners', ids: number[]): Promise<void> {
    const { pageSize } = this.limits;
    for (let start = 0; start < ids.length; start += pageSize) {
      const slice = ids.slice(start, start + pageSize);
      const domain = [['id', 'in', slice]];
      const options = { pageSize, upTo: slice.length, context: EVERY_RECORD };
      if (kind === 'products') {
        for await (const page of pageByIdAsc(odoo, 'product.product', domain, { ...options, fields: ['name', 'default_code'], schema: productSchema })) {
          for (const product of page) this.products.set(product.id, product);
        }
      } else {
        for await (const page of pageByIdAsc(odoo, 'res.partner', domain, { ...options, fields: ['name', 'vat'], schema: partnerSchema })) {
          for (const partner of page) this.partners.set(partner.id, partner);
        }
      }
    }
  }
}

/**
 * Consecutive orders grouped so each group has at most about `pageSize` lines (an order with
 * more is a group of its own, paged): one `order_id in` search_read per group.
 */
function groupByLines(orders: readonly OdooOrderWithLineIds[], pageSize: number): OdooOrderWithLineIds[][] {
  const groups: OdooOrderWithLineIds[][] = [];
  let group: OdooOrderWithLineIds[] = [];
  let lines = 0;
  for (const order of orders) {
    if (group.length > 0 && lines + order.lineIds.length > pageSize) {
      groups.push(group);
      group = [];
      lines = 0;
    }
    group.push(order);
    lines += order.lineIds.length;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/**
 * The ORM semantics the simulator reproduces: search / read / search_read / search_count,
 * create / write / unlink, and sale.order's action_confirm / action_cancel, with Odoo's
 * side effects — `write_date` = the transaction's start time on every row it touches, the
 * order's `state` copied onto its lines (a related stored field), `price_subtotal` and
 * `amount_total` recomputed (moving the order's `write_date` when the total changes),
 * header-only edits touching only the order, and hard deletes. A product's name is its
 * template's (`_inherits`): renaming the template moves only the template's write_date; renaming
 * the product writes the template too; creating either creates the other.
 */
import type { Clock } from '../clock';
import { double, type XmlRpcDouble } from '../xmlrpc';
import { blankRow, Database, Table, type Row, type Stored } from './database';
import { dateToMicros, formatOdooDatetime, parseOdooDatetime, truncateToSecond, type Micros } from './datetime';
import { compileDomain, displayName, type Domain, type Predicate } from './domain';
import { badArguments, invalidReadField, missingRecord, OdooSimFault, pythonTraceback, pyRepr, unknownModel, userError } from './errors';
import { MODELS, isFloatType, isModelName, type FieldDef, type ModelDef, type ModelName, type OrderState } from './models';
import { comparator, parseOrder, plainIdOrder } from './order-by';

/** A field value as Odoo returns it: `false` for empty, `[id, name]` for many2one, ids for one2many, datetimes as `YYYY-MM-DD HH:MM:SS`. */
export type OdooFieldValue = number | string | boolean | number[] | [number, string];

export interface OdooRecord {
  id: number;
  [field: string]: OdooFieldValue;
}

/** Values for create/write, in Odoo's wire shapes (`false` to empty a field, datetimes as strings or Date). */
export type Vals = Record<string, unknown>;

export interface SearchOptions {
  offset?: number;
  limit?: number | false | null;
  order?: string | false | null;
  context?: Record<string, unknown>;
}

export interface SearchReadOptions extends SearchOptions {
  fields?: readonly string[] | false | null;
}

export interface MutationOptions {
  /** Transaction start time (= `write_date`); default: the simulator clock's now. */
  at?: Date;
}

export interface UnlinkOptions extends MutationOptions {
  /** Skip Odoo's "cancel it first" / "confirmed line" checks (tests only). */
  force?: boolean;
}

/** The context of one write transaction. */
export interface WriteContext {
  at: Micros;
  uid: number;
}

export const ADMIN_UID = 2;

/** How answers are shaped for the wire: XML-RPC needs floats marked as doubles, JSON does not. */
export type OrmWire = 'xmlrpc' | 'json';

const round2 = (x: number): number => Math.round((x + (x >= 0 ? Number.EPSILON : -Number.EPSILON)) * 100) / 100;

const LINE_AMOUNT_FIELDS = new Set(['product_uom_qty', 'price_unit', 'display_type', 'product_id']);
/** Fields callers may not write (computed, related or log-access); create/write ignore them as Odoo does. */
const IGNORED_ON_WRITE = new Set(['id', 'create_date', 'write_date', 'display_name', 'price_subtotal', 'amount_total']);

type FormattedValue = OdooFieldValue | XmlRpcDouble;

interface Scan {
  predicate: Predicate;
  min: number;
  max: number;
  only?: number[];
  floor?: { value: number; strict: boolean };
}

export class OdooOrm {
  constructor(
    readonly db: Database,
    readonly clock: Clock,
    readonly uid: number = ADMIN_UID,
  ) {}

  // ---------------------------------------------------------------- public, in-process

  create(model: ModelName, vals: Vals, options: MutationOptions = {}): number {
    const ctx = this.context(options.at);
    return this.db.atomic(() => this.applyCreate(ctx, model, vals));
  }

  write(model: ModelName, ids: number | readonly number[], vals: Vals, options: MutationOptions = {}): void {
    const ctx = this.context(options.at);
    this.db.atomic(() => this.applyWrite(ctx, model, toIds(ids), vals));
  }

  unlink(model: ModelName, ids: number | readonly number[], options: UnlinkOptions = {}): void {
    const ctx = this.context(options.at);
    this.db.atomic(() => this.applyUnlink(ctx, model, toIds(ids), options.force ?? false));
  }

  /** sale.order `action_confirm`: draft/sent → sale; lines follow (state and write_date). */
  confirm(orderIds: number | readonly number[], options: MutationOptions = {}): void {
    const ctx = this.context(options.at);
    this.db.atomic(() => this.applyConfirm(ctx, toIds(orderIds)));
  }

  /** sale.order `action_cancel`: → cancel; lines follow. */
  cancel(orderIds: number | readonly number[], options: MutationOptions = {}): void {
    const ctx = this.context(options.at);
    this.db.atomic(() => this.applyCancel(ctx, toIds(orderIds)));
  }

  search(model: ModelName, domain: Domain = [], options: SearchOptions = {}): number[] {
    return this.searchRows(model, domain, options).map((r) => r.id);
  }

  searchCount(model: ModelName, domain: Domain = [], options: SearchOptions = {}): number {
    return this.countRows(model, domain, options);
  }

  read(model: ModelName, ids: number | readonly number[], fields?: readonly string[] | null): OdooRecord[] {
    return this.readRows(model, this.rowsOf(model, toIds(ids)), fields ?? null, 'read', false) as OdooRecord[];
  }

  searchRead(model: ModelName, domain: Domain = [], options: SearchReadOptions = {}): OdooRecord[] {
    const rows = this.searchRows(model, domain, options, 'search_read');
    return this.readRows(model, rows, options.fields || null, 'search_read', false) as OdooRecord[];
  }

  /** One record with every field, or undefined when it does not exist (e.g. was deleted). */
  get(model: ModelName, id: number): OdooRecord | undefined {
    const row = this.db.table(model).get(id);
    return row
      ? (this.formatRow(
          model,
          row,
          MODELS[model].fields.map((f) => f.name),
          false,
        ) as OdooRecord)
      : undefined;
  }

  count(model: ModelName): number {
    return this.db.table(model).size;
  }

  /**
   * Seeds records exactly as given (explicit `id`, `create_date`, `write_date`, `state`...),
   * deriving what Odoo derives: lines' `state`, `price_subtotal`, orders' `order_line` and
   * `amount_total`. Parents first (partners, products, orders, then lines). No write_date moves.
   */
  import(model: ModelName, records: readonly Vals[]): number[] {
    const def = MODELS[model];
    const ids: number[] = [];
    for (const vals of records) {
      const row = blankRow(def);
      for (const [key, value] of Object.entries(vals)) {
        const field = def.fieldMap.get(key);
        if (!field || field.computed || field.type === 'one2many' || key === 'price_subtotal' || key === 'amount_total') continue;
        row[key] = key === 'id' ? Number(value) : this.toStored(def, field, value, true);
      }
      const table = this.db.table(model);
      if (!vals.id) row.id = table.allocateId();
      if (table.get(row.id)) throw userError(`${model} ${row.id} already exists`);
      const now = dateToMicros(this.clock.now());
      if (row.create_date === null) row.create_date = row.write_date ?? now;
      if (row.write_date === null) row.write_date = row.create_date;
      this.fillDefaults(model, row, row.create_date as number);
      if (model === 'product.product' && row.product_tmpl_id === null) row.product_tmpl_id = this.templateFor(row);
      if (model === 'sale.order' && !vals.name) row.name = this.nextOrderName();
      if (model === 'sale.order.line') this.attachLine(row);
      this.db.insert(model, row);
      if (model === 'sale.order.line') this.recomputeAmount(null, this.orderOf(row));
      if (model === 'sale.order' && typeof row.name === 'string') this.bumpOrderSequence(row.name);
      ids.push(row.id);
    }
    return ids;
  }

  // ---------------------------------------------------------------- RPC (execute_kw)

  /** Dispatches one `execute_kw` call; the result is ready for the wire's encoder (XML-RPC: floats as doubles; JSON: plain numbers). */
  executeKw(modelName: string, method: string, args: readonly unknown[], kwargs: Record<string, unknown>, wire: OrmWire = 'xmlrpc'): unknown {
    const rpc = wire === 'xmlrpc';
    if (!isModelName(modelName)) throw unknownModel(modelName);
    const model = modelName;
    const arg = (index: number, name: string): unknown => (args.length > index ? args[index] : kwargs[name]);
    const context = isPlainObject(kwargs.context) ? kwargs.context : {};
    switch (method) {
      case 'search': {
        const rows = this.searchRows(model, asDomain(arg(0, 'domain') ?? kwargs.args), {
          offset: asOptionalNumber(arg(1, 'offset'), 'offset'),
          limit: asOptionalNumber(arg(2, 'limit'), 'limit'),
          order: asOptionalString(arg(3, 'order')),
          context,
        });
        if (arg(4, 'count') === true) return rows.length;
        return rows.map((r) => r.id);
      }
      case 'search_count':
        return this.countRows(model, asDomain(arg(0, 'domain') ?? kwargs.args), { context, limit: asOptionalNumber(arg(1, 'limit'), 'limit') });
      case 'search_read': {
        const rows = this.searchRows(
          model,
          asDomain(arg(0, 'domain')),
          {
            offset: asOptionalNumber(arg(2, 'offset'), 'offset'),
            limit: asOptionalNumber(arg(3, 'limit'), 'limit'),
            order: asOptionalString(arg(4, 'order')),
            context,
          },
          'search_read',
        );
        return this.readRows(model, rows, asFields(arg(1, 'fields')), 'search_read', rpc, bareIds(kwargs.load));
      }
      case 'read': {
        const rows = this.rowsOf(model, asIds(arg(0, 'ids')));
        return this.readRows(model, rows, asFields(arg(1, 'fields')), 'read', rpc, bareIds(arg(2, 'load')));
      }
      case 'create': {
        const vals = arg(0, 'vals_list') ?? kwargs.vals;
        const ctx = this.context();
        if (Array.isArray(vals)) return this.db.atomic(() => vals.map((v) => this.applyCreate(ctx, model, asVals(v))));
        return this.db.atomic(() => this.applyCreate(ctx, model, asVals(vals)));
      }
      case 'write': {
        const ids = asIds(arg(0, 'ids'));
        const vals = asVals(arg(1, 'vals'));
        const ctx = this.context();
        this.db.atomic(() => this.applyWrite(ctx, model, ids, vals));
        return true;
      }
      case 'unlink': {
        const ids = asIds(arg(0, 'ids'));
        const ctx = this.context();
        this.db.atomic(() => this.applyUnlink(ctx, model, ids, false));
        return true;
      }
      case 'action_confirm':
      case 'action_cancel': {
        if (model !== 'sale.order') throw notAMethod(model, method);
        const ids = asIds(arg(0, 'ids'));
        const ctx = this.context();
        this.db.atomic(() => (method === 'action_confirm' ? this.applyConfirm(ctx, ids) : this.applyCancel(ctx, ids)));
        return true;
      }
      case 'fields_get':
        return fieldsGet(MODELS[model]);
      default:
        throw notAMethod(model, method);
    }
  }

  // ---------------------------------------------------------------- mutations (inside a transaction)

  context(at?: Date): WriteContext {
    return { at: dateToMicros(at ?? this.clock.now()), uid: this.uid };
  }

  /** Reserves the id a later `applyCreate` will use (transactions hand out ids before they commit, like a PostgreSQL sequence). */
  reserveId(model: ModelName): number {
    return this.db.table(model).allocateId();
  }

  applyCreate(ctx: WriteContext, model: ModelName, vals: Vals, presetId?: number): number {
    const def = MODELS[model];
    const table = this.db.table(model);
    const row = blankRow(def);
    let lineCommands: unknown = undefined;
    for (const [key, value] of Object.entries(vals)) {
      const field = def.fieldMap.get(key);
      if (!field || IGNORED_ON_WRITE.has(key) || field.computed) continue; // Odoo ignores unknown fields on create (with a warning)
      if (field.type === 'one2many') {
        lineCommands = value;
        continue;
      }
      if (model === 'sale.order.line' && key === 'state') continue;
      row[key] = this.toStored(def, field, value, false);
    }
    row.id = presetId ?? table.allocateId();
    row.create_date = ctx.at;
    row.write_date = ctx.at;
    this.fillDefaults(model, row, ctx.at);
    if (model === 'sale.order') {
      if (row.partner_id === null) throw notNull(model, 'partner_id');
      if (!vals.name) row.name = this.nextOrderName();
    }
    if (model === 'sale.order.line') {
      if (row.order_id === null) throw notNull(model, 'order_id');
      if (row.display_type !== null) {
        if (row.product_id !== null || row.product_uom_qty !== 0 || row.price_unit !== 0) {
          throw userError('Forbidden values on non-accountable sale order line');
        }
        if (row.name === null) throw notNull(model, 'name');
      } else if (row.name === null) {
        row.name = '';
      }
      this.attachLine(row);
    }
    if ((model === 'res.partner' || model === 'product.product' || model === 'product.template') && row.name === null) throw notNull(model, 'name');
    if (model === 'product.product' && row.product_tmpl_id === null) row.product_tmpl_id = this.templateFor(row);
    this.db.insert(model, row);
    if (model === 'product.template') this.variantFor(row);
    if (model === 'sale.order.line') this.recomputeAmount(ctx, this.orderOf(row));
    if (model === 'sale.order' && lineCommands !== undefined) this.applyLineCommands(ctx, row, lineCommands);
    return row.id;
  }

  applyWrite(ctx: WriteContext, model: ModelName, ids: readonly number[], vals: Vals): void {
    const def = MODELS[model];
    const rows = this.rowsOrFault(model, ids);
    const changes: Array<[FieldDef, Stored]> = [];
    let lineCommands: unknown = undefined;
    for (const [key, value] of Object.entries(vals)) {
      const field = def.fieldMap.get(key);
      if (!field) throw pythonTraceback([], `ValueError: Invalid field ${pyRepr(key)} on model ${pyRepr(model)}`);
      if (IGNORED_ON_WRITE.has(key) || field.computed) continue;
      if (field.type === 'one2many') {
        lineCommands = value;
        continue;
      }
      if (model === 'sale.order.line' && (key === 'state' || key === 'order_id')) continue;
      changes.push([field, this.toStored(def, field, value, false)]);
    }
    const touchedOrders = new Set<Row>();
    const renamed = changes.find(([field]) => field.name === 'name');
    for (const row of rows) {
      for (const [field, value] of changes) this.db.set(row, field.name, value);
      this.db.set(row, 'write_date', ctx.at, model);
      if (renamed && (model === 'product.template' || model === 'product.product')) this.shareName(ctx, model, row, renamed[1]);
      if (model === 'sale.order.line') {
        if (changes.some(([f]) => LINE_AMOUNT_FIELDS.has(f.name))) {
          this.db.set(row, 'price_subtotal', subtotal(row));
          touchedOrders.add(this.orderOf(row));
        }
      }
      if (model === 'sale.order') {
        if (vals.state !== undefined) this.propagateState(ctx, row);
        if (lineCommands !== undefined) this.applyLineCommands(ctx, row, lineCommands);
      }
    }
    for (const order of touchedOrders) this.recomputeAmount(ctx, order);
  }

  applyUnlink(ctx: WriteContext, model: ModelName, ids: readonly number[], force: boolean): void {
    const rows = this.rowsOrFault(model, ids);
    if (model === 'sale.order') {
      for (const order of rows) {
        if (!force && order.state !== 'draft' && order.state !== 'cancel') {
          throw userError('You can not delete a sent quotation or a confirmed sales order. You must first cancel it.');
        }
      }
      const lines = this.db.table('sale.order.line');
      for (const order of rows) {
        for (const lineId of order.order_line as number[]) {
          const line = lines.get(lineId);
          if (line) this.db.remove('sale.order.line', line);
        }
        this.db.remove('sale.order', order);
      }
      return;
    }
    if (model === 'sale.order.line') {
      const touched = new Set<Row>();
      for (const line of rows) {
        if (!force && (line.state === 'sale' || line.state === 'done') && line.display_type === null) {
          throw userError('You can not remove an order line once the sales order is confirmed.\nYou should rather set the quantity to 0.');
        }
      }
      for (const line of rows) {
        const order = this.orderOf(line);
        this.db.set(
          order,
          'order_line',
          (order.order_line as number[]).filter((id) => id !== line.id),
        );
        this.db.remove('sale.order.line', line);
        touched.add(order);
      }
      for (const order of touched) if (this.db.table('sale.order').get(order.id)) this.recomputeAmount(ctx, order);
      return;
    }
    const referencing: Array<[ModelName, string]> =
      model === 'res.partner'
        ? [['sale.order', 'partner_id']]
        : model === 'product.template'
          ? [['product.product', 'product_tmpl_id']]
          : [['sale.order.line', 'product_id']];
    const doomed = new Set(rows.map((r) => r.id));
    for (const [other, field] of referencing) {
      if (this.db.table(other).rows.some((r) => doomed.has(r[field] as number))) {
        throw userError(
          'The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\n' +
            `Model: ${MODELS[other].description} (${other}), Field: ${MODELS[other].fieldMap.get(field)?.string} (${field})`,
        );
      }
    }
    for (const row of rows) this.db.remove(model, row);
  }

  applyConfirm(ctx: WriteContext, ids: readonly number[]): void {
    const orders = this.rowsOrFault('sale.order', ids);
    const wrong = orders.filter((o) => o.state !== 'draft' && o.state !== 'sent');
    if (wrong.length > 0) {
      throw userError(`The following orders are not in a state requiring confirmation: ${wrong.map((o) => o.name).join(', ')}`);
    }
    for (const order of orders) {
      this.db.set(order, 'state', 'sale');
      this.db.set(order, 'date_order', truncateToSecond(ctx.at));
      this.db.set(order, 'write_date', ctx.at, 'sale.order');
      this.propagateState(ctx, order);
    }
  }

  applyCancel(ctx: WriteContext, ids: readonly number[]): void {
    const orders = this.rowsOrFault('sale.order', ids);
    if (orders.some((o) => o.state === 'done')) throw userError('You cannot cancel a locked order. Please unlock it first.');
    for (const order of orders) {
      this.db.set(order, 'state', 'cancel');
      this.db.set(order, 'write_date', ctx.at, 'sale.order');
      this.propagateState(ctx, order);
    }
  }

  // ---------------------------------------------------------------- search / read internals

  searchRows(model: ModelName, domain: Domain, options: SearchOptions, via = 'search'): Row[] {
    const def = MODELS[model];
    const table = this.db.table(model);
    const scan = this.prepareScan(model, domain, options, via);
    const terms = parseOrder(def, options.order || def.defaultOrder);
    const offset = Math.max(0, options.offset ?? 0);
    const limit = options.limit === false || options.limit === null || options.limit === undefined ? Infinity : Math.max(0, options.limit);
    const direction = plainIdOrder(terms);

    if (scan.only) {
      const matched: Row[] = [];
      for (const id of scan.only) {
        const row = table.get(id);
        if (row && id >= scan.min && id <= scan.max && scan.predicate(row)) matched.push(row);
      }
      matched.sort(comparator(terms));
      return matched.slice(offset, offset + limit);
    }
    if (direction) {
      const out: Row[] = [];
      if (limit === 0) return out;
      let skip = offset;
      this.scanRows(table, scan, direction, (row) => {
        if (skip > 0) {
          skip--;
          return true;
        }
        return out.push(row) < limit;
      });
      return out;
    }
    const matched: Row[] = [];
    this.scanRows(table, scan, 'asc', (row) => {
      matched.push(row);
      return true;
    });
    matched.sort(comparator(terms));
    return offset === 0 && limit >= matched.length ? matched : matched.slice(offset, offset + limit);
  }

  countRows(model: ModelName, domain: Domain, options: SearchOptions, via = 'search_count'): number {
    const table = this.db.table(model);
    const scan = this.prepareScan(model, domain, options, via);
    const limit = typeof options.limit === 'number' ? options.limit : Infinity;
    let n = 0;
    if (scan.only) {
      for (const id of scan.only) {
        const row = table.get(id);
        if (row && id >= scan.min && id <= scan.max && scan.predicate(row)) n++;
      }
      return Math.min(n, limit);
    }
    if (limit <= 0) return 0;
    this.scanRows(table, scan, 'asc', () => ++n < limit);
    return n;
  }

  /**
   * Visits matching rows in id order (or reverse) within the id bounds, skipping whole
   * blocks whose newest write_date is below the domain's write_date floor. `visit` returns
   * false to stop.
   */
  private scanRows(table: Table, scan: Scan, direction: 'asc' | 'desc', visit: (row: Row) => boolean): void {
    const rows = table.rows;
    const { predicate, min, max, floor } = scan;
    const maxima = floor ? table.writeDateMaxima() : null;
    const shift = Table.BLOCK_SHIFT;
    const blockSize = 1 << shift;
    const cold = (b: number): boolean => maxima !== null && floor !== undefined && (floor.strict ? maxima[b] <= floor.value : maxima[b] < floor.value);
    if (direction === 'asc') {
      const start = min === -Infinity ? 0 : table.lowerBound(min);
      for (let i = start; i < rows.length;) {
        if (maxima && (i === start || (i & (blockSize - 1)) === 0) && cold(i >> shift)) {
          i = ((i >> shift) + 1) << shift;
          continue;
        }
        const row = rows[i++];
        if (row.id > max) return;
        if (predicate(row) && !visit(row)) return;
      }
      return;
    }
    const end = (max === Infinity ? rows.length : table.lowerBound(max + 1)) - 1;
    for (let i = end; i >= 0;) {
      if (maxima && (i === end || (i & (blockSize - 1)) === blockSize - 1) && cold(i >> shift)) {
        i = ((i >> shift) << shift) - 1;
        continue;
      }
      const row = rows[i--];
      if (row.id < min) return;
      if (predicate(row) && !visit(row)) return;
    }
  }

  /** `bareIds`: read with `load` other than '_classic_read' (e.g. ''): many2one as bare ids, no display names. */
  readRows(
    model: ModelName,
    rows: readonly Row[],
    fields: readonly string[] | null,
    via: string,
    rpc: boolean,
    bareIds = false,
  ): Array<Record<string, FormattedValue>> {
    const def = MODELS[model];
    let names: string[];
    if (!fields || fields.length === 0) names = def.fields.map((f) => f.name);
    else {
      for (const name of fields) if (!def.fieldMap.has(name)) throw invalidReadField(model, name, via);
      names = ['id', ...fields.filter((n) => n !== 'id')];
    }
    return rows.map((row) => this.formatRow(model, row, names, rpc, bareIds));
  }

  private prepareScan(model: ModelName, domain: Domain, options: SearchOptions, via: string): Scan {
    const compiled = compileDomain(this.db, model, domain, via);
    let predicate = compiled.predicate;
    if (MODELS[model].hasActive && !compiled.mentionsActive && options.context?.active_test !== false) {
      const inner = predicate;
      predicate = (row) => row.active === true && inner(row);
    }
    const only = model === 'sale.order.line' ? this.linesOfOrders(domain, compiled.idBounds.only) : compiled.idBounds.only;
    return { predicate, min: compiled.idBounds.min, max: compiled.idBounds.max, only, floor: compiled.writeDateFloor };
  }

  /**
   * The index PostgreSQL has on sale_order_line.order_id: a domain whose leaves are all AND-ed
   * and one of them `order_id in [...]` (or `=`) can only match those orders' lines, so the
   * search visits them instead of every line (the predicate still decides).
   */
  private linesOfOrders(domain: Domain, only: number[] | undefined): number[] | undefined {
    if (domain.some((term) => !Array.isArray(term))) return only; // '|', '!', '&': not a plain AND
    const leaf = domain.find((term) => Array.isArray(term) && term[0] === 'order_id' && (term[1] === 'in' || term[1] === '=')) as unknown[] | undefined;
    const orderIds: unknown[] | undefined = leaf && (Array.isArray(leaf[2]) ? leaf[2] : [leaf[2]]);
    if (!orderIds || !orderIds.every((id) => typeof id === 'number')) return only; // by name: the predicate searches display names
    const orders = this.db.table('sale.order');
    const lineIds: number[] = [];
    for (const orderId of orderIds as number[]) {
      const order = orders.get(orderId);
      if (order) lineIds.push(...(order.order_line as number[]));
    }
    const within = only ? new Set(only) : null;
    return lineIds.filter((id) => !within || within.has(id)).sort((a, b) => a - b);
  }

  private formatRow(model: ModelName, row: Row, names: readonly string[], rpc: boolean, bareIds = false): Record<string, FormattedValue> {
    const def = MODELS[model];
    const out: Record<string, FormattedValue> = {};
    for (const name of names) {
      const field = def.fieldMap.get(name) as FieldDef;
      out[name] = this.formatValue(model, field, row, rpc, bareIds);
    }
    return out;
  }

  private formatValue(model: ModelName, field: FieldDef, row: Row, rpc: boolean, bareIds: boolean): FormattedValue {
    if (field.name === 'display_name') return displayName(this.db, model, row);
    const v = row[field.name];
    switch (field.type) {
      case 'integer':
        return (v as number | null) ?? 0;
      case 'float':
      case 'monetary': {
        const n = (v as number | null) ?? 0;
        return rpc ? double(n) : n;
      }
      case 'boolean':
        return v === true;
      case 'datetime':
        return v === null ? false : formatOdooDatetime(v as number);
      case 'many2one': {
        if (v === null) return false;
        if (bareIds) return v as number;
        const relation = field.relation as ModelName;
        const target = this.db.table(relation).get(v as number);
        return [v as number, target ? displayName(this.db, relation, target) : ''];
      }
      case 'one2many':
        return this.sortedLineIds(v as number[]);
      default:
        return v === null ? false : (v as string);
    }
  }

  private sortedLineIds(ids: readonly number[]): number[] {
    const lines = this.db.table('sale.order.line');
    const rows = ids.map((id) => lines.get(id)).filter((r): r is Row => r !== undefined);
    rows.sort((a, b) => (a.sequence as number) - (b.sequence as number) || a.id - b.id);
    return rows.map((r) => r.id);
  }

  // ---------------------------------------------------------------- helpers

  private rowsOf(model: ModelName, ids: readonly number[]): Row[] {
    const table = this.db.table(model);
    const out: Row[] = [];
    for (const id of ids) {
      const row = table.get(id);
      if (row) out.push(row); // Odoo 16 `read` silently skips records that no longer exist
    }
    return out;
  }

  private rowsOrFault(model: ModelName, ids: readonly number[]): Row[] {
    const table = this.db.table(model);
    const missing = ids.filter((id) => !table.get(id));
    if (missing.length > 0) throw missingRecord(model, [...new Set(missing)], this.uid);
    return [...new Set(ids)].map((id) => table.get(id) as Row);
  }

  private mustGet(model: ModelName, id: number): Row {
    const row = this.db.table(model).get(id);
    if (!row) throw missingRecord(model, [id], this.uid);
    return row;
  }

  private orderOf(line: Row): Row {
    return this.mustGet('sale.order', line.order_id as number);
  }

  private nextOrderName(): string {
    return `S${String(this.db.orderSequence++).padStart(5, '0')}`;
  }

  private bumpOrderSequence(name: string): void {
    const m = /^S(\d+)$/.exec(name);
    if (m && Number(m[1]) >= this.db.orderSequence) this.db.orderSequence = Number(m[1]) + 1;
  }

  private fillDefaults(model: ModelName, row: Row, at: Micros): void {
    switch (model) {
      case 'res.partner':
      case 'product.product':
      case 'product.template':
        if (row.active === null) row.active = true;
        break;
      case 'sale.order':
        if (row.state === null) row.state = 'draft';
        if (row.date_order === null) row.date_order = truncateToSecond(at);
        if (row.amount_total === null) row.amount_total = 0;
        row.order_line = [];
        break;
      case 'sale.order.line':
        if (row.sequence === null) row.sequence = 10;
        if (row.product_uom_qty === null) row.product_uom_qty = row.display_type === null ? 1 : 0;
        if (row.qty_delivered === null) row.qty_delivered = 0;
        if (row.qty_invoiced === null) row.qty_invoiced = 0;
        if (row.price_unit === null) row.price_unit = 0;
        if (row.name === null && row.product_id !== null) {
          const product = this.db.table('product.product').get(row.product_id as number);
          if (product) row.name = displayName(this.db, 'product.product', product);
        }
        row.price_subtotal = subtotal(row);
        break;
    }
  }

  /** The template a new product is made with (Odoo's `_inherits` creates it first), stamped like the product. */
  private templateFor(product: Row): number {
    const template = blankRow(MODELS['product.template']);
    template.id = this.db.table('product.template').allocateId();
    template.name = product.name;
    template.active = product.active ?? true;
    template.create_date = product.create_date;
    template.write_date = product.write_date;
    this.db.insert('product.template', template);
    return template.id;
  }

  /** The variant a new template is made with (a template without attributes has exactly one). */
  private variantFor(template: Row): void {
    const variant = blankRow(MODELS['product.product']);
    variant.id = this.db.table('product.product').allocateId();
    variant.name = template.name;
    variant.active = template.active;
    variant.product_tmpl_id = template.id;
    variant.create_date = template.create_date;
    variant.write_date = template.write_date;
    this.db.insert('product.product', variant);
  }

  /**
   * One name for a template and its variants. Renaming the template leaves the variants' rows
   * (and write_date) alone in Odoo — they read the template's column; renaming a variant writes
   * its template, whose write_date moves too.
   */
  private shareName(ctx: WriteContext, model: 'product.template' | 'product.product', row: Row, name: Stored): void {
    if (model === 'product.template') {
      for (const variant of this.db.table('product.product').rows) if (variant.product_tmpl_id === row.id) this.db.set(variant, 'name', name);
      return;
    }
    const template = row.product_tmpl_id === null ? undefined : this.db.table('product.template').get(row.product_tmpl_id as number);
    if (!template) return;
    this.db.set(template, 'name', name);
    this.db.set(template, 'write_date', ctx.at, 'product.template');
    for (const variant of this.db.table('product.product').rows)
      if (variant !== row && variant.product_tmpl_id === template.id) this.db.set(variant, 'name', name);
  }

  /** Links a new line to its order (state follows the order's). */
  private attachLine(line: Row): void {
    const order = this.orderOf(line);
    line.state = order.state;
    line.price_subtotal = subtotal(line);
    this.db.set(order, 'order_line', [...(order.order_line as number[]), line.id]);
  }

  private propagateState(ctx: WriteContext, order: Row): void {
    const lines = this.db.table('sale.order.line');
    for (const id of order.order_line as number[]) {
      const line = lines.get(id);
      if (!line) continue;
      this.db.set(line, 'state', order.state);
      this.db.set(line, 'write_date', ctx.at, 'sale.order.line');
    }
  }

  /** Recomputes `amount_total`; when it changes (and ctx is given) the order's write_date moves too. */
  private recomputeAmount(ctx: WriteContext | null, order: Row): void {
    const lines = this.db.table('sale.order.line');
    let total = 0;
    for (const id of order.order_line as number[]) {
      const line = lines.get(id);
      if (line) total += line.price_subtotal as number;
    }
    total = round2(total);
    if (total === order.amount_total) return;
    this.db.set(order, 'amount_total', total);
    if (ctx) this.db.set(order, 'write_date', ctx.at, 'sale.order');
  }

  private applyLineCommands(ctx: WriteContext, order: Row, commands: unknown): void {
    if (!Array.isArray(commands)) throw badArguments('order_line expects a list of commands');
    for (const command of commands) {
      if (!Array.isArray(command) || typeof command[0] !== 'number') throw badArguments(`invalid one2many command ${pyRepr(command)}`);
      const [code, id, vals] = command as [number, unknown, unknown];
      if (code === 0) this.applyCreate(ctx, 'sale.order.line', { ...asVals(vals), order_id: order.id });
      else if (code === 1) this.applyWrite(ctx, 'sale.order.line', [Number(id)], asVals(vals));
      else if (code === 2) this.applyUnlink(ctx, 'sale.order.line', [Number(id)], false);
      else throw badArguments(`unsupported one2many command ${code}`);
    }
  }

  private toStored(def: ModelDef, field: FieldDef, value: unknown, keepMicros: boolean): Stored {
    const empty = value === false || value === null || value === undefined;
    switch (field.type) {
      case 'integer':
        return empty ? 0 : Math.trunc(Number(value));
      case 'float':
      case 'monetary': {
        const n = empty ? 0 : Number(typeof value === 'object' && value !== null && 'value' in value ? (value as XmlRpcDouble).value : value);
        if (!Number.isFinite(n)) throw pythonTraceback([], `ValueError: could not convert string to float: ${pyRepr(value)}`);
        return isFloatType(field.type) ? round2(n) : n;
      }
      case 'boolean':
        return Boolean(value);
      case 'datetime': {
        if (empty) return null;
        let us: number | undefined;
        if (value instanceof Date) us = dateToMicros(value);
        else if (typeof value === 'string') us = parseOdooDatetime(value);
        else if (typeof value === 'number') us = value;
        if (us === undefined) throw pythonTraceback([], `ValueError: time data ${pyRepr(value)} does not match format '%Y-%m-%d %H:%M:%S'`);
        return keepMicros && (field.name === 'write_date' || field.name === 'create_date') ? us : truncateToSecond(us);
      }
      case 'many2one': {
        if (empty) return null;
        const id = Array.isArray(value) ? Number(value[0]) : Number(value);
        const relation = field.relation as ModelName;
        if (!Number.isInteger(id) || !this.db.table(relation).get(id)) {
          throw userError(
            `The operation cannot be completed: ${MODELS[relation].description} (${relation}) record ${pyRepr(value)} referenced by ${def.name}.${field.name} does not exist.`,
          );
        }
        return id;
      }
      case 'selection': {
        if (empty) return null;
        if (typeof value !== 'string' || !(field.selection ?? []).includes(value)) {
          throw pythonTraceback([], `ValueError: Wrong value for ${def.name}.${field.name}: ${pyRepr(value)}`);
        }
        return value;
      }
      case 'one2many':
        return [];
      default:
        return empty ? null : String(value);
    }
  }
}

function subtotal(line: Row): number {
  if (line.display_type !== null) return 0;
  return round2((line.product_uom_qty as number) * (line.price_unit as number));
}

/** Odoo's `read(load=…)`: only the default '_classic_read' gives many2one `[id, display_name]`. */
function bareIds(load: unknown): boolean {
  return load !== undefined && load !== null && load !== '_classic_read';
}

function toIds(ids: number | readonly number[]): number[] {
  return typeof ids === 'number' ? [ids] : [...ids];
}

function notNull(model: string, field: string): OdooSimFault {
  return pythonTraceback(
    [],
    `psycopg2.errors.NotNullViolation: null value in column "${field}" of relation "${model.replace(/\./g, '_')}" violates not-null constraint`,
  );
}

function notAMethod(model: string, method: string): OdooSimFault {
  return pythonTraceback([], `AttributeError: The method '${method}' does not exist on the model '${model}'`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !Buffer.isBuffer(v);
}

function asDomain(v: unknown): Domain {
  if (v === undefined || v === null || v === false) return [];
  if (!Array.isArray(v)) throw badArguments(`domain must be a list, got ${pyRepr(v)}`);
  return v;
}

function asOptionalNumber(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null || v === false) return undefined;
  if (typeof v !== 'number') throw badArguments(`'${name}' must be an integer, got ${pyRepr(v)}`);
  return v;
}

function asOptionalString(v: unknown): string | undefined {
  if (v === undefined || v === null || v === false || v === '') return undefined;
  if (typeof v !== 'string') throw badArguments(`order must be a string, got ${pyRepr(v)}`);
  return v;
}

function asFields(v: unknown): string[] | null {
  if (v === undefined || v === null || v === false) return null;
  if (!Array.isArray(v) || !v.every((f) => typeof f === 'string')) throw badArguments(`fields must be a list of names, got ${pyRepr(v)}`);
  return v as string[];
}

function asIds(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (!Array.isArray(v) || !v.every((id) => typeof id === 'number')) throw badArguments(`expected a list of ids, got ${pyRepr(v)}`);
  return v as number[];
}

function asVals(v: unknown): Vals {
  if (!isPlainObject(v)) throw badArguments(`expected a dictionary of values, got ${pyRepr(v)}`);
  return v;
}

function fieldsGet(def: ModelDef): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const f of def.fields) {
    const info: Record<string, unknown> = { type: f.type, string: f.string, readonly: f.readonly ?? false, store: !f.computed };
    if (f.relation) info.relation = f.relation;
    if (f.selection) info.selection = f.selection.map((s) => [s, s]);
    out[f.name] = info;
  }
  return out;
}

export type { OrderState };

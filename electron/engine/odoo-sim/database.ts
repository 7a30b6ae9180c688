/**
 * In-memory tables, one per model, each an array of rows kept sorted by id (so `id > N`
 * paging is a binary search, not a rescan) plus an id → row map. Every mutation goes
 * through `insert` / `remove` / `set`, which journal inside `atomic()` so a failing
 * transaction leaves nothing behind.
 */
import { MODELS, type ModelDef, type ModelName } from './models';

/** A stored field value: numbers (also datetimes as microseconds and many2one ids), strings, booleans, null, one2many id lists. */
export type Stored = number | string | boolean | null | number[];

export interface Row {
  id: number;
  [field: string]: Stored;
}

type UndoStep = () => void;

export class Table {
  readonly rows: Row[] = [];
  readonly byId = new Map<number, Row>();
  private nextId = 1;

  constructor(readonly def: ModelDef) {}

  get size(): number {
    return this.rows.length;
  }

  allocateId(): number {
    return this.nextId++;
  }

  /** Make sure future allocations come after `id` (used when seeding explicit ids). */
  reserveThrough(id: number): void {
    if (id >= this.nextId) this.nextId = id + 1;
  }

  get(id: number): Row | undefined {
    return this.byId.get(id);
  }

  /** Index of the first row whose id is >= `id`. */
  lowerBound(id: number): number {
    const rows = this.rows;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid].id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** @internal use Database.insert */
  rawInsert(row: Row): void {
    const rows = this.rows;
    if (rows.length === 0 || rows[rows.length - 1].id < row.id) {
      rows.push(row);
      this.noteWriteDate(rows.length - 1, row.write_date);
    } else {
      rows.splice(this.lowerBound(row.id), 0, row);
      this.blockMax = null;
    }
    this.byId.set(row.id, row);
    this.reserveThrough(row.id);
  }

  /** @internal use Database.remove */
  rawRemove(row: Row): void {
    const index = this.lowerBound(row.id);
    if (this.rows[index] === row) {
      this.rows.splice(index, 1);
      if (index !== this.rows.length) this.blockMax = null;
    }
    this.byId.delete(row.id);
  }

  // ---- write_date block index: an upper bound of write_date per block of rows, so a
  // search for recent changes skips the blocks that hold none (rebuilt lazily).
  static readonly BLOCK_SHIFT = 10;
  private blockMax: Float64Array | null = null;

  /** Per block of 1024 rows (in id order), an upper bound of their write_date. */
  writeDateMaxima(): Float64Array {
    if (this.blockMax) return this.blockMax;
    const rows = this.rows;
    const blocks = new Float64Array(((rows.length + 65_536) >> Table.BLOCK_SHIFT) + 1).fill(-Infinity);
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i].write_date;
      const b = i >> Table.BLOCK_SHIFT;
      if (typeof v === 'number' && v > blocks[b]) blocks[b] = v;
    }
    this.blockMax = blocks;
    return blocks;
  }

  /** @internal keeps the block index an upper bound when a row's write_date rises. */
  noteWriteDateOf(row: Row, value: Stored): void {
    if (!this.blockMax) return;
    const index = this.lowerBound(row.id);
    if (this.rows[index] === row) this.noteWriteDate(index, value);
  }

  private noteWriteDate(index: number, value: Stored): void {
    const blocks = this.blockMax;
    if (!blocks || typeof value !== 'number') return;
    const b = index >> Table.BLOCK_SHIFT;
    if (b >= blocks.length) this.blockMax = null;
    else if (value > blocks[b]) blocks[b] = value;
  }
}

export class Database {
  readonly tables: Readonly<Record<ModelName, Table>>;
  /** `ir.sequence` for sale.order names (S00001...), independent of ids as in Odoo. */
  orderSequence = 1;
  private journal: UndoStep[] | null = null;

  constructor() {
    this.tables = {
      'res.partner': new Table(MODELS['res.partner']),
      'product.template': new Table(MODELS['product.template']),
      'product.product': new Table(MODELS['product.product']),
      'sale.order': new Table(MODELS['sale.order']),
      'sale.order.line': new Table(MODELS['sale.order.line']),
    };
  }

  table(model: ModelName): Table {
    return this.tables[model];
  }

  insert(model: ModelName, row: Row): void {
    const table = this.tables[model];
    table.rawInsert(row);
    this.journal?.push(() => table.rawRemove(row));
  }

  remove(model: ModelName, row: Row): void {
    const table = this.tables[model];
    table.rawRemove(row);
    this.journal?.push(() => table.rawInsert(row));
  }

  set(row: Row, field: string, value: Stored, model?: ModelName): void {
    if (field === 'write_date') {
      if (model) this.tables[model].noteWriteDateOf(row, value);
      else for (const table of Object.values(this.tables)) if (table.get(row.id) === row) table.noteWriteDateOf(row, value);
    }
    if (this.journal) {
      const old = row[field];
      const copy = Array.isArray(old) ? old.slice() : old;
      this.journal.push(() => {
        row[field] = copy;
      });
    }
    row[field] = Array.isArray(value) ? value.slice() : value;
  }

  /** Runs `fn` all-or-nothing: if it throws, every change it made is undone. Nested calls join the outer one. */
  atomic<T>(fn: () => T): T {
    if (this.journal) return fn();
    const journal: UndoStep[] = [];
    const sequence = this.orderSequence;
    this.journal = journal;
    try {
      const result = fn();
      this.journal = null;
      return result;
    } catch (error) {
      this.journal = null;
      for (let i = journal.length - 1; i >= 0; i--) journal[i]();
      this.orderSequence = sequence;
      throw error;
    }
  }
}

/** A row with every stored field of the model set to null, always in the same order (one hidden class per model). */
export function blankRow(def: ModelDef): Row {
  const row = { id: 0 } as Row;
  for (const field of def.fields) {
    if (field.computed || field.name === 'id') continue;
    row[field.name] = null;
  }
  return row;
}

/**
 * Seeded random changes on the simulator's clock, like the traffic a real Odoo sees:
 * new orders, quantity edits, deliveries, invoices, confirmations, cancellations, line
 * and order deletions, header-only edits, and late commits (a change whose transaction
 * started — and got its `write_date` — earlier, and becomes visible only later).
 * `tick(n)` makes n changes now; `start(k)` makes k changes per minute in real time.
 *
 * Outside the random traffic, on demand (the chaos soak's faults): corrections of master data
 * the order book copies (`editMasterData`: a customer's name or CNPJ, a product's code, a
 * product's name on its template), a change stamped at another time (`writeAt`: an import
 * with a wrong clock writing 2099), and an order named like an existing one
 * (`duplicateOrderName`: Odoo does not make sale.order.name unique).
 */
import type { Clock } from '../clock';
import type { Database, Row } from './database';
import { dateToMicros, formatOdooDatetime } from './datetime';
import { cnpj } from './generator';
import type { ModelName } from './models';
import type { OdooOrm, Vals } from './orm';
import { Random } from './random';
import { SimTransaction } from './transaction';

export const CHANGE_KINDS = [
  'create_order',
  'edit_quantity',
  'deliver',
  'invoice',
  'confirm',
  'cancel',
  'delete_line',
  'delete_order',
  'edit_header',
  'late_commit',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Corrections of master data the carteira copies into every row of the orders that use it. */
export const MASTER_DATA_EDITS = ['partner_name', 'partner_vat', 'product_code', 'template_name'] as const;
export type MasterDataEdit = (typeof MASTER_DATA_EDITS)[number];

/** Changes made on demand, never by the random traffic. */
export type DirectChangeKind = 'edit_master_data' | 'write_at' | 'duplicate_name';

export interface SimChange {
  kind: ChangeKind | DirectChangeKind;
  /** For master-data edits: which one. */
  edit?: MasterDataEdit;
  /** Every order whose rows the change reaches, when more than one can be (a master-data edit: the orders using the record). */
  orderIds?: number[];
  /** For late commits: the change made inside the late transaction. */
  inner?: Exclude<ChangeKind, 'late_commit'>;
  model: ModelName;
  orderId: number;
  lineIds: number[];
  /** The write_date the change carries (`YYYY-MM-DD HH:MM:SS`). */
  writeDate: string;
  /** False while a late commit is still pending (invisible to readers). */
  committed: boolean;
}

export interface ChangeGeneratorOptions {
  seed?: number;
  /** Relative frequencies (defaults favour edits and deliveries). */
  weights?: Partial<Record<ChangeKind, number>>;
  /** Late commits become visible this long after their write_date: uniform in [min, max] ms (default 30 s – 5 min). */
  lateCommitMinMs?: number;
  lateCommitMaxMs?: number;
  /** Lines of a new order: 1..this (default 5). */
  maxLinesPerNewOrder?: number;
}

const DEFAULT_WEIGHTS: Record<ChangeKind, number> = {
  create_order: 15,
  edit_quantity: 20,
  deliver: 20,
  invoice: 10,
  confirm: 8,
  cancel: 4,
  delete_line: 5,
  delete_order: 3,
  edit_header: 10,
  late_commit: 5,
};

interface PendingLate {
  tx: SimTransaction;
  commitAt: number;
  change: SimChange;
  orderId: number;
}

export class ChangeGenerator {
  private readonly random: Random;
  private readonly weights: Record<ChangeKind, number>;
  private readonly pending: PendingLate[] = [];
  private timer: NodeJS.Timeout | null = null;
  private listeners: Array<(change: SimChange) => void> = [];
  private made = 0;
  private corrections = 0;

  constructor(
    private readonly orm: OdooOrm,
    private readonly clock: Clock,
    private readonly options: ChangeGeneratorOptions = {},
  ) {
    this.random = new Random(options.seed ?? 1);
    this.weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  }

  private get db(): Database {
    return this.orm.db;
  }

  /** Total changes made so far (late ones counted when made, not when committed). */
  get count(): number {
    return this.made;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  /** Late transactions not yet committed. */
  pendingLateCommits(): number {
    return this.pending.length;
  }

  onChange(listener: (change: SimChange) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Commits late transactions that are due, then makes `count` changes at the clock's now. */
  tick(count = 1): SimChange[] {
    const out = this.commitDue();
    for (let i = 0; i < count; i++) {
      const change = this.makeOne();
      if (change) out.push(change);
    }
    return out;
  }

  /** Commits every pending late transaction now, due or not. */
  flush(): SimChange[] {
    return this.commitDue(Infinity);
  }

  /**
   * Corrects master data now (`edit`, or one drawn): a customer's name or CNPJ (res.partner), a
   * product's code (product.product default_code, sometimes cleared) or its name (on
   * product.template, which its variant shares). Only records some order uses are picked. The
   * change names every order using the record (`orderIds`); undefined when none fits.
   */
  editMasterData(edit: MasterDataEdit = this.random.pick(MASTER_DATA_EDITS)): SimChange | undefined {
    const lines = this.db.table('sale.order.line').rows.filter((line) => line.product_id !== null);
    const orders = this.db.table('sale.order').rows;
    if (lines.length === 0 || orders.length === 0) return undefined;
    const n = ++this.corrections;
    const tx = new SimTransaction(this.orm, this.clock.now());
    let model: ModelName;
    let orderIds: number[];
    if (edit === 'partner_name' || edit === 'partner_vat') {
      const partner = this.db.table('res.partner').get(this.random.pick(orders).partner_id as number);
      if (!partner) return undefined;
      model = 'res.partner';
      const vals: Vals =
        edit === 'partner_name'
          ? { name: `${String(partner.name).replace(/ \(corrigido \d+\)$/, '')} (corrigido ${n})` }
          : { vat: this.random.chance(0.1) ? false : cnpj(this.random) };
      tx.write(model, partner.id, vals);
      orderIds = orders.filter((order) => order.partner_id === partner.id).map((order) => order.id);
    } else {
      const product = this.db.table('product.product').get(this.random.pick(lines).product_id as number);
      if (!product) return undefined;
      if (edit === 'product_code') {
        model = 'product.product';
        const code = this.random.chance(0.1) ? false : `PRD-${String(product.id).padStart(5, '0')}-${n}`;
        tx.write(model, product.id, { default_code: code });
      } else {
        model = 'product.template';
        const template = this.db.table('product.template').get(product.product_tmpl_id as number);
        if (!template) return undefined;
        tx.write(model, template.id, { name: `${String(template.name).replace(/ \(corrigido \d+\)$/, '')} (corrigido ${n})` });
      }
      orderIds = [...new Set(lines.filter((line) => line.product_id === product.id).map((line) => line.order_id as number))];
    }
    try {
      tx.commit();
    } catch {
      return undefined;
    }
    const change: SimChange = {
      kind: 'edit_master_data',
      edit,
      model,
      orderId: orderIds[0] ?? -1,
      orderIds,
      lineIds: [],
      writeDate: formatOdooDatetime(dateToMicros(tx.at)),
      committed: true,
    };
    this.made++;
    this.emit(change);
    return change;
  }

  /**
   * A quantity edit on a line of an open order in a transaction stamped `at` instead of now
   * (an import with a wrong clock: `at` in 2099), committed now; its order's write_date moves
   * with the total. Undefined when no line fits.
   */
  writeAt(at: Date): SimChange | undefined {
    const line = this.pickLine(
      (o) => o.state === 'draft' || o.state === 'sent' || o.state === 'sale',
      (l) => l.display_type === null,
    );
    if (!line) return undefined;
    const tx = new SimTransaction(this.orm, at);
    tx.write('sale.order.line', line.id, { product_uom_qty: Math.max(line.qty_delivered as number, (line.product_uom_qty as number) + 1) });
    try {
      tx.commit();
    } catch {
      return undefined;
    }
    const change: SimChange = {
      kind: 'write_at',
      model: 'sale.order.line',
      orderId: line.order_id as number,
      lineIds: [line.id],
      writeDate: formatOdooDatetime(dateToMicros(at)),
      committed: true,
    };
    this.made++;
    this.emit(change);
    return change;
  }

  /**
   * A new order named like an existing one (an import, a second company's sequence), with one of
   * that order's products and one other: two orders then claim one (name, product) key.
   * `orderIds` holds the new order and its namesake. Undefined when no order has a product line.
   */
  duplicateOrderName(): SimChange | undefined {
    const namesake = this.pickOrder((o) => (o.order_line as number[]).length > 0);
    if (!namesake) return undefined;
    const lineTable = this.db.table('sale.order.line');
    const shared = (namesake.order_line as number[]).map((id) => lineTable.get(id)).find((line) => line !== undefined && line.product_id !== null);
    const products = this.db.table('product.product').rows;
    if (!shared || products.length === 0) return undefined;
    const tx = new SimTransaction(this.orm, this.clock.now());
    const orderId = tx.create('sale.order', { name: namesake.name, partner_id: namesake.partner_id });
    const lineIds = [shared.product_id as number, this.random.pick(products).id].map((productId, i) =>
      tx.create('sale.order.line', {
        order_id: orderId,
        product_id: productId,
        product_uom_qty: this.random.int(1, 80),
        price_unit: this.random.int(150, 30_000) / 100,
        sequence: 10 + i,
      }),
    );
    if (this.random.chance(0.5)) tx.confirm(orderId);
    try {
      tx.commit();
    } catch {
      return undefined;
    }
    const change: SimChange = {
      kind: 'duplicate_name',
      model: 'sale.order',
      orderId,
      orderIds: [orderId, namesake.id],
      lineIds,
      writeDate: formatOdooDatetime(dateToMicros(tx.at)),
      committed: true,
    };
    this.made++;
    this.emit(change);
    return change;
  }

  /** Real-time demo mode: about `changesPerMinute` changes a minute until `stop()`. */
  start(changesPerMinute: number): void {
    this.stop();
    if (!(changesPerMinute > 0)) return;
    const periodMs = Math.max(50, Math.min(1000, 60_000 / changesPerMinute));
    let due = 0;
    this.timer = setInterval(() => {
      due += (changesPerMinute * periodMs) / 60_000;
      const n = Math.floor(due);
      due -= n;
      try {
        this.tick(n);
      } catch {
        // a change that hits a concurrent edit is simply skipped
      }
    }, periodMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private commitDue(until = dateToMicros(this.clock.now())): SimChange[] {
    const out: SimChange[] = [];
    for (let i = 0; i < this.pending.length;) {
      const p = this.pending[i];
      if (p.commitAt > until) {
        i++;
        continue;
      }
      this.pending.splice(i, 1);
      try {
        p.tx.commit();
        p.change.committed = true;
        out.push(p.change);
        this.emit(p.change);
      } catch {
        // the rows it touched went away meanwhile: the transaction rolls back, as a real one would fail
      }
    }
    return out;
  }

  private emit(change: SimChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private makeOne(): SimChange | undefined {
    const kind = this.random.weighted(this.weights);
    const at = this.clock.now();
    if (kind === 'late_commit') {
      const lagMs = this.random.int(this.options.lateCommitMinMs ?? 30_000, this.options.lateCommitMaxMs ?? 300_000);
      const tx = new SimTransaction(this.orm, at);
      const innerWeights = { ...this.weights, late_commit: 0 };
      const inner = this.random.weighted(innerWeights) as Exclude<ChangeKind, 'late_commit'>;
      const change = this.plan(inner, tx);
      if (!change) return undefined;
      change.kind = 'late_commit';
      change.inner = inner;
      change.committed = false;
      this.pending.push({ tx, commitAt: dateToMicros(at) + lagMs * 1000, change, orderId: change.orderId });
      this.made++;
      return change;
    }
    const tx = new SimTransaction(this.orm, at);
    const change = this.plan(kind, tx);
    if (!change) return undefined;
    try {
      tx.commit();
    } catch {
      return undefined;
    }
    this.made++;
    this.emit(change);
    return change;
  }

  /** Queues one change of `kind` in `tx`; undefined when no suitable record exists. */
  private plan(kind: Exclude<ChangeKind, 'late_commit'>, tx: SimTransaction): SimChange | undefined {
    const writeDate = formatOdooDatetime(dateToMicros(tx.at));
    const change = (model: ModelName, orderId: number, lineIds: number[]): SimChange => ({ kind, model, orderId, lineIds, writeDate, committed: true });
    switch (kind) {
      case 'create_order': {
        const partners = this.db.table('res.partner').rows;
        const products = this.db.table('product.product').rows;
        if (partners.length === 0 || products.length === 0) return undefined;
        const vals: Vals = { partner_id: this.random.pick(partners).id };
        if (this.random.chance(0.3)) vals.client_order_ref = `PC-${this.random.int(10_000, 99_999)}`;
        const orderId = tx.create('sale.order', vals);
        const lineIds: number[] = [];
        const n = this.random.int(1, this.options.maxLinesPerNewOrder ?? 5);
        if (n >= 3 && this.random.chance(0.15))
          lineIds.push(tx.create('sale.order.line', { order_id: orderId, display_type: 'line_section', name: 'Seção Pedido', sequence: 1 }));
        let last: Row | undefined;
        for (let i = 0; i < n; i++) {
          const product = last && this.random.chance(0.08) ? last : this.random.pick(products);
          last = product;
          lineIds.push(
            tx.create('sale.order.line', {
              order_id: orderId,
              product_id: product.id,
              product_uom_qty: this.random.int(1, 80),
              price_unit: this.random.int(150, 30_000) / 100,
              sequence: 10 + i,
            }),
          );
        }
        if (this.random.chance(0.5)) tx.confirm(orderId);
        return change('sale.order', orderId, lineIds);
      }
      case 'edit_quantity': {
        const line = this.pickLine(
          (o) => o.state === 'draft' || o.state === 'sent' || o.state === 'sale',
          (l) => l.display_type === null,
        );
        if (!line) return undefined;
        const qty = Math.max(line.qty_delivered as number, this.random.int(1, 150));
        tx.write('sale.order.line', line.id, { product_uom_qty: qty });
        return change('sale.order.line', line.order_id as number, [line.id]);
      }
      case 'deliver': {
        const line = this.pickLine(
          (o) => o.state === 'sale',
          (l) => l.display_type === null && (l.qty_delivered as number) < (l.product_uom_qty as number),
        );
        if (!line) return undefined;
        const remaining = (line.product_uom_qty as number) - (line.qty_delivered as number);
        const qty = (line.qty_delivered as number) + Math.max(1, Math.min(remaining, Math.ceil(remaining * this.random.next())));
        tx.write('sale.order.line', line.id, { qty_delivered: Math.min(qty, line.product_uom_qty as number) });
        return change('sale.order.line', line.order_id as number, [line.id]);
      }
      case 'invoice': {
        const line = this.pickLine(
          (o) => o.state === 'sale' || o.state === 'done',
          (l) => (l.qty_invoiced as number) < (l.qty_delivered as number),
        );
        if (!line) return undefined;
        tx.write('sale.order.line', line.id, { qty_invoiced: line.qty_delivered });
        return change('sale.order.line', line.order_id as number, [line.id]);
      }
      case 'confirm': {
        const order = this.pickOrder((o) => o.state === 'draft' || o.state === 'sent');
        if (!order) return undefined;
        tx.confirm(order.id);
        return change('sale.order', order.id, [...(order.order_line as number[])]);
      }
      case 'cancel': {
        const order = this.pickOrder((o) => o.state === 'draft' || o.state === 'sent' || o.state === 'sale');
        if (!order) return undefined;
        tx.cancel(order.id);
        return change('sale.order', order.id, [...(order.order_line as number[])]);
      }
      case 'delete_line': {
        const line = this.pickLine(
          (o) => (o.state === 'draft' || o.state === 'sent') && (o.order_line as number[]).length >= 2,
          () => true,
        );
        if (!line) return undefined;
        tx.unlink('sale.order.line', line.id);
        return change('sale.order.line', line.order_id as number, [line.id]);
      }
      case 'delete_order': {
        const order = this.pickOrder((o) => o.state === 'draft' || o.state === 'cancel');
        if (!order) return undefined;
        const lineIds = [...(order.order_line as number[])];
        tx.unlink('sale.order', order.id);
        return change('sale.order', order.id, lineIds);
      }
      case 'edit_header': {
        const order = this.pickOrder((o) => o.state !== 'cancel');
        if (!order) return undefined;
        if (this.random.chance(0.6)) {
          const days = this.random.int(1, 45);
          const base = dateToMicros(tx.at) + days * 86_400_000_000;
          tx.write('sale.order', order.id, { commitment_date: formatOdooDatetime(base) });
        } else {
          tx.write('sale.order', order.id, { client_order_ref: `PC-${this.random.int(10_000, 99_999)}` });
        }
        return change('sale.order', order.id, []);
      }
    }
  }

  private locked(orderId: number): boolean {
    return this.pending.some((p) => p.orderId === orderId);
  }

  private pickOrder(accept: (order: Row) => boolean): Row | undefined {
    const rows = this.db.table('sale.order').rows;
    if (rows.length === 0) return undefined;
    for (let attempt = 0; attempt < 40; attempt++) {
      // favour recent orders, as real traffic does
      const index = this.random.chance(0.7)
        ? rows.length - 1 - Math.floor(this.random.next() * Math.min(rows.length, 500))
        : Math.floor(this.random.next() * rows.length);
      const order = rows[index];
      if (order && accept(order) && !this.locked(order.id)) return order;
    }
    return undefined;
  }

  private pickLine(acceptOrder: (order: Row) => boolean, acceptLine: (line: Row) => boolean): Row | undefined {
    const lines = this.db.table('sale.order.line');
    for (let attempt = 0; attempt < 10; attempt++) {
      const order = this.pickOrder(acceptOrder);
      if (!order) return undefined;
      const candidates = (order.order_line as number[]).map((id) => lines.get(id)).filter((l): l is Row => l !== undefined && acceptLine(l));
      if (candidates.length > 0) return this.random.pick(candidates);
    }
    return undefined;
  }
}

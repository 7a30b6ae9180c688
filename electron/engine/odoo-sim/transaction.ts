/**
 * Late commits. A transaction's changes all carry `write_date` = its start time (`at`),
 * but nobody sees them until `commit()` — exactly how a long Odoo transaction makes rows
 * appear "in the past". Ids are handed out when `create` is called (like a PostgreSQL
 * sequence), so a late-committed row can have a lower id than rows committed before it.
 */
import { dateToMicros } from './datetime';
import type { ModelName } from './models';
import type { OdooOrm, Vals, WriteContext } from './orm';

export type TransactionState = 'open' | 'committed' | 'rolled back';

export class SimTransaction {
  private readonly ops: Array<(ctx: WriteContext) => void> = [];
  private currentState: TransactionState = 'open';

  constructor(
    private readonly orm: OdooOrm,
    /** The transaction's start time: every row it touches gets this `write_date`. */
    readonly at: Date,
  ) {}

  get state(): TransactionState {
    return this.currentState;
  }

  /** Queues a create; returns the id the record will have once committed. */
  create(model: ModelName, vals: Vals): number {
    this.assertOpen();
    const id = this.orm.reserveId(model);
    this.ops.push((ctx) => this.orm.applyCreate(ctx, model, vals, id));
    return id;
  }

  write(model: ModelName, ids: number | readonly number[], vals: Vals): void {
    this.assertOpen();
    const list = typeof ids === 'number' ? [ids] : [...ids];
    this.ops.push((ctx) => this.orm.applyWrite(ctx, model, list, vals));
  }

  unlink(model: ModelName, ids: number | readonly number[], options: { force?: boolean } = {}): void {
    this.assertOpen();
    const list = typeof ids === 'number' ? [ids] : [...ids];
    this.ops.push((ctx) => this.orm.applyUnlink(ctx, model, list, options.force ?? false));
  }

  confirm(orderIds: number | readonly number[]): void {
    this.assertOpen();
    const list = typeof orderIds === 'number' ? [orderIds] : [...orderIds];
    this.ops.push((ctx) => this.orm.applyConfirm(ctx, list));
  }

  cancel(orderIds: number | readonly number[]): void {
    this.assertOpen();
    const list = typeof orderIds === 'number' ? [orderIds] : [...orderIds];
    this.ops.push((ctx) => this.orm.applyCancel(ctx, list));
  }

  /** Makes every queued change visible at once (all-or-nothing: a failing change undoes the others and the error is thrown). */
  commit(): void {
    this.assertOpen();
    const ctx: WriteContext = { at: dateToMicros(this.at), uid: this.orm.uid };
    try {
      this.orm.db.atomic(() => {
        for (const op of this.ops) op(ctx);
      });
      this.currentState = 'committed';
    } catch (error) {
      this.currentState = 'rolled back';
      throw error;
    }
  }

  rollback(): void {
    this.assertOpen();
    this.ops.length = 0;
    this.currentState = 'rolled back';
  }

  private assertOpen(): void {
    if (this.currentState !== 'open') throw new Error(`transaction already ${this.currentState}`);
  }
}

/**
 * The store's public contract: what the sync, the lock, the scheduler and the console
 * need from the database, independent of the backend (PostgreSQL through `pg`, or
 * embedded PGlite). Quantities and money travel as decimal strings, never floats.
 */

import type { Interval } from '../../../shared/coverage';
import type { AuditAction, LockBackendName, RunProblem, RunStatus, RunTrigger } from '../../../shared/engine-types';
import type { FailureCause } from '../../../shared/failure-cause';
import { LockLostError } from '../lock/types';

export type { LockBackendName, RunStatus, RunTrigger };

/** One row of `carteira`: an order's open quantity of one product (lines already aggregated). */
export interface CarteiraRow {
  numPedido: string;
  codProduto: string;
  nomeProduto: string | null;
  cnpjCliente: string | null;
  nomeCliente: string | null;
  /** decimal strings */
  qtdProdutoPedido: string;
  qtdEntregue: string;
  qtdFaturada: string;
  qtdSaldoProdutoPedido: string;
  precoProdutoPedido: string;
  valorProdutoPedido: string;
  statusPedido: string;
  dataPedido: Date | null;
  dataEntrega: Date | null;
  odooOrderId: number;
  /** newest write_date of the order and of its lines for this key (Odoo server time) */
  odooWriteDate: Date;
  ativo: boolean;
}

/** An order as Odoo has it now, already mapped: its rows replace everything the table holds for it. */
export interface SyncedOrder {
  odooOrderId: number;
  numPedido: string;
  /** newest write_date of the order and all its lines */
  writeDate: Date;
  rows: CarteiraRow[];
}

/** What one write transaction applies. */
export interface OrderBatch {
  orders: SyncedOrder[];
  /** Orders that no longer exist in Odoo: every key of theirs becomes inactive (saldo 0). */
  deletedOrderIds: number[];
  /** How many active rows the batch may deactivate by absence; absent: no limit. */
  absenceLimit?: AbsenceLimit;
}

/**
 * Deactivation by ABSENCE: the rows of orders missing from Odoo's answer, and of orders that
 * came back with no key at all (not a key replaced by another: that is the order's own answer).
 * More than `allowed` rolls the batch back with `DeactivationLimitError`; once committed, the
 * batch's count is `spend`-ed.
 */
export interface AbsenceLimit {
  allowed: number;
  spend(rows: number): void;
}

/** A key two orders claim: `keptOrderId`'s row holds it, `skippedOrderId`'s line for it is not written. */
export interface KeyCollision {
  numPedido: string;
  codProduto: string;
  keptOrderId: number;
  skippedOrderId: number;
}

/** An open collision as recorded (`carteira_key_collisions`, migration 5). */
export interface KeyCollisionRecord extends KeyCollision {
  firstSeenRunId: number | null;
  lastSeenRunId: number | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** Exact effect of a batch on `carteira`. */
export interface BatchCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deactivated: number;
}

/**
 * Every write transaction carries the fence of the lock acquisition it runs under. Inside
 * the transaction the store row-locks the fence counter and aborts with `FenceError` if a
 * newer acquisition exists; `beforeCommit` (e.g. "is my Redis token still the key's value?")
 * runs last, inside the transaction, and aborts it by throwing.
 */
export interface WriteGuard {
  fence: number;
  beforeCommit?: () => Promise<void>;
}

export interface SyncState {
  /** newest Odoo write_date whose window has been applied completely; null before the first load */
  watermark: Date | null;
  /** last fence handed out */
  fence: number;
  paused: boolean;
  pausedReason: string | null;
  pausedBy: string | null;
  pausedAt: Date | null;
  /**
   * Odoo's clock (a lower bound, from its HTTP `Date` header) when the newest successful run
   * that connected to the coverage before it began reading everything Odoo had; null until one did.
   */
  odooSyncedTo: Date | null;
  /** the Odoo protocol that run spoke (`xmlrpc`, `jsonrpc`, `json2`); null until one recorded it */
  odooProtocol: string | null;
}

export interface NewRun {
  trigger: RunTrigger;
  windowFrom: Date | null;
  windowTo: Date;
  fullLoad: boolean;
  startedAt: Date;
  host: string;
  pid: number;
  /**
   * the process instance of `pid` (boot id + start time, issue 16.7): a container's PID 1 restarted
   * tells its predecessor's runs from its own by it. Absent: the instance of `pid` on this host at
   * insertion (the engine recording its own process), null where it cannot be told
   */
  instance?: string | null;
  fence: number | null;
  lockBackend: LockBackendName | null;
  degraded: boolean;
  demo: boolean;
  /** part of the requested window that could not be covered (beyond SYNC_MAX_CATCHUP_HOURS) */
  gapFrom: Date | null;
  gapTo: Date | null;
  /** `running` for a run that starts now; `skipped` to record a run that never started */
  status: 'running' | 'skipped';
  error?: string | null;
  /** why it was skipped */
  problem?: RunProblem | null;
  /** what held the lock, for a skip (`lockHeld`) */
  cause?: FailureCause | null;
  /** the token and acquisition time of the lock value this run holds (a dead run's value is recognised by them) */
  lockToken?: string | null;
  /** who started it: `scheduler`, `cli:user@host`, the console's actor (`anonymous@ip`, `user@host`), `tray:user@host` */
  actor?: string | null;
  lockAcquiredAt?: string | null;
}

/** How a run that did not succeed ends (a success goes through `Store.recordRunSuccess`). */
export interface RunOutcome {
  status: 'failed' | 'aborted';
  finishedAt: Date;
  ordersSeen: number;
  counts: BatchCounts;
  error: string | null;
  problem: RunProblem | null;
  /** why it failed (classify-failure.ts); null when its problem says it all (stopped, lock lost) */
  cause?: FailureCause | null;
}

/** What a successful run records and moves (see `Store.recordRunSuccess`). */
export interface RunSuccess {
  finishedAt: Date;
  ordersSeen: number;
  counts: BatchCounts;
  /** the watermark moves to max(current, this); null leaves it */
  watermarkTo: Date | null;
  /** Odoo's clock when the run began reading, and the protocol it spoke; null leaves them */
  odooSyncedTo: { at: Date; protocol: string } | null;
  /**
   * Where the run's window really ended, when later than planned: a run that reads all Odoo
   * has covers up to the moment it began reading, hours after its plan if Odoo kept it
   * waiting. null keeps the planned end.
   */
  windowTo: Date | null;
  /**
   * The latest time Odoo's clock can have reached (this host's clock plus the allowed lead): a
   * stored watermark or Odoo clock beyond it (a future write_date kept before the bound existed)
   * is pulled back to it. Absent: nothing is pulled back.
   */
  notAfter?: Date;
}

export interface RunRecord extends Omit<NewRun, 'status' | 'error' | 'problem' | 'actor' | 'cause' | 'instance'> {
  id: number;
  /** null for runs recorded before migration 10, or whose process instance could not be told */
  instance: string | null;
  /** null for runs recorded before migration 8 */
  actor: string | null;
  status: RunStatus;
  finishedAt: Date | null;
  ordersSeen: number;
  counts: BatchCounts;
  error: string | null;
  problem: RunProblem | null;
  /** null for runs that succeeded, whose problem says it all, or from before migration 9 */
  cause: FailureCause | null;
  watermarkBefore: Date | null;
  watermarkAfter: Date | null;
}

export interface AuditEntry {
  actor: string;
  action: AuditAction;
  reason: string | null;
  details: Record<string, unknown>;
  at: Date;
}

/** What an audited action turned out to be, written over the row recorded before acting. */
export interface AuditOutcome {
  action: AuditAction;
  details: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  id: number;
}

/** A stored `carteira` row with the bookkeeping columns (added to the contract by the store). */
export interface CarteiraRecord extends CarteiraRow {
  syncRunId: number | null;
  updatedAt: Date;
}

export interface CarteiraQuery {
  /** only rows of these Odoo orders */
  orderIds?: number[];
  /** only `ativo` rows */
  activeOnly?: boolean;
  /** default: every matching row; ordered by (num_pedido, cod_produto) */
  limit?: number;
  offset?: number;
}

export interface CarteiraTotals {
  rows: number;
  active: number;
  orders: number;
}

export interface Store {
  readonly backend: 'postgres' | 'pglite';

  close(): Promise<void>;

  // --- sync state ---------------------------------------------------------------
  getSyncState(): Promise<SyncState>;
  /** Bumps and returns the fence counter: called on every lock acquisition, through any backend. */
  nextFence(): Promise<number>;
  setPaused(paused: boolean, actor: string, reason: string | null, at: Date): Promise<void>;

  // --- runs -------------------------------------------------------------------------
  /** Records a run; `watermarkBefore` is read inside the same statement. */
  insertRun(run: NewRun): Promise<number>;
  /** A run that did not succeed (failed, aborted): moves nothing else. */
  finishRun(runId: number, outcome: RunOutcome): Promise<void>;
  /**
   * A run that succeeded: its record, the watermark (to `max(current, watermarkTo)`) and Odoo's
   * clock, in ONE fenced transaction; returns the watermark after it.
   */
  recordRunSuccess(runId: number, success: RunSuccess, guard: WriteGuard): Promise<Date | null>;
  getRun(runId: number): Promise<RunRecord | null>;
  /** newest first; `before` pages back from a run already shown */
  listRuns(options?: { limit?: number; since?: Date; before?: { startedAt: Date; id: number } }): Promise<RunRecord[]>;
  /** The newest successful sync that read Odoo up to when it started: see `isFreshSync` (shared/fresh-sync.ts). */
  lastSuccessfulSync(): Promise<RunRecord | null>;
  /** What no successful sync covered, of every reported gap and of `candidates` (epoch ms): see `runs.ts`. */
  openGaps(candidates: readonly Interval[]): Promise<Interval[]>;
  /** Marks runs left `running` by a dead process as `aborted` (called at engine start). */
  abortStaleRuns(host: string, pids: number[] | 'all', at: Date, reason: string): Promise<number>;
  /** Marks these runs `aborted` (problem `stopped`) if they are still `running`: their process is gone (called at engine start). */
  abortRunsOfGoneProcesses(runIds: number[], at: Date, reason: string): Promise<number>;
  /** Marks runs left `running` under a fence older than `fence` as `aborted` (called by the new lock holder). */
  abortFencedOutRuns(fence: number, at: Date): Promise<number>;

  // --- carteira ---------------------------------------------------------------------
  /**
   * Applies a batch in ONE transaction with set-based SQL: upserts every row (a row whose
   * stored `odoo_write_date` is newer is left alone; identical rows are not rewritten),
   * deactivates keys the orders no longer have and all keys of deleted orders.
   */
  applyOrders(batch: OrderBatch, runId: number, guard: WriteGuard): Promise<BatchCounts>;
  /** odoo_order_id → newest odoo_write_date held locally, for reconciliation. */
  localOrderVersions(): Promise<Map<number, Date>>;
  /** Ids of orders that still have an active key. */
  activeOrderIds(): Promise<number[]>;
  /** Orders with rows deactivated because the order was missing from Odoo's answer (deleted, or hidden from us). */
  ordersMissingFromOdoo(): Promise<number[]>;
  /** Active rows these orders hold. */
  activeRowsOf(orderIds: readonly number[]): Promise<number>;
  /** Orders with a row whose odoo_write_date is after `at` (newest first, at most `limit`): rows stamped in the future. */
  ordersWrittenAfter(at: Date, limit: number): Promise<Array<{ odooOrderId: number; numPedido: string; writeDate: Date }>>;
  /** Open key collisions, newest first; `seenInRun` keeps those a given run met. */
  keyCollisions(options?: { limit?: number; seenInRun?: number }): Promise<{ total: number; items: KeyCollisionRecord[] }>;
  /** Both sides of every open key collision: the orders left out and the orders holding their keys. */
  collidingOrderIds(): Promise<number[]>;
  totals(): Promise<CarteiraTotals>;
  /** Reads stored rows (for the console, reconciliation checks and tests). Added to the contract. */
  listCarteira(query?: CarteiraQuery): Promise<CarteiraRecord[]>;

  // --- audit ------------------------------------------------------------------------
  appendAudit(entry: AuditEntry): Promise<number>;
  updateAudit(id: number, outcome: AuditOutcome): Promise<void>;
  listAudit(options?: { limit?: number }): Promise<AuditRecord[]>;
}

/** A write transaction found a newer lock acquisition than its own: the lock was lost. */
export class FenceError extends LockLostError {
  constructor(
    readonly expected: number,
    readonly current: number,
  ) {
    super(
      `this run holds fence ${expected} but fence ${current} is current: this batch was rolled back and nothing more is written (earlier batches stay applied)`,
    );
    this.name = 'FenceError';
  }
}

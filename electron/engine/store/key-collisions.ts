/**
 * Keys two Odoo orders claim at once. Odoo does not make `sale.order.name` unique, and the
 * table's key is `(num_pedido, cod_produto)`: two orders named alike with the same product
 * collide. Who keeps the key, in this order: an open (active) line before a closed one (the
 * carteira is the open order book: a new order reusing a cancelled one's name is not left out
 * for it), then the order whose row already holds the key, then the lowest id. The other's line
 * for that key is not written, and the pair is recorded in `carteira_key_collisions` (migration
 * 5) for the run's log, the status and the health verdict. Every other key, of both orders, is
 * written as usual.
 *
 * A holder gives its key up when it no longer claims it: its row is inactive by absence (the
 * order was deleted, or dropped that line), or its order is in the same batch without that key.
 */
import { inactiveByAbsence } from './absence';
import type { Queryable, Tx } from './db';
import type { CarteiraRow, KeyCollision, KeyCollisionRecord } from './types';

/** One string per key (NUL cannot occur in PostgreSQL text). */
export const keyOf = (numPedido: string, codProduto: string): string => `${numPedido}\u0000${codProduto}`;

export interface KeyHolder {
  orderId: number;
  /** its row is active (an open line) */
  active: boolean;
  /** its row is inactive by absence: the order no longer claims the key */
  yields: boolean;
}

/** Who holds each of these keys in `carteira` now. */
export async function keyHolders(tx: Queryable, keys: ReadonlyArray<{ numPedido: string; codProduto: string }>): Promise<Map<string, KeyHolder>> {
  if (keys.length === 0) return new Map();
  const { rows } = await tx.query<{ num_pedido: string; cod_produto: string; odoo_order_id: number; ativo: boolean; yields: boolean }>(
    `SELECT c.num_pedido, c.cod_produto, c.odoo_order_id, c.ativo, ${inactiveByAbsence('c')} AS yields
       FROM unnest($1::text[], $2::text[]) AS k(num_pedido, cod_produto)
       JOIN carteira c ON c.num_pedido = k.num_pedido AND c.cod_produto = k.cod_produto`,
    [keys.map((key) => key.numPedido), keys.map((key) => key.codProduto)],
  );
  return new Map(rows.map((row) => [keyOf(row.num_pedido, row.cod_produto), { orderId: Number(row.odoo_order_id), active: row.ativo, yields: row.yields }]));
}

/** A claim on a key, ranked: an open line first, then the current holder, then the lowest id. */
interface Claim {
  orderId: number;
  active: boolean;
  holds: boolean;
}

const before = (a: Claim, b: Claim): boolean => (a.active !== b.active ? a.active : a.holds !== b.holds ? a.holds : a.orderId < b.orderId);

/**
 * Settles the keys several orders of one batch claim, the table's holder among them unless it
 * gave the key up (a holder in the batch without the key does). Returns the rows to write and the
 * collisions; a holder outside the batch that keeps its key leaves every claimant out.
 */
export function settleContested(
  rows: readonly CarteiraRow[],
  contested: ReadonlySet<string>,
  holders: ReadonlyMap<string, KeyHolder>,
  batchOrderIds: ReadonlySet<number>,
): { rows: CarteiraRow[]; collisions: KeyCollision[] } {
  if (contested.size === 0) return { rows: [...rows], collisions: [] };
  const claims = new Map<string, Claim[]>();
  for (const row of rows) {
    const key = keyOf(row.numPedido, row.codProduto);
    if (!contested.has(key)) continue;
    const holder = holders.get(key);
    const holds = holder !== undefined && !holder.yields && holder.orderId === row.odooOrderId;
    claims.set(key, [...(claims.get(key) ?? []), { orderId: row.odooOrderId, active: row.ativo, holds }]);
  }
  const keeper = new Map<string, number>();
  for (const [key, candidates] of claims) {
    const holder = holders.get(key);
    const all = [...candidates];
    if (holder && !holder.yields && !batchOrderIds.has(holder.orderId)) all.push({ orderId: holder.orderId, active: holder.active, holds: true });
    keeper.set(key, all.reduce((best, claim) => (before(claim, best) ? claim : best)).orderId);
  }
  const kept: CarteiraRow[] = [];
  const collisions: KeyCollision[] = [];
  for (const row of rows) {
    const key = keyOf(row.numPedido, row.codProduto);
    const keptOrderId = keeper.get(key);
    if (keptOrderId === undefined || keptOrderId === row.odooOrderId) kept.push(row);
    else collisions.push({ numPedido: row.numPedido, codProduto: row.codProduto, keptOrderId, skippedOrderId: row.odooOrderId });
  }
  return { rows: kept, collisions };
}

/**
 * Settles the staged rows against the keys other orders hold in `carteira` (orders not in the
 * batch; those in it that dropped a key give it up). A holder that keeps its key (it has not given
 * it up, and it is not a closed line against an open one) takes the staged row out; an open staged
 * line that takes a closed holder's key leaves that holder's order out. Both come back as
 * collisions. Runs after staging, before the merge.
 */
export async function unstageHeldKeys(tx: Tx, stage: string, stageOrders: string): Promise<{ collisions: KeyCollision[]; unstaged: number }> {
  const contestedBy = `c.num_pedido = s.num_pedido AND c.cod_produto = s.cod_produto
          AND c.odoo_order_id <> s.odoo_order_id
          AND NOT ${inactiveByAbsence('c')}
          AND NOT EXISTS (SELECT 1 FROM ${stageOrders} o WHERE o.odoo_order_id = c.odoo_order_id)`;
  const { rows } = await tx.query<{ num_pedido: string; cod_produto: string; kept_order_id: number; skipped_order_id: number; unstaged: boolean }>(
    `WITH held AS (
       DELETE FROM ${stage} s
        USING carteira c
        WHERE ${contestedBy}
          AND (c.ativo OR NOT s.ativo)
        RETURNING s.num_pedido, s.cod_produto, c.odoo_order_id AS kept_order_id, s.odoo_order_id AS skipped_order_id
     ), taken AS (
       SELECT s.num_pedido, s.cod_produto, s.odoo_order_id AS kept_order_id, c.odoo_order_id AS skipped_order_id
         FROM ${stage} s JOIN carteira c ON ${contestedBy}
        WHERE s.ativo AND NOT c.ativo
     )
     SELECT num_pedido, cod_produto, kept_order_id, skipped_order_id, true AS unstaged FROM held
     UNION ALL
     SELECT num_pedido, cod_produto, kept_order_id, skipped_order_id, false AS unstaged FROM taken`,
  );
  return {
    collisions: rows.map((row) => ({
      numPedido: row.num_pedido,
      codProduto: row.cod_produto,
      keptOrderId: Number(row.kept_order_id),
      skippedOrderId: Number(row.skipped_order_id),
    })),
    unstaged: rows.filter((row) => row.unstaged).length,
  };
}

/**
 * Records this batch's collisions, and forgets those of the batch's orders (synced, or deleted)
 * that no longer collide: the record says what is missing from `carteira` now.
 */
export async function recordCollisions(tx: Queryable, collisions: readonly KeyCollision[], orderIds: readonly number[], runId: number): Promise<void> {
  const nums = collisions.map((c) => c.numPedido);
  const codes = collisions.map((c) => c.codProduto);
  const kept = collisions.map((c) => c.keptOrderId);
  const skipped = collisions.map((c) => c.skippedOrderId);
  if (orderIds.length > 0) {
    await tx.query(
      `DELETE FROM carteira_key_collisions k
        WHERE k.skipped_order_id = ANY($1::bigint[])
          AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::text[], $4::bigint[]) AS n(num_pedido, cod_produto, skipped_order_id)
                           WHERE n.num_pedido = k.num_pedido AND n.cod_produto = k.cod_produto AND n.skipped_order_id = k.skipped_order_id)`,
      [[...orderIds], nums, codes, skipped],
    );
  }
  if (collisions.length === 0) return;
  await tx.query(
    `INSERT INTO carteira_key_collisions (num_pedido, cod_produto, kept_order_id, skipped_order_id, first_seen_run_id, last_seen_run_id)
     SELECT num_pedido, cod_produto, kept_order_id, skipped_order_id, $5::bigint, $5::bigint
       FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) AS n(num_pedido, cod_produto, kept_order_id, skipped_order_id)
     ON CONFLICT (num_pedido, cod_produto, skipped_order_id) DO UPDATE
       SET kept_order_id = EXCLUDED.kept_order_id, last_seen_run_id = EXCLUDED.last_seen_run_id, last_seen_at = now()`,
    [nums, codes, kept, skipped, runId],
  );
}

interface CollisionRow {
  num_pedido: string;
  cod_produto: string;
  kept_order_id: number;
  skipped_order_id: number;
  first_seen_run_id: number | null;
  last_seen_run_id: number | null;
  first_seen_at: Date;
  last_seen_at: Date;
}

/** The open collisions, newest first (`seenInRun`: only those a given run met); `total` counts them all. */
export async function listKeyCollisions(
  db: Queryable,
  options: { limit?: number; seenInRun?: number } = {},
): Promise<{ total: number; items: KeyCollisionRecord[] }> {
  const filter = options.seenInRun === undefined ? 'true' : 'last_seen_run_id = $2::bigint';
  const params: unknown[] = [options.limit ?? 100];
  if (options.seenInRun !== undefined) params.push(options.seenInRun);
  const { rows } = await db.query<CollisionRow & { total: number }>(
    `SELECT *, count(*) OVER () AS total FROM carteira_key_collisions
      WHERE ${filter}
      ORDER BY last_seen_at DESC, num_pedido, cod_produto, skipped_order_id
      LIMIT $1`,
    params,
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((row) => ({
      numPedido: row.num_pedido,
      codProduto: row.cod_produto,
      keptOrderId: Number(row.kept_order_id),
      skippedOrderId: Number(row.skipped_order_id),
      firstSeenRunId: row.first_seen_run_id === null ? null : Number(row.first_seen_run_id),
      lastSeenRunId: row.last_seen_run_id === null ? null : Number(row.last_seen_run_id),
      firstSeenAt: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
    })),
  };
}

/**
 * Both sides of every open collision: reconciliation re-reads them. The left-out order, because
 * the holder may have given the key up; the holder, because Odoo may have deleted it — a closed
 * holder has no active row, so the search for gone orders (active ones) never meets it.
 */
export async function collidingOrderIds(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT skipped_order_id AS id FROM carteira_key_collisions UNION SELECT kept_order_id FROM carteira_key_collisions ORDER BY 1',
  );
  return rows.map((row) => Number(row.id));
}

/**
 * The set-based write path of `carteira`: one transaction per batch, fenced, with every row
 * staged by COPY into a temp table and merged by one INSERT … SELECT … ON CONFLICT — or,
 * when the table holds nothing of the batch's orders (a first load into an empty table, a
 * bulk import of new orders), copied straight into `carteira`: the merge could only insert.
 */
import type { Db, Tx } from './db';
import { copyChunks, type CopyValue } from './copy-text';
import { DeactivationLimitError } from './deactivation-limit';
import { keyHolders, keyOf, recordCollisions, settleContested, unstageHeldKeys } from './key-collisions';
import { checkFence } from './sync-state';
import type { BatchCounts, CarteiraRow, OrderBatch, WriteGuard } from './types';

/** The data columns of a row, in staging/COPY order (without sync_run_id / updated_at). */
export const CARTEIRA_DATA_COLUMNS = [
  'num_pedido',
  'cod_produto',
  'nome_produto',
  'cnpj_cliente',
  'nome_cliente',
  'qtd_produto_pedido',
  'qtd_entregue',
  'qtd_faturada',
  'qtd_saldo_produto_pedido',
  'preco_produto_pedido',
  'valor_produto_pedido',
  'status_pedido',
  'data_pedido',
  'data_entrega',
  'odoo_order_id',
  'odoo_write_date',
  'ativo',
] as const;

/** Columns whose difference makes a row "changed" (everything but the key). */
const COMPARED_COLUMNS = CARTEIRA_DATA_COLUMNS.filter((column) => column !== 'num_pedido' && column !== 'cod_produto');

export function carteiraCopyFields(row: CarteiraRow): CopyValue[] {
  return [
    row.numPedido,
    row.codProduto,
    row.nomeProduto,
    row.cnpjCliente,
    row.nomeCliente,
    row.qtdProdutoPedido,
    row.qtdEntregue,
    row.qtdFaturada,
    row.qtdSaldoProdutoPedido,
    row.precoProdutoPedido,
    row.valorProdutoPedido,
    row.statusPedido,
    row.dataPedido,
    row.dataEntrega,
    row.odooOrderId,
    row.odooWriteDate,
    row.ativo,
  ];
}

const STAGE = 'carteira_stage';
const STAGE_ORDERS = 'carteira_stage_orders';

const CREATE_STAGE = `
  CREATE TEMP TABLE ${STAGE} (
    num_pedido text NOT NULL,
    cod_produto text NOT NULL,
    nome_produto text,
    cnpj_cliente text,
    nome_cliente text,
    qtd_produto_pedido numeric NOT NULL,
    qtd_entregue numeric NOT NULL,
    qtd_faturada numeric NOT NULL,
    qtd_saldo_produto_pedido numeric NOT NULL,
    preco_produto_pedido numeric NOT NULL,
    valor_produto_pedido numeric NOT NULL,
    status_pedido text,
    data_pedido timestamptz,
    data_entrega timestamptz,
    odoo_order_id bigint NOT NULL,
    odoo_write_date timestamptz NOT NULL,
    ativo boolean NOT NULL
  ) ON COMMIT DROP;
  CREATE TEMP TABLE ${STAGE_ORDERS} (
    odoo_order_id bigint NOT NULL,
    write_date timestamptz NOT NULL
  ) ON COMMIT DROP`;

/**
 * The value a column takes on conflict. The row read last wins: batches commit only under the
 * current fence, so a committed batch was always read after every batch committed before it.
 * Its `write_date` is NOT a version: Odoo stamps the transaction's start, so a long transaction
 * committing after a short one moves an order's `write_date` back (found by the chaos soak).
 * The stored `odoo_write_date` keeps the newest value seen, so it never decreases.
 */
const newValue = (column: string) => (column === 'odoo_write_date' ? 'GREATEST(carteira.odoo_write_date, EXCLUDED.odoo_write_date)' : `EXCLUDED.${column}`);

const UPSERT = `
  WITH merged AS (
    INSERT INTO carteira (${CARTEIRA_DATA_COLUMNS.join(', ')}, sync_run_id, updated_at)
    SELECT ${CARTEIRA_DATA_COLUMNS.join(', ')}, $1::bigint, now() FROM ${STAGE}
    ON CONFLICT (num_pedido, cod_produto) DO UPDATE SET
      ${COMPARED_COLUMNS.map((column) => `${column} = ${newValue(column)}`).join(',\n      ')},
      sync_run_id = EXCLUDED.sync_run_id,
      updated_at = now()
    WHERE (${COMPARED_COLUMNS.map((column) => `carteira.${column}`).join(', ')})
          IS DISTINCT FROM (${COMPARED_COLUMNS.map(newValue).join(', ')})
    RETURNING (xmax = 0) AS inserted
  )
  SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated FROM merged`;

/**
 * Keys an order no longer has (the order as read now is the truth, whatever its write_date says).
 * `emptied` counts those of orders that came back with no key at all: an answer that lacked the
 * order's lines (a record rule) looks like that, while a key replaced by another (a product's
 * code changed) is the order's own positive answer.
 */
const DEACTIVATE_VANISHED = `
  WITH gone AS (
    UPDATE carteira c
       SET ativo = false, qtd_saldo_produto_pedido = 0, sync_run_id = $1::bigint, updated_at = now()
      FROM ${STAGE_ORDERS} o
     WHERE c.odoo_order_id = o.odoo_order_id
       AND (c.ativo OR c.qtd_saldo_produto_pedido <> 0)
       AND NOT EXISTS (SELECT 1 FROM ${STAGE} s WHERE s.num_pedido = c.num_pedido AND s.cod_produto = c.cod_produto)
    RETURNING EXISTS (SELECT 1 FROM ${STAGE} s WHERE s.odoo_order_id = c.odoo_order_id) AS replaced
  )
  SELECT count(*) AS n, count(*) FILTER (WHERE NOT replaced) AS emptied FROM gone`;

/** Keys of orders missing from Odoo's answer; `odoo_missing` lets a reconcile bring them back if Odoo lists the order again. */
const DEACTIVATE_DELETED = `
  WITH gone AS (
    UPDATE carteira c
       SET ativo = false, qtd_saldo_produto_pedido = 0, odoo_missing = true, sync_run_id = $1::bigint, updated_at = now()
     WHERE c.odoo_order_id = ANY($2::bigint[])
       AND (c.ativo OR c.qtd_saldo_produto_pedido <> 0)
    RETURNING 1
  )
  SELECT count(*) AS n FROM gone`;

/**
 * A deleted order's closed rows (cancelled, or nothing left to invoice: already inactive, balance
 * 0) are flagged too, uncounted: the flag says the order no longer claims its keys, so a
 * same-named order can take one a closed row of it held.
 */
const FLAG_DELETED_CLOSED = `UPDATE carteira SET odoo_missing = true WHERE odoo_order_id = ANY($1::bigint[]) AND NOT odoo_missing`;

/** The batch's orders were found: none of their rows is missing from Odoo any more (through the partial index). */
const FOUND_AGAIN = `
  UPDATE carteira SET odoo_missing = false
   WHERE odoo_missing AND odoo_order_id IN (SELECT odoo_order_id FROM ${STAGE_ORDERS})`;

/**
 * The run's row counts what is committed, batch by batch inside the batch's own transaction:
 * a run that dies or is fenced out mid-way (a forced release) still shows what it applied.
 */
const ADD_TO_RUN_COUNTS = `
  UPDATE sync_runs
     SET rows_inserted = rows_inserted + $2, rows_updated = rows_updated + $3,
         rows_unchanged = rows_unchanged + $4, rows_deactivated = rows_deactivated + $5
   WHERE id = $1`;

/**
 * Whether `carteira` holds any row of these orders, under their numbers (the key's first
 * column: a COPY would collide) or their ids (a renamed order's old keys must be deactivated).
 * Both probes are index lookups, skipped when the table is empty.
 */
const HOLDS_ANY_OF = `
  SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM carteira) THEN false
              ELSE EXISTS (SELECT 1 FROM carteira WHERE num_pedido = ANY($1::text[]))
                OR EXISTS (SELECT 1 FROM carteira WHERE odoo_order_id = ANY($2::bigint[])) END AS found`;

async function newToTable(tx: Tx, batch: OrderBatch): Promise<boolean> {
  const numbers = [...new Set(batch.orders.map((order) => order.numPedido))];
  const ids = batch.orders.map((order) => order.odooOrderId);
  const { rows } = await tx.query<{ found: boolean }>(HOLDS_ANY_OF, [numbers, ids]);
  return rows[0]?.found === false;
}

/** Rows of orders the table knows nothing of: COPY straight into `carteira` (the merge would only insert them). */
async function copyStraightIn(tx: Tx, rows: CarteiraRow[], runId: number): Promise<number> {
  if (rows.length === 0) return 0;
  const copied = await tx.copyFrom(
    'carteira',
    [...CARTEIRA_DATA_COLUMNS, 'sync_run_id'],
    copyChunks(rows, (row) => [...carteiraCopyFields(row), runId]),
  );
  if (copied !== rows.length) throw new Error(`applyOrders: copied ${copied} rows, expected ${rows.length}`);
  return copied;
}

/** A batch checked before any SQL runs. */
export interface CheckedBatch {
  rows: CarteiraRow[];
  deletedOrderIds: number[];
  /** keys (`keyOf`) two or more orders of the batch claim: two orders with one name (Odoo allows it) */
  contested: Set<string>;
}

/** Checks the batch before any SQL runs: one row per key per order, rows consistent with their order. */
export function validateBatch(batch: OrderBatch): CheckedBatch {
  const rows: CarteiraRow[] = [];
  // the order claiming each key first: the key is (num_pedido, cod_produto), and two orders may share a number
  const claimedBy = new Map<string, number>();
  const contested = new Set<string>();
  const orderIds = new Set<number>();
  for (const order of batch.orders) {
    if (!Number.isSafeInteger(order.odooOrderId)) throw new Error(`applyOrders: invalid odooOrderId ${order.odooOrderId}`);
    if (orderIds.has(order.odooOrderId)) throw new Error(`applyOrders: order ${order.odooOrderId} appears twice in the batch`);
    orderIds.add(order.odooOrderId);
    for (const row of order.rows) {
      if (row.odooOrderId !== order.odooOrderId || row.numPedido !== order.numPedido) {
        throw new Error(
          `applyOrders: row (${row.numPedido}, ${row.codProduto}) belongs to order ${row.odooOrderId} but is listed under ${order.odooOrderId} (${order.numPedido})`,
        );
      }
      if (!row.numPedido || !row.codProduto) throw new Error(`applyOrders: empty key in order ${order.odooOrderId}`);
      const key = keyOf(row.numPedido, row.codProduto);
      const claimant = claimedBy.get(key);
      if (claimant === order.odooOrderId) {
        throw new Error(
          `applyOrders: key (${row.numPedido}, ${row.codProduto}) appears twice in order ${order.odooOrderId}; lines must be aggregated per key first`,
        );
      }
      if (claimant === undefined) claimedBy.set(key, order.odooOrderId);
      else contested.add(key);
      rows.push(row);
    }
  }
  // An order present in the batch is alive: a deleted id that is also synced is ignored.
  const deletedOrderIds = [...new Set(batch.deletedOrderIds)].filter((id) => !orderIds.has(id));
  for (const id of deletedOrderIds) {
    if (!Number.isSafeInteger(id)) throw new Error(`applyOrders: invalid deleted order id ${id}`);
  }
  return { rows, deletedOrderIds, contested };
}

/** The keys of `contested`, split back into their two columns. */
function contestedKeys(contested: ReadonlySet<string>): Array<{ numPedido: string; codProduto: string }> {
  return [...contested].map((key) => {
    const [numPedido, codProduto] = key.split('\u0000');
    return { numPedido, codProduto };
  });
}

async function stage(tx: Tx, batch: OrderBatch, rows: CarteiraRow[]): Promise<number> {
  await tx.exec(CREATE_STAGE);
  let staged = 0;
  if (rows.length > 0) {
    staged = await tx.copyFrom(STAGE, CARTEIRA_DATA_COLUMNS, copyChunks(rows, carteiraCopyFields));
    if (staged !== rows.length) throw new Error(`applyOrders: staged ${staged} rows, expected ${rows.length}`);
  }
  if (batch.orders.length > 0) {
    await tx.copyFrom(
      STAGE_ORDERS,
      ['odoo_order_id', 'write_date'],
      copyChunks(batch.orders, (order) => [order.odooOrderId, order.writeDate]),
    );
  }
  // Temp tables have no statistics: without them the planner guesses their size and
  // joins against a seq scan of the whole `carteira`, which grows with the table.
  await tx.exec(`ANALYZE ${STAGE}; ANALYZE ${STAGE_ORDERS}`);
  return staged;
}

export async function applyOrders(db: Db, batch: OrderBatch, runId: number, guard: WriteGuard): Promise<BatchCounts> {
  const checked = validateBatch(batch);
  const { deletedOrderIds } = checked;
  if (batch.orders.length === 0 && deletedOrderIds.length === 0) {
    return { inserted: 0, updated: 0, unchanged: 0, deactivated: 0 };
  }
  const batchOrderIds = batch.orders.map((order) => order.odooOrderId);
  const { counts, absent } = await db.transaction(async (tx) => {
    await checkFence(tx, guard);
    // Two orders of the batch with one name and a product in common: one keeps the key, the other is named.
    const holders = await keyHolders(tx, contestedKeys(checked.contested));
    const { rows, collisions } = settleContested(checked.rows, checked.contested, holders, new Set(batchOrderIds));
    let inserted = 0;
    let updated = 0;
    let deactivated = 0;
    // rows deactivated because Odoo's answer lacked them: deleted orders, orders that came back empty
    let absent = 0;
    let staged = 0;
    // Deleted orders first: a key one of them held is free for a same-named order of this batch.
    if (deletedOrderIds.length > 0) {
      const deleted = await tx.query<{ n: number }>(DEACTIVATE_DELETED, [runId, deletedOrderIds]);
      deactivated += Number(deleted.rows[0]?.n ?? 0);
      absent += Number(deleted.rows[0]?.n ?? 0);
      await tx.query(FLAG_DELETED_CLOSED, [deletedOrderIds]);
    }
    if (batch.orders.length > 0 && (await newToTable(tx, batch))) {
      inserted = staged = await copyStraightIn(tx, rows, runId);
    } else if (batch.orders.length > 0) {
      staged = await stage(tx, batch, rows);
      if (staged > 0) {
        // Keys another order holds in the table (a same-named order of an earlier batch) are not overwritten, unless an open line meets a closed one.
        const held = await unstageHeldKeys(tx, STAGE, STAGE_ORDERS);
        collisions.push(...held.collisions);
        staged -= held.unstaged;
        const merged = await tx.query<{ inserted: number; updated: number }>(UPSERT, [runId]);
        inserted = Number(merged.rows[0]?.inserted ?? 0);
        updated = Number(merged.rows[0]?.updated ?? 0);
      }
      const vanished = await tx.query<{ n: number; emptied: number }>(DEACTIVATE_VANISHED, [runId]);
      deactivated += Number(vanished.rows[0]?.n ?? 0);
      absent += Number(vanished.rows[0]?.emptied ?? 0);
      await tx.query(FOUND_AGAIN);
    }
    const allowed = batch.absenceLimit?.allowed;
    if (allowed !== undefined && absent > allowed) {
      // thrown inside the transaction: nothing of this batch is written
      throw new DeactivationLimitError(
        `applyOrders: the batch would deactivate ${absent} active rows by absence, more than the ${allowed} allowed`,
        absent,
        allowed,
        0,
      );
    }
    await recordCollisions(tx, collisions, [...batchOrderIds, ...deletedOrderIds], runId);
    const unchanged = staged - inserted - updated;
    await tx.query(ADD_TO_RUN_COUNTS, [runId, inserted, updated, unchanged, deactivated]);
    await guard.beforeCommit?.();
    return { counts: { inserted, updated, unchanged, deactivated }, absent };
  });
  batch.absenceLimit?.spend(absent);
  return counts;
}

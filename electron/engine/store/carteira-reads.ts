/** Read side of `carteira`: versions for reconciliation, totals, and row listing. */
import type { Queryable } from './db';
import type { CarteiraQuery, CarteiraRecord, CarteiraTotals } from './types';

export async function localOrderVersions(db: Queryable): Promise<Map<number, Date>> {
  const { rows } = await db.query<{ id: number; write_date: Date }>(
    'SELECT odoo_order_id AS id, max(odoo_write_date) AS write_date FROM carteira GROUP BY odoo_order_id',
  );
  return new Map(rows.map((row) => [Number(row.id), row.write_date]));
}

export async function activeOrderIds(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>('SELECT DISTINCT odoo_order_id AS id FROM carteira WHERE ativo ORDER BY odoo_order_id');
  return rows.map((row) => Number(row.id));
}

/**
 * Orders whose rows were deactivated because the order was missing from Odoo's answer
 * (`carteira.odoo_missing`, migration 6). Reconciliation re-reads those Odoo lists again, since
 * their write_date gives no reason to: an empty answer must not deactivate them for good.
 */
export async function ordersMissingFromOdoo(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>('SELECT DISTINCT odoo_order_id AS id FROM carteira WHERE odoo_missing ORDER BY 1');
  return rows.map((row) => Number(row.id));
}

/** How many active rows these orders hold (what deactivating them would take out of the carteira). */
export async function activeRowsOf(db: Queryable, orderIds: readonly number[]): Promise<number> {
  if (orderIds.length === 0) return 0;
  const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM carteira WHERE ativo AND odoo_order_id = ANY($1::bigint[])', [[...orderIds]]);
  return Number(rows[0]?.n ?? 0);
}

/** Orders holding a row stamped after `at`: a write_date in the future (an import with a wrong clock). */
export async function ordersWrittenAfter(db: Queryable, at: Date, limit: number): Promise<Array<{ odooOrderId: number; numPedido: string; writeDate: Date }>> {
  const { rows } = await db.query<{ id: number; num_pedido: string; write_date: Date }>(
    `SELECT odoo_order_id AS id, min(num_pedido) AS num_pedido, max(odoo_write_date) AS write_date
       FROM carteira WHERE odoo_write_date > $1 GROUP BY odoo_order_id ORDER BY write_date DESC, id LIMIT $2`,
    [at, limit],
  );
  return rows.map((row) => ({ odooOrderId: Number(row.id), numPedido: row.num_pedido, writeDate: row.write_date }));
}

export async function totals(db: Queryable): Promise<CarteiraTotals> {
  const { rows } = await db.query<{ rows: number; active: number; orders: number }>(
    `SELECT count(*) AS rows, count(*) FILTER (WHERE ativo) AS active, count(DISTINCT odoo_order_id) AS orders
       FROM carteira`,
  );
  const row = rows[0];
  return { rows: Number(row?.rows ?? 0), active: Number(row?.active ?? 0), orders: Number(row?.orders ?? 0) };
}

interface CarteiraDbRow {
  num_pedido: string;
  cod_produto: string;
  nome_produto: string | null;
  cnpj_cliente: string | null;
  nome_cliente: string | null;
  qtd_produto_pedido: string;
  qtd_entregue: string;
  qtd_faturada: string;
  qtd_saldo_produto_pedido: string;
  preco_produto_pedido: string;
  valor_produto_pedido: string;
  status_pedido: string | null;
  data_pedido: Date | null;
  data_entrega: Date | null;
  odoo_order_id: number;
  odoo_write_date: Date;
  ativo: boolean;
  sync_run_id: number | null;
  updated_at: Date;
}

export async function listCarteira(db: Queryable, query: CarteiraQuery = {}): Promise<CarteiraRecord[]> {
  const { rows } = await db.query<CarteiraDbRow>(
    `SELECT num_pedido, cod_produto, nome_produto, cnpj_cliente, nome_cliente,
            qtd_produto_pedido::text AS qtd_produto_pedido, qtd_entregue::text AS qtd_entregue,
            qtd_faturada::text AS qtd_faturada, qtd_saldo_produto_pedido::text AS qtd_saldo_produto_pedido,
            preco_produto_pedido::text AS preco_produto_pedido, valor_produto_pedido::text AS valor_produto_pedido,
            status_pedido, data_pedido, data_entrega, odoo_order_id, odoo_write_date, ativo, sync_run_id, updated_at
       FROM carteira
      WHERE ($1::bigint[] IS NULL OR odoo_order_id = ANY($1::bigint[]))
        AND (NOT $2::boolean OR ativo)
      ORDER BY num_pedido, cod_produto
      LIMIT $3 OFFSET $4`,
    [query.orderIds ?? null, query.activeOnly ?? false, query.limit ?? null, query.offset ?? 0],
  );
  return rows.map((row) => ({
    numPedido: row.num_pedido,
    codProduto: row.cod_produto,
    nomeProduto: row.nome_produto,
    cnpjCliente: row.cnpj_cliente,
    nomeCliente: row.nome_cliente,
    qtdProdutoPedido: row.qtd_produto_pedido,
    qtdEntregue: row.qtd_entregue,
    qtdFaturada: row.qtd_faturada,
    qtdSaldoProdutoPedido: row.qtd_saldo_produto_pedido,
    precoProdutoPedido: row.preco_produto_pedido,
    valorProdutoPedido: row.valor_produto_pedido,
    statusPedido: row.status_pedido ?? '',
    dataPedido: row.data_pedido,
    dataEntrega: row.data_entrega,
    odooOrderId: Number(row.odoo_order_id),
    odooWriteDate: row.odoo_write_date,
    ativo: row.ativo,
    syncRunId: row.sync_run_id === null ? null : Number(row.sync_run_id),
    updatedAt: row.updated_at,
  }));
}

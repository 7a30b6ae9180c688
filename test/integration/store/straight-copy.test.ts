/**
 * Orders the table knows nothing of (a first load into an empty table, a bulk import of new
 * orders) are copied straight into `carteira` — no staging table, no merge — in the same
 * fenced transaction; an order whose number or id the table already holds goes through the
 * merge, so a duplicate number or a renamed order still ends right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Tx } from '../../../electron/engine/store/db';
import { migrate } from '../../../electron/engine/store/migrations';
import { storeOver } from '../../../electron/engine/store/open-store';
import { createPgDb } from '../../../electron/engine/store/pg-db';
import { FenceError, type CarteiraRow, type Store, type SyncedOrder } from '../../../electron/engine/store/types';
import { newRun } from '../../support/new-run';
import { createTestDatabase } from '../../support/services';

const T0 = new Date('2024-03-01T12:00:00.000Z');

function order(id: number, num: string, products: string[], writeDate = T0): SyncedOrder {
  const rows = products.map((cod): CarteiraRow => ({
    numPedido: num,
    codProduto: cod,
    nomeProduto: `Produto ${cod}`,
    cnpjCliente: null,
    nomeCliente: 'Cliente',
    qtdProdutoPedido: '10',
    qtdEntregue: '0',
    qtdFaturada: '0',
    qtdSaldoProdutoPedido: '10',
    precoProdutoPedido: '1.5',
    valorProdutoPedido: '15',
    statusPedido: 'sale',
    dataPedido: T0,
    dataEntrega: null,
    odooOrderId: id,
    odooWriteDate: writeDate,
    ativo: true,
  }));
  return { odooOrderId: id, numPedido: num, writeDate, rows };
}

/** The Db, noting which tables each COPY went to. */
function recording(db: Db, copies: string[]): Db {
  const wrapTx = (tx: Tx): Tx => ({
    query: (sql, params) => tx.query(sql, params),
    exec: (sql) => tx.exec(sql),
    copyFrom: (table, columns, chunks) => {
      copies.push(table);
      return tx.copyFrom(table, columns, chunks);
    },
  });
  return {
    ...db,
    backend: db.backend,
    query: db.query.bind(db),
    exec: db.exec.bind(db),
    close: db.close.bind(db),
    transaction: (fn) => db.transaction((tx) => fn(wrapTx(tx))),
  };
}

describe('straight COPY of orders new to the table (postgres)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: Store;
  const copies: string[] = [];
  let runId: number;

  beforeAll(async () => {
    database = await createTestDatabase('straight');
    const db = createPgDb(database.url);
    await migrate(db);
    store = storeOver(recording(db, copies));
    runId = await store.insertRun(newRun({ startedAt: T0, fullLoad: true }));
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('copies a first load straight into the empty table, counted as inserts', async () => {
    copies.length = 0;
    const guard = { fence: await store.nextFence() };
    const counts = await store.applyOrders({ orders: [order(1, 'S1', ['A', 'B']), order(2, 'S2', ['A'])], deletedOrderIds: [] }, runId, guard);
    expect(counts).toEqual({ inserted: 3, updated: 0, unchanged: 0, deactivated: 0 });
    expect(copies).toEqual(['carteira']);
    const rows = await store.listCarteira({ orderIds: [1, 2] });
    expect(rows.map((row) => [row.numPedido, row.codProduto, row.syncRunId, row.ativo])).toEqual([
      ['S1', 'A', runId, true],
      ['S1', 'B', runId, true],
      ['S2', 'A', runId, true],
    ]);
  });

  it('the next batch of new orders is copied straight in too (a full load goes on, a bulk import)', async () => {
    copies.length = 0;
    const guard = { fence: await store.nextFence() };
    expect(await store.applyOrders({ orders: [order(3, 'S3', ['A'])], deletedOrderIds: [] }, runId, guard)).toMatchObject({ inserted: 1 });
    expect(copies).toEqual(['carteira']);
  });

  it('an order sharing a number with a stored one goes through the merge (its colliding key is left to the holder), a renamed order deactivates its old keys', async () => {
    copies.length = 0;
    const guard = { fence: await store.nextFence() };
    // order 4 carries order 1's number: its key A collides with order 1's stored row, which keeps it (issue 16.2)
    const shared = await store.applyOrders({ orders: [order(4, 'S1', ['A', 'C'], new Date(T0.getTime() + 1000))], deletedOrderIds: [] }, runId, guard);
    expect(shared).toEqual({ inserted: 1, updated: 0, unchanged: 0, deactivated: 0 });
    expect((await store.keyCollisions()).items).toMatchObject([{ numPedido: 'S1', codProduto: 'A', keptOrderId: 1, skippedOrderId: 4 }]);
    // order 2 renamed: its old key must become inactive
    const renamed = await store.applyOrders({ orders: [order(2, 'S2-R', ['A'], new Date(T0.getTime() + 1000))], deletedOrderIds: [] }, runId, guard);
    expect(renamed).toEqual({ inserted: 1, updated: 0, unchanged: 0, deactivated: 1 });
    expect(copies).not.toContain('carteira');
    expect(copies).toContain('carteira_stage');
    const old = (await store.listCarteira({ orderIds: [2] })).find((row) => row.numPedido === 'S2')!;
    expect(old.ativo).toBe(false);
  });

  it('is fenced like the merge: a superseded fence writes nothing', async () => {
    const stale = { fence: await store.nextFence() };
    await store.nextFence();
    await expect(store.applyOrders({ orders: [order(9, 'S9', ['A'])], deletedOrderIds: [] }, runId, stale)).rejects.toBeInstanceOf(FenceError);
    const failing = { fence: (await store.getSyncState()).fence, beforeCommit: () => Promise.reject(new Error('lock lost')) };
    await expect(store.applyOrders({ orders: [order(9, 'S9', ['A'])], deletedOrderIds: [] }, runId, failing)).rejects.toThrow('lock lost');
    expect(await store.listCarteira({ orderIds: [9] })).toEqual([]);
  });
});

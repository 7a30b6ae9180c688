/** Issue 16.2: two orders of one batch claiming a key (same name, same product) are settled, not a failed batch. */
import { describe, expect, it } from 'vitest';
import { validateBatch } from '../../../electron/engine/store/carteira-writes';
import { keyOf, settleContested, type KeyHolder } from '../../../electron/engine/store/key-collisions';
import type { CarteiraRow, SyncedOrder } from '../../../electron/engine/store/types';

const AT = new Date('2026-05-01T12:00:00Z');
const row = (orderId: number, num: string, cod: string): CarteiraRow => ({
  numPedido: num,
  codProduto: cod,
  nomeProduto: null,
  cnpjCliente: null,
  nomeCliente: null,
  qtdProdutoPedido: '1',
  qtdEntregue: '0',
  qtdFaturada: '0',
  qtdSaldoProdutoPedido: '1',
  precoProdutoPedido: '1',
  valorProdutoPedido: '1',
  statusPedido: 'sale',
  dataPedido: null,
  dataEntrega: null,
  odooOrderId: orderId,
  odooWriteDate: AT,
  ativo: true,
});
const order = (id: number, num: string, codes: string[]): SyncedOrder => ({
  odooOrderId: id,
  numPedido: num,
  writeDate: AT,
  rows: codes.map((cod) => row(id, num, cod)),
});

describe('validateBatch', () => {
  it('names the keys two orders of the batch claim instead of failing the batch', () => {
    const checked = validateBatch({ orders: [order(9, 'S1', ['P5', 'P6']), order(3, 'S1', ['P5']), order(4, 'S2', ['P5'])], deletedOrderIds: [] });
    expect([...checked.contested]).toEqual([keyOf('S1', 'P5')]);
    expect(checked.rows).toHaveLength(4);
  });

  it('still refuses one order listing a key twice (lines are aggregated per key before)', () => {
    expect(() => validateBatch({ orders: [order(9, 'S1', ['P5', 'P5'])], deletedOrderIds: [] })).toThrow(/appears twice in order 9/);
  });
});

describe('settleContested', () => {
  const rows = [...order(9, 'S1', ['P5', 'P6']).rows, ...order(3, 'S1', ['P5']).rows];
  const contested = new Set([keyOf('S1', 'P5')]);
  const batch = new Set([9, 3]);
  const holders = (holder?: KeyHolder) => new Map(holder ? [[keyOf('S1', 'P5'), holder]] : []);
  const kept = (result: ReturnType<typeof settleContested>) => result.rows.map((r) => `${r.odooOrderId}:${r.codProduto}`);

  it('gives the key to the lowest id when the table holds it for nobody', () => {
    const result = settleContested(rows, contested, holders(), batch);
    expect(kept(result)).toEqual(['9:P6', '3:P5']);
    expect(result.collisions).toEqual([{ numPedido: 'S1', codProduto: 'P5', keptOrderId: 3, skippedOrderId: 9 }]);
  });

  it('gives it to the order already holding it, even with the higher id', () => {
    const result = settleContested(rows, contested, holders({ orderId: 9, active: true, yields: false }), batch);
    expect(kept(result)).toEqual(['9:P5', '9:P6']);
    expect(result.collisions).toEqual([{ numPedido: 'S1', codProduto: 'P5', keptOrderId: 9, skippedOrderId: 3 }]);
  });

  it('an open line beats a closed one, holder or not: a new order reusing a cancelled one’s name is not left out', () => {
    const closed = [...order(3, 'S1', ['P5']).rows.map((r) => ({ ...r, ativo: false })), ...order(9, 'S1', ['P5', 'P6']).rows];
    const lowerClosed = settleContested(closed, contested, holders(), batch);
    expect(kept(lowerClosed)).toEqual(['9:P5', '9:P6']);
    expect(lowerClosed.collisions).toEqual([{ numPedido: 'S1', codProduto: 'P5', keptOrderId: 9, skippedOrderId: 3 }]);
    // a closed holder outside the batch: the open claimant takes the key (the takeover is recorded by the SQL side)
    expect(kept(settleContested(rows, contested, holders({ orderId: 1, active: false, yields: false }), batch))).toEqual(['9:P6', '3:P5']);
  });

  it('leaves both out when a third order outside the batch holds it, and hands it on when that holder gave it up', () => {
    const third = settleContested(rows, contested, holders({ orderId: 1, active: true, yields: false }), batch);
    expect(kept(third)).toEqual(['9:P6']);
    expect(third.collisions.map((c) => [c.keptOrderId, c.skippedOrderId])).toEqual([
      [1, 9],
      [1, 3],
    ]);
    expect(kept(settleContested(rows, contested, holders({ orderId: 1, active: false, yields: true }), batch))).toEqual(['9:P6', '3:P5']);
  });
});

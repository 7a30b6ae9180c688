import { describe, expect, it } from 'vitest';
import { mapOrder } from '../../../electron/engine/sync/order-mapper';
import type { OdooOrder, OdooOrderLine, OdooPartner, OdooProduct } from '../../../electron/engine/sync/odoo-records';

const t = (iso: string) => new Date(iso);

const order: OdooOrder = {
  id: 7,
  name: 'S00007',
  partnerId: 3,
  state: 'sale',
  dateOrder: t('2026-05-01T10:00:00Z'),
  commitmentDate: t('2026-05-20T00:00:00Z'),
  writeDate: t('2026-05-02T08:00:00Z'),
};

let nextLineId = 1;
function line(fields: Partial<OdooOrderLine>): OdooOrderLine {
  return {
    id: nextLineId++,
    orderId: 7,
    productId: 10,
    displayType: null,
    productUomQty: 1,
    qtyDelivered: 0,
    qtyInvoiced: 0,
    priceUnit: 10,
    priceSubtotal: 10,
    writeDate: t('2026-05-02T08:00:00Z'),
    ...fields,
  };
}

const products = new Map<number, OdooProduct>([
  [10, { id: 10, name: 'Cadeira', defaultCode: 'CAD-1' }],
  [11, { id: 11, name: 'Mesa', defaultCode: null }],
]);
const partners = new Map<number, OdooPartner>([[3, { id: 3, name: 'Comercial Silva Ltda', vat: '12.345.678/0001-90' }]]);
const lookups = { products, partners };

describe('mapOrder', () => {
  it('maps one product line to one row with the order header and the partner', () => {
    const mapped = mapOrder(order, [line({ productUomQty: 5, qtyDelivered: 2, qtyInvoiced: 1, priceUnit: 19.9, priceSubtotal: 99.5 })], lookups);
    expect(mapped.rows).toEqual([
      {
        numPedido: 'S00007',
        codProduto: 'CAD-1',
        nomeProduto: 'Cadeira',
        cnpjCliente: '12.345.678/0001-90',
        nomeCliente: 'Comercial Silva Ltda',
        qtdProdutoPedido: '5',
        qtdEntregue: '2',
        qtdFaturada: '1',
        qtdSaldoProdutoPedido: '4',
        precoProdutoPedido: '19.9',
        valorProdutoPedido: '99.5',
        statusPedido: 'sale',
        dataPedido: order.dateOrder,
        dataEntrega: order.commitmentDate,
        odooOrderId: 7,
        odooWriteDate: order.writeDate,
        ativo: true,
      },
    ]);
  });

  it('skips section and note lines and lines without a product', () => {
    const mapped = mapOrder(
      order,
      [line({ displayType: 'line_section', productId: null }), line({ displayType: 'line_note', productId: null }), line({ productId: null }), line({})],
      lookups,
    );
    expect(mapped.rows.map((row) => row.codProduto)).toEqual(['CAD-1']);
  });

  it('keys a product without default_code as #<product_id>', () => {
    expect(mapOrder(order, [line({ productId: 11 })], lookups).rows[0].codProduto).toBe('#11');
    expect(mapOrder(order, [line({ productId: 99 })], lookups).rows[0]).toMatchObject({ codProduto: '#99', nomeProduto: null });
  });

  it('aggregates two lines of the same product: sums and a quantity-weighted price', () => {
    const mapped = mapOrder(
      order,
      [
        line({ productUomQty: 1, priceUnit: 10, priceSubtotal: 10, qtyInvoiced: 1 }),
        line({ productUomQty: 2, priceUnit: 20, priceSubtotal: 40, qtyDelivered: 2, writeDate: t('2026-05-03T00:00:00Z') }),
      ],
      lookups,
    );
    expect(mapped.rows).toHaveLength(1);
    expect(mapped.rows[0]).toMatchObject({
      qtdProdutoPedido: '3',
      qtdEntregue: '2',
      qtdFaturada: '1',
      qtdSaldoProdutoPedido: '2',
      valorProdutoPedido: '50',
      precoProdutoPedido: '16.666667',
      odooWriteDate: t('2026-05-03T00:00:00Z'),
    });
    expect(mapped.writeDate).toEqual(t('2026-05-03T00:00:00Z'));
  });

  it('keeps quantities exact where floats would drift', () => {
    const mapped = mapOrder(order, [line({ productUomQty: 0.1, priceSubtotal: 0.1 }), line({ productUomQty: 0.2, priceSubtotal: 0.2 })], lookups);
    expect(mapped.rows[0].qtdProdutoPedido).toBe('0.3');
    expect(mapped.rows[0].valorProdutoPedido).toBe('0.3');
  });

  it('uses the unit price when the key has no quantity', () => {
    expect(mapOrder(order, [line({ productUomQty: 0, priceUnit: 12.5, priceSubtotal: 0 })], lookups).rows[0].precoProdutoPedido).toBe('12.5');
  });

  it('never lets saldo go negative, and a fully invoiced key is inactive', () => {
    const row = mapOrder(order, [line({ productUomQty: 2, qtyInvoiced: 3 })], lookups).rows[0];
    expect(row.qtdSaldoProdutoPedido).toBe('0');
    expect(row.ativo).toBe(false);
  });

  it('a cancelled order has saldo 0 and inactive keys with its state', () => {
    const row = mapOrder({ ...order, state: 'cancel' }, [line({ productUomQty: 4 })], lookups).rows[0];
    expect(row).toMatchObject({ qtdSaldoProdutoPedido: '0', ativo: false, statusPedido: 'cancel' });
  });

  it('takes the newer of the order and line write_dates per key, and the newest of all for the order', () => {
    const header = { ...order, writeDate: t('2026-05-05T00:00:00Z') };
    const mapped = mapOrder(
      header,
      [
        line({ writeDate: t('2026-05-02T00:00:00Z') }),
        line({ productId: 11, writeDate: t('2026-05-06T00:00:00Z') }),
        line({ displayType: 'line_note', productId: null, writeDate: t('2026-05-07T00:00:00Z') }),
      ],
      lookups,
    );
    expect(mapped.rows.map((row) => row.odooWriteDate)).toEqual([t('2026-05-05T00:00:00Z'), t('2026-05-06T00:00:00Z')]);
    expect(mapped.writeDate).toEqual(t('2026-05-07T00:00:00Z'));
  });

  it('an order without a partner maps with empty customer fields', () => {
    expect(mapOrder({ ...order, partnerId: null }, [line({})], lookups).rows[0]).toMatchObject({ cnpjCliente: null, nomeCliente: null });
  });
});

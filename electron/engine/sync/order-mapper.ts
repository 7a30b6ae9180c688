/**
 * Turns one Odoo order, read whole, into its `carteira` rows. Pure.
 *
 * The unit of sync is the order: every key it has now is written, and the store marks the
 * keys it no longer has inactive. Lines of the same product are aggregated per key, since
 * `(num_pedido, cod_produto)` is the table's primary key.
 */
import type { CarteiraRow, SyncedOrder } from '../store/types';
import { type Decimal, ZERO, add, compare, divide, max, multiply, subtract, toDecimal, toDecimalString } from './decimal';
import type { OdooOrder, OdooOrderLine, OdooPartner, OdooProduct } from './odoo-records';

/** Decimals kept for the weighted average price. */
const PRICE_SCALE = 6;

interface KeyTotals {
  codProduto: string;
  nomeProduto: string | null;
  quantity: Decimal;
  delivered: Decimal;
  invoiced: Decimal;
  subtotal: Decimal;
  priceTimesQuantity: Decimal;
  firstPriceUnit: Decimal;
  writeDate: Date;
}

export interface OrderLookups {
  products: ReadonlyMap<number, OdooProduct>;
  partners: ReadonlyMap<number, OdooPartner>;
}

export function productCode(productId: number, product: OdooProduct | undefined): string {
  return product?.defaultCode || `#${productId}`;
}

export function mapOrder(order: OdooOrder, lines: readonly OdooOrderLine[], lookups: OrderLookups): SyncedOrder {
  const totalsByKey = new Map<string, KeyTotals>();
  let orderWriteDate = order.writeDate;

  for (const line of lines) {
    if (line.writeDate > orderWriteDate) orderWriteDate = line.writeDate;
    if (line.displayType || line.productId === null) continue; // sections and notes
    const product = lookups.products.get(line.productId);
    const codProduto = productCode(line.productId, product);
    const quantity = toDecimal(line.productUomQty);
    const priceUnit = toDecimal(line.priceUnit);
    const totals = totalsByKey.get(codProduto);
    if (!totals) {
      totalsByKey.set(codProduto, {
        codProduto,
        nomeProduto: product?.name ?? null,
        quantity,
        delivered: toDecimal(line.qtyDelivered),
        invoiced: toDecimal(line.qtyInvoiced),
        subtotal: toDecimal(line.priceSubtotal),
        priceTimesQuantity: multiply(priceUnit, quantity),
        firstPriceUnit: priceUnit,
        writeDate: laterOf(order.writeDate, line.writeDate),
      });
      continue;
    }
    totals.quantity = add(totals.quantity, quantity);
    totals.delivered = add(totals.delivered, toDecimal(line.qtyDelivered));
    totals.invoiced = add(totals.invoiced, toDecimal(line.qtyInvoiced));
    totals.subtotal = add(totals.subtotal, toDecimal(line.priceSubtotal));
    totals.priceTimesQuantity = add(totals.priceTimesQuantity, multiply(priceUnit, quantity));
    totals.writeDate = laterOf(totals.writeDate, line.writeDate);
  }

  const partner = order.partnerId === null ? undefined : lookups.partners.get(order.partnerId);
  const cancelled = order.state === 'cancel';
  const rows = [...totalsByKey.values()].map((totals): CarteiraRow => {
    const saldo = cancelled ? ZERO : max(ZERO, subtract(totals.quantity, totals.invoiced));
    // Weighted by quantity; with no quantity at all there is nothing to weigh, so the unit price stands.
    const price = compare(totals.quantity, ZERO) === 0 ? totals.firstPriceUnit : divide(totals.priceTimesQuantity, totals.quantity, PRICE_SCALE);
    return {
      numPedido: order.name,
      codProduto: totals.codProduto,
      nomeProduto: totals.nomeProduto,
      cnpjCliente: partner?.vat ?? null,
      nomeCliente: partner?.name ?? null,
      qtdProdutoPedido: toDecimalString(totals.quantity),
      qtdEntregue: toDecimalString(totals.delivered),
      qtdFaturada: toDecimalString(totals.invoiced),
      qtdSaldoProdutoPedido: toDecimalString(saldo),
      precoProdutoPedido: toDecimalString(price),
      valorProdutoPedido: toDecimalString(totals.subtotal),
      statusPedido: order.state,
      dataPedido: order.dateOrder,
      dataEntrega: order.commitmentDate,
      odooOrderId: order.id,
      odooWriteDate: totals.writeDate,
      ativo: !cancelled && compare(saldo, ZERO) > 0,
    };
  });

  return { odooOrderId: order.id, numPedido: order.name, writeDate: orderWriteDate, rows };
}

function laterOf(a: Date, b: Date): Date {
  return a >= b ? a : b;
}

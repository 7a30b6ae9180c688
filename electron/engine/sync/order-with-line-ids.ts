/**
 * A sale.order read whole together with the ids of its lines (`order_line`): the lines an
 * order has are then known before they are read, so each read of lines asks for exactly
 * that many (`upTo`: no empty page to end it) and an order is complete once they arrived.
 */
import { asRecord, RecordProblem, recordReader } from '../odoo';
import type { OdooOrder } from './odoo-records';
import { ORDER_FIELDS, orderReader } from './odoo-rows';

export interface OdooOrderWithLineIds extends OdooOrder {
  lineIds: number[];
}

export const ORDER_WITH_LINE_IDS_FIELDS = [...ORDER_FIELDS, 'order_line'];

export const orderWithLineIdsReader = recordReader((row): OdooOrderWithLineIds => {
  const order = orderReader.readRecord(row);
  const lineIds = asRecord(row).order_line;
  if (!Array.isArray(lineIds) || !lineIds.every((id) => typeof id === 'number' && Number.isInteger(id) && id > 0)) {
    throw new RecordProblem('order_line', `expected a list of line ids, got ${JSON.stringify(lineIds)?.slice(0, 80) ?? 'nothing'}`);
  }
  return { ...order, lineIds: lineIds as number[] };
});

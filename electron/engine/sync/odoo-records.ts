/** The Odoo records the sync reads, as plain values after validation (False → null). */
export interface OdooOrder {
  id: number;
  name: string;
  partnerId: number | null;
  state: string;
  dateOrder: Date | null;
  commitmentDate: Date | null;
  writeDate: Date;
}

export interface OdooOrderLine {
  id: number;
  orderId: number;
  productId: number | null;
  /** 'line_section' | 'line_note' for layout lines, null for product lines */
  displayType: string | null;
  productUomQty: number;
  qtyDelivered: number;
  qtyInvoiced: number;
  priceUnit: number;
  priceSubtotal: number;
  writeDate: Date;
}

export interface OdooProduct {
  id: number;
  name: string;
  defaultCode: string | null;
}

export interface OdooPartner {
  id: number;
  name: string;
  vat: string | null;
}

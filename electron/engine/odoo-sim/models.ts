/**
 * The five Odoo 16 models the simulator serves, with the fields (names and types) the
 * recorded transcripts show. Field order here is the order `read` returns when no
 * `fields` are asked for.
 */

export type FieldType = 'integer' | 'float' | 'monetary' | 'char' | 'text' | 'selection' | 'boolean' | 'datetime' | 'many2one' | 'one2many';

export interface FieldDef {
  name: string;
  type: FieldType;
  /** Target model of a many2one / one2many. */
  relation?: ModelName;
  /** one2many: the many2one on the target that points back. */
  inverse?: string;
  /** Not writable through create/write (computed, related or log-access). */
  readonly?: boolean;
  /** Not stored: computed at read time. */
  computed?: boolean;
  selection?: readonly string[];
  string: string;
}

export type ModelName = 'sale.order' | 'sale.order.line' | 'product.product' | 'product.template' | 'res.partner';

export interface ModelDef {
  name: ModelName;
  description: string;
  fields: readonly FieldDef[];
  fieldMap: ReadonlyMap<string, FieldDef>;
  /** `_order` of the Odoo model (simplified: many2one sorts by the target id). */
  defaultOrder: string;
  /** Has an `active` field, so searches filter `active = True` unless `active_test` is off. */
  hasActive: boolean;
}

export const ORDER_STATES = ['draft', 'sent', 'sale', 'done', 'cancel'] as const;
export type OrderState = (typeof ORDER_STATES)[number];
export const DISPLAY_TYPES = ['line_section', 'line_note'] as const;

const logAccess: FieldDef[] = [
  { name: 'create_date', type: 'datetime', readonly: true, string: 'Created on' },
  { name: 'write_date', type: 'datetime', readonly: true, string: 'Last Updated on' },
];

function model(name: ModelName, description: string, defaultOrder: string, fields: FieldDef[]): ModelDef {
  const all: FieldDef[] = [{ name: 'id', type: 'integer', readonly: true, string: 'ID' }, ...fields, ...logAccess];
  return {
    name,
    description,
    fields: all,
    fieldMap: new Map(all.map((f) => [f.name, f])),
    defaultOrder,
    hasActive: all.some((f) => f.name === 'active'),
  };
}

export const MODELS: Readonly<Record<ModelName, ModelDef>> = {
  'res.partner': model('res.partner', 'Contact', 'name, id desc', [
    { name: 'name', type: 'char', string: 'Name' },
    { name: 'vat', type: 'char', string: 'Tax ID' },
    { name: 'active', type: 'boolean', string: 'Active' },
    { name: 'display_name', type: 'char', readonly: true, computed: true, string: 'Display Name' },
  ]),
  // A product's name lives on its template (product.product reads it through `_inherits`): a
  // rename on the template moves only the template's write_date. `default_code` is the variant's.
  'product.template': model('product.template', 'Product', 'name, id', [
    { name: 'name', type: 'char', string: 'Name' },
    { name: 'active', type: 'boolean', string: 'Active' },
    { name: 'display_name', type: 'char', readonly: true, computed: true, string: 'Display Name' },
  ]),
  'product.product': model('product.product', 'Product', 'default_code, name, id', [
    { name: 'name', type: 'char', string: 'Name' },
    { name: 'default_code', type: 'char', string: 'Internal Reference' },
    { name: 'product_tmpl_id', type: 'many2one', relation: 'product.template', string: 'Product Template' },
    { name: 'active', type: 'boolean', string: 'Active' },
    { name: 'display_name', type: 'char', readonly: true, computed: true, string: 'Display Name' },
  ]),
  'sale.order': model('sale.order', 'Sales Order', 'date_order desc, id desc', [
    { name: 'name', type: 'char', string: 'Order Reference' },
    { name: 'partner_id', type: 'many2one', relation: 'res.partner', string: 'Customer' },
    { name: 'state', type: 'selection', selection: ORDER_STATES, string: 'Status' },
    { name: 'date_order', type: 'datetime', string: 'Order Date' },
    { name: 'commitment_date', type: 'datetime', string: 'Delivery Date' },
    { name: 'client_order_ref', type: 'char', string: 'Customer Reference' },
    { name: 'amount_total', type: 'monetary', readonly: true, string: 'Total' },
    { name: 'order_line', type: 'one2many', relation: 'sale.order.line', inverse: 'order_id', readonly: true, string: 'Order Lines' },
    { name: 'display_name', type: 'char', readonly: true, computed: true, string: 'Display Name' },
  ]),
  'sale.order.line': model('sale.order.line', 'Sales Order Line', 'order_id, sequence, id', [
    { name: 'order_id', type: 'many2one', relation: 'sale.order', string: 'Order Reference' },
    { name: 'product_id', type: 'many2one', relation: 'product.product', string: 'Product' },
    { name: 'name', type: 'text', string: 'Description' },
    { name: 'display_type', type: 'selection', selection: DISPLAY_TYPES, string: 'Display Type' },
    { name: 'sequence', type: 'integer', string: 'Sequence' },
    { name: 'product_uom_qty', type: 'float', string: 'Quantity' },
    { name: 'qty_delivered', type: 'float', string: 'Delivery Quantity' },
    { name: 'qty_invoiced', type: 'float', string: 'Invoiced Quantity' },
    { name: 'price_unit', type: 'float', string: 'Unit Price' },
    { name: 'price_subtotal', type: 'monetary', readonly: true, string: 'Subtotal' },
    { name: 'state', type: 'selection', selection: ORDER_STATES, readonly: true, string: 'Order Status' },
    { name: 'display_name', type: 'char', readonly: true, computed: true, string: 'Display Name' },
  ]),
};

export function isModelName(name: string): name is ModelName {
  return Object.prototype.hasOwnProperty.call(MODELS, name);
}

export function isFloatType(type: FieldType): boolean {
  return type === 'float' || type === 'monetary';
}

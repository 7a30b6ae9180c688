/**
 * A `carteira` row made inactive by ABSENCE: its order was missing from Odoo's answer (deleted),
 * or the order no longer had that key (a line removed, a product changed). Such a row keeps what
 * the order said last (its state, its quantities) and only loses `ativo` and its balance; a row
 * Odoo itself closed is told apart by its own values: a cancelled order, or nothing left to
 * invoice (the mapper's rule: active ⇔ not cancelled and quantity > invoiced), unless its order
 * is flagged `odoo_missing` (deleted: a closed row of a deleted order claims nothing either).
 *
 * A key held by such a row is free for another order with the same name (`key-collisions.ts`).
 */

/** SQL true for a row of `alias` that is inactive because Odoo's answer lacked it (or its order). */
export const inactiveByAbsence = (alias: string): string =>
  `(NOT ${alias}.ativo AND (${alias}.odoo_missing OR (${alias}.status_pedido IS DISTINCT FROM 'cancel' AND ${alias}.qtd_produto_pedido > ${alias}.qtd_faturada)))`;

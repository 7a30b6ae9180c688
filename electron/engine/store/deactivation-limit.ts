/**
 * A write that would deactivate more rows by absence (orders missing from Odoo's answer, keys an
 * order no longer lists) than it may: one wrong answer (an empty list after a company-access
 * change, a misrouted proxy) must not take the carteira out. The batch that hit it is rolled
 * back; the run fails with problem `deactivationHeld` and an operator confirms real deletions.
 */
export class DeactivationLimitError extends Error {
  constructor(
    message: string,
    /** active rows the write would have deactivated */
    readonly wouldDeactivate: number,
    /** how many it could still deactivate in this run */
    readonly allowed: number,
    /** the active carteira the share is taken of */
    readonly activeRows: number,
    /** orders missing from Odoo's answer, when a reconciliation counted them */
    readonly goneOrders: number | null = null,
  ) {
    super(message);
    this.name = 'DeactivationLimitError';
  }
}

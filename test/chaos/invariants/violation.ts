/** One broken invariant, with what is needed to replay it: the invariant, when, what, and the history around it. */
export type InvariantName =
  | 'one-writer'
  | 'no-stale-overwrite'
  | 'nothing-lost'
  | 'fresh-after-run'
  | 'no-unreported-gap'
  | 'no-run-left-running'
  | 'forced-release-audited'
  /** one answer deactivated more than the allowed share of the carteira */
  | 'no-bulk-deactivation'
  /** the watermark (or the stored Odoo clock) ran ahead of Odoo's clock */
  | 'watermark-bounded'
  /** a wait on PostgreSQL (a lock, a stalled server) went past its limit */
  | 'bounded-wait'
  /** an engine promise rejected with nobody to handle it: in production, the process would end */
  | 'no-unhandled-rejection'
  /** an exception nobody caught (an 'error' event without a listener): in production, the process would end */
  | 'no-uncaught-exception';

export interface Violation {
  invariant: InvariantName;
  /** simulated time it was seen (ISO) */
  at: string;
  message: string;
  /** filled in by the soak from its history */
  seed?: number;
  history?: string[];
}

/** One broken invariant, with what is needed to replay it: the invariant, when, what, and the history around it. */
export type InvariantName =
  | 'one-writer'
  | 'no-stale-overwrite'
  | 'nothing-lost'
  | 'fresh-after-run'
  | 'no-unreported-gap'
  | 'no-run-left-running'
  | 'forced-release-audited'
  /** an engine promise rejected with nobody to handle it: in production, the process would end */
  | 'no-unhandled-rejection';

export interface Violation {
  invariant: InvariantName;
  /** simulated time it was seen (ISO) */
  at: string;
  message: string;
  /** filled in by the soak from its history */
  seed?: number;
  history?: string[];
}

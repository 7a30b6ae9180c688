/**
 * Every wait on PostgreSQL has a limit (issue 16.4). The server enforces statement, lock and
 * idle-in-transaction timeouts on our own sessions; the client enforces the connect timeout
 * and, for a server that never answers at all (where no server-side timeout can fire), gives
 * up a little after the statement timeout.
 */
export interface PgTimeouts {
  /** connecting (TCP, TLS, authentication) and waiting for a pooled connection: PG_CONNECT_TIMEOUT_SECONDS */
  connectMs: number;
  /** server-side `statement_timeout`: PG_STATEMENT_TIMEOUT_SECONDS */
  statementMs: number;
  /** server-side `lock_timeout`: PG_LOCK_TIMEOUT_SECONDS */
  lockMs: number;
  /** server-side `idle_in_transaction_session_timeout` of our own sessions (an engine frozen inside a transaction frees its row locks) */
  idleInTransactionMs: number;
}

export const DEFAULT_PG_TIMEOUTS: PgTimeouts = { connectMs: 10_000, statementMs: 300_000, lockMs: 30_000, idleInTransactionMs: 300_000 };

/** A server that has not answered this long after its own statement timeout would have fired is not answering at all. */
export const NO_ANSWER_MARGIN_MS = 5_000;

/** The longest a statement of ours may wait for an answer before the client gives up on the server. */
export function noAnswerAfterMs(timeouts: PgTimeouts): number {
  return timeouts.statementMs + NO_ANSWER_MARGIN_MS;
}

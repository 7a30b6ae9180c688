/**
 * SYNC_PROGRESS_TIMEOUT_SECONDS (issue 16.4): a run with no answer from Odoo or PostgreSQL for
 * this long is stuck on a wait nobody bounded, so its lock is released and the run aborted.
 * It must be longer than the longest wait a working run can spend on one call, or slow runs
 * would be aborted: an Odoo call tried `attempts` times with its backoff between tries, a
 * statement (the client gives up a little after PG_STATEMENT_TIMEOUT_SECONDS), a connection.
 */
import { DEFAULT_RETRY } from '../odoo/retry';
import { NO_ANSWER_MARGIN_MS } from '../store/pg-timeouts';

export interface SingleWaits {
  odooTimeoutSeconds: number;
  pgStatementTimeoutSeconds: number;
  pgConnectTimeoutSeconds: number;
}

/** Seconds: the longest one call of a working run may go without an answer. */
export function longestSingleWaitSeconds(waits: SingleWaits): number {
  let backoffMs = 0;
  for (let retry = 0; retry < DEFAULT_RETRY.attempts - 1; retry++) backoffMs += Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** retry);
  const odoo = waits.odooTimeoutSeconds * DEFAULT_RETRY.attempts + Math.ceil(backoffMs / 1000);
  const statement = waits.pgStatementTimeoutSeconds + Math.ceil(NO_ANSWER_MARGIN_MS / 1000);
  return Math.max(odoo, statement, waits.pgConnectTimeoutSeconds);
}

/** 10 minutes, or a minute more than the longest single wait when the timeouts are set higher. */
export function defaultProgressTimeoutSeconds(waits: SingleWaits): number {
  return Math.max(600, longestSingleWaitSeconds(waits) + 60);
}

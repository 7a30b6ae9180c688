/**
 * Why something failed, as the engine decides it where it records the outcome
 * (`electron/engine/classify-failure.ts`): a code the message catalogue words for the operator
 * (`messages.failure`: a title and a next step, pt-BR first), and the place it concerns (Odoo's
 * URL, PostgreSQL's `host:port/db`, Redis's `host:port`, a port, a lock holder), never with
 * credentials. The engine's own error text stays beside it, behind "Detalhes técnicos".
 */

export const FAILURE_CAUSE_CODES = [
  // Odoo
  'odooConnectionRefused',
  'odooTimeout',
  'odooDns',
  'odooTls',
  'odooUnreachable',
  'odooBadAnswer',
  'odooLoginRefused',
  'odooDatabaseNotFound',
  'odooAccessDenied',
  'odooServerError',
  'odooReadBound',
  // PostgreSQL (or the embedded database)
  'pgUnreachable',
  'pgAuth',
  'pgDatabaseNotFound',
  'pgStatementTimeout',
  'pgRowLocked',
  'pgNoAnswer',
  'pgSessionEnded',
  'pgError',
  'embeddedInUse',
  // Redis and the lock
  'redisUnreachable',
  'redisAuth',
  'redisRefused',
  'lockUnavailable',
  'lockHeld',
  // starting a door
  'portInUse',
  'portUnavailable',
  'unknown',
] as const;

export type FailureCauseCode = (typeof FAILURE_CAUSE_CODES)[number];

export interface FailureCause {
  code: FailureCauseCode;
  /** what it concerns, shown in the words (`http://odoo:8069`, `db:5432/carteira`, `127.0.0.1:8787`); null when not known */
  target: string | null;
}

export function isFailureCauseCode(value: unknown): value is FailureCauseCode {
  return typeof value === 'string' && (FAILURE_CAUSE_CODES as readonly string[]).includes(value);
}

/**
 * An engine call's error carries its cause to the console across either door: the HTTP host puts
 * it in the answer's body (`cause`), the desktop's IPC (which keeps only an error's message) at the
 * end of the message, behind this mark; the renderer reads it back (`unmarkCause`).
 */
const CAUSE_MARK = '\n[[failure-cause]]';

export function markCause(message: string, cause: FailureCause): string {
  return `${message}${CAUSE_MARK}${JSON.stringify(cause)}`;
}

export function unmarkCause(message: string): { message: string; cause: FailureCause | null } {
  const at = message.lastIndexOf(CAUSE_MARK);
  if (at < 0) return { message, cause: null };
  try {
    const cause = JSON.parse(message.slice(at + CAUSE_MARK.length)) as { code?: unknown; target?: unknown };
    if (!isFailureCauseCode(cause.code)) return { message, cause: null };
    return { message: message.slice(0, at), cause: { code: cause.code, target: typeof cause.target === 'string' ? cause.target : null } };
  } catch {
    return { message, cause: null };
  }
}

/** The cause an engine call's error was given (`failureCause`), if any. */
export function causeOfError(error: unknown): FailureCause | null {
  const cause = (error as { failureCause?: unknown } | null)?.failureCause as { code?: unknown; target?: unknown } | undefined;
  return cause && isFailureCauseCode(cause.code) ? { code: cause.code, target: typeof cause.target === 'string' ? cause.target : null } : null;
}

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

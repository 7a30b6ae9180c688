/**
 * A failure cause in the operator's words, from the message catalogue: the same sentence in the
 * console (run row, banner), the tray, the notifications, the CLI and the log. Pure.
 */
import type { FailureCause, FailureCauseCode } from './failure-cause';
import type { Messages } from './messages';

/** What a cause concerns when the engine did not know the place: the setting that names it. */
function fallbackTarget(code: FailureCauseCode): string {
  if (code.startsWith('odoo')) return 'ODOO_URL';
  if (code.startsWith('pg')) return 'DATABASE_URL';
  if (code.startsWith('redis') || code === 'lockUnavailable') return 'REDIS_URL';
  if (code === 'embeddedInUse') return 'CARTEIRA_DATA_DIR';
  if (code === 'portInUse' || code === 'portUnavailable') return '--host/--port';
  return '?';
}

/** `{ title, next }`: what happened and where, then what to do. */
export function describeCause(cause: FailureCause, m: Pick<Messages, 'failure'>): { title: string; next: string } {
  const words = m.failure[cause.code];
  return { title: words.title(cause.target ?? fallbackTarget(cause.code)), next: words.next };
}

/** The cause as one line: `Odoo inacessível: conexão recusada em http://…:8069. Verifique ODOO_URL e se o Odoo está no ar.` */
export function causeLine(cause: FailureCause, m: Pick<Messages, 'failure'>): string {
  const { title, next } = describeCause(cause, m);
  return `${title} ${next}`;
}

/**
 * Text an operator types (a pause or forced-release reason) ends up in the audit table and
 * the logs, so it is checked before anything acts on it, whichever door it came through:
 * one line, no control characters (PostgreSQL refuses NUL; escapes would forge log lines),
 * at most `MAX_OPERATOR_TEXT` characters. The console's schemas say the same for IPC and HTTP.
 */
export const MAX_OPERATOR_TEXT = 500;

/** The operator's text could not be used: the caller's mistake, nothing was done. */
export class OperatorTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperatorTextError';
  }
}

/** Throws `OperatorTextError` naming `field` when `text` is empty, too long or holds a control character. */
export function checkOperatorText(field: string, text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new OperatorTextError(`${field}: a ${field} is required`);
  if (trimmed.length > MAX_OPERATOR_TEXT) throw new OperatorTextError(`${field}: at most ${MAX_OPERATOR_TEXT} characters (got ${trimmed.length})`);
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u001f\u007f]/.exec(trimmed);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(4, '0');
    throw new OperatorTextError(`${field}: no control characters (found U+${code.toUpperCase()} at position ${control.index + 1})`);
  }
  return trimmed;
}

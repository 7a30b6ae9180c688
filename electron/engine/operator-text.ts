/**
 * Text an operator types (a pause or forced-release reason, the audit's actor) ends up in the
 * audit table, the logs and `status` on a terminal, so it is checked before anything acts on
 * it, whichever door it came through (CLI, IPC, HTTP). The rule itself is shared with the
 * console's schemas (`shared/operator-text-rule.ts`): one line of visible text, no control,
 * separator, bidi or invisible format character, at most `MAX_OPERATOR_TEXT` characters.
 */
import { MAX_OPERATOR_TEXT, operatorTextProblem } from '../../shared/operator-text-rule';

export { MAX_OPERATOR_TEXT };

/** The operator's text could not be used: the caller's mistake, nothing was done. */
export class OperatorTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperatorTextError';
  }
}

/** Throws `OperatorTextError` naming `field` when `text` is empty or breaks the shared rule; returns it trimmed. */
export function checkOperatorText(field: string, text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new OperatorTextError(`${field}: a ${field} is required`);
  const problem = operatorTextProblem(trimmed);
  if (problem) throw new OperatorTextError(`${field}: ${problem}`);
  return trimmed;
}

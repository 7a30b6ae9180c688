/**
 * What an engine call's failure says: its message, and the cause the engine recognised (issue
 * 18.2), carried by the HTTP client as `failureCause` or, over the desktop's IPC, at the end of
 * the message (shared/failure-cause.ts).
 */
import { causeOfError, unmarkCause, type FailureCause } from '../../../shared/failure-cause';

export function engineErrorOf(error: unknown): { message: string; cause: FailureCause | null } {
  const text = error instanceof Error ? error.message : String(error);
  const carried = causeOfError(error);
  if (carried) return { message: text, cause: carried };
  const { message, cause } = unmarkCause(text);
  // Electron prefixes what the main process threw: "Error invoking remote method '…': Error: "
  return { message: cause ? message.replace(/^Error invoking remote method '[^']*': (?:Error: )?/, '') : message, cause };
}

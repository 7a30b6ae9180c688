/** Human-readable lines for the CLI (the `--json` flag prints the engine's shapes instead), in pt-BR with local times. */
import type { LockStatus } from '../../../shared/engine-types';
import { lockText } from './lock-text';

export { formatReport, formatRun, formatStatus } from './status-text';

/** The lock block of `lock status` and `status`, in pt-BR (cli/lock-text.ts). */
export function formatLock(lock: LockStatus, now: Date = new Date()): string {
  return lockText(lock, now);
}

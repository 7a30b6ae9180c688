/** The lock as the console tells it. Pure. */
import type { LockHolderInfo, LockStatus } from '../../../../shared/engine-types';

/** Time left before the lock expires by itself, counted down since the status arrived; null: no expiry. */
export function ttlLeft(ttlMs: number | null, sinceFetch: number): number | null {
  return ttlMs === null ? null : Math.max(0, ttlMs - sinceFetch);
}

/** `redis`, `postgres (degraded)`… */
export function backendText(lock: LockStatus): string {
  return `${lock.backend}${lock.degraded ? ' (degraded)' : ''}`;
}

/** Who holds it, where: `owner @ host pid N`. */
export function holderTitle(holder: LockHolderInfo): string {
  return `${holder.owner} @ ${holder.host} pid ${holder.pid}`;
}

/** The lock as the console tells it. Pure. */
import type { LockHolderInfo, LockStatus } from '../../../../shared/engine-types';

/** Time left before the lock expires by itself, counted down since the status arrived; null: no expiry. */
export function ttlLeft(ttlMs: number | null, sinceFetch: number): number | null {
  return ttlMs === null ? null : Math.max(0, ttlMs - sinceFetch);
}

/** How long ago the holder last renewed the lock: each renewal resets the TTL to the full timeout. Null without a TTL. */
export function lastRenewalAgo(ttlMs: number | null, timeoutMs: number, sinceFetch: number): number | null {
  return ttlMs === null ? null : Math.max(0, timeoutMs - ttlMs) + sinceFetch;
}

/** `redis`, `postgres (degraded)`… */
export function backendText(lock: LockStatus, degraded = 'degraded'): string {
  return `${lock.backend}${lock.degraded ? ` (${degraded})` : ''}`;
}

/** Who holds it, where: `owner @ host pid N`. */
export function holderTitle(holder: LockHolderInfo): string {
  return `${holder.owner} @ ${holder.host} pid ${holder.pid}`;
}

/** The key's value as `redis-cli GET` shows it (the backend name is the console's, not the key's). */
export function rawLockValue(holder: LockHolderInfo): string {
  const { token, owner, host, pid, runId, acquiredAt, fence } = holder;
  return JSON.stringify({ token, owner, host, pid, runId, acquiredAt, fence });
}

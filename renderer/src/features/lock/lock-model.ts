/** The lock as the console tells it. Pure. */
import type { ReleaseLockInput } from '../../../../shared/console-schemas';
import type { LockHolderInfo, LockStatus } from '../../../../shared/engine-types';
import type { LockDiagnosis } from '../../../../shared/lock-diagnosis';
import type { Words } from '../../i18n/i18n';

/** Time left before the lock expires by itself, counted down since the status arrived; null: no expiry. */
export function ttlLeft(ttlMs: number | null, sinceFetch: number): number | null {
  return ttlMs === null ? null : Math.max(0, ttlMs - sinceFetch);
}

/** How long ago the holder last renewed the lock: each renewal resets the TTL to the full timeout. Null without a TTL. */
export function lastRenewalAgo(ttlMs: number | null, timeoutMs: number, sinceFetch: number): number | null {
  return ttlMs === null ? null : Math.max(0, timeoutMs - ttlMs) + sinceFetch;
}

/**
 * Whether the renewal inferred from the TTL means anything: only a live run (or one starting)
 * renews the lock. For any other holder it would claim a life the diagnosis denies.
 */
export function renewalShown(diagnosis: LockDiagnosis | null): boolean {
  return diagnosis?.state === 'live' || diagnosis?.state === 'starting';
}

/** `redis`, `postgres (degraded)`… */
export function backendText(lock: LockStatus, degraded = 'degraded'): string {
  return `${lock.backend}${lock.degraded ? ` (${degraded})` : ''}`;
}

/** Who holds it, where: `owner @ host pid N`. */
export function holderTitle(holder: LockHolderInfo): string {
  return `${holder.owner} @ ${holder.host} pid ${holder.pid}`;
}

/** Who holds it, in one phrase: this product's owner, the old job's legacy value, or an unknown value (each with the value). */
export function holderName(holder: LockHolderInfo, { m }: Words): string {
  if (holder.value?.kind === 'legacy') return m.lock.holderLegacy(holder.value.raw);
  if (holder.value?.kind === 'foreign') return m.lock.holderForeign(holder.value.raw);
  return holder.owner;
}

/** The key's value as stored (`redis-cli GET`); for a holder read without it, our JSON as the key holds it. */
export function rawLockValue(holder: LockHolderInfo): string {
  if (holder.value) return holder.value.raw;
  const { token, owner, host, pid, runId, acquiredAt, fence } = holder;
  return JSON.stringify({ token, owner, host, pid, runId, acquiredAt, fence });
}

/** The release the dialog asks for: compare-and-delete on the exact value shown (its SHA-1); without one, on the token. */
export function releaseRequest(holder: LockHolderInfo, reason: string): ReleaseLockInput {
  return holder.value ? { expectedValueSha1: holder.value.sha1, reason } : { expectedToken: holder.token, reason };
}

/** How old a legacy value is, from the time it holds; null for anything else or a value that holds no time. */
export function legacyAge(holder: LockHolderInfo, now: number): number | null {
  const at = holder.value?.kind === 'legacy' && holder.value.legacyAt ? Date.parse(holder.value.legacyAt) : NaN;
  return Number.isFinite(at) ? Math.max(0, now - at) : null;
}

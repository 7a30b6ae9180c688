/**
 * The backend contract. A `LockBackend` (Redis, a PostgreSQL session advisory lock, a lock
 * file) takes, inspects and force-releases the lock; the sync lock's policy (which backend,
 * fallback, fence, audit) sits on top and never asks which backend it talks to.
 *
 * Winning hands back a `Lease`: the few operations the handle needs. Each check returns
 * `null` when the lock is still ours, or the reason it is not; connectivity problems throw
 * `BackendUnreachableError` (the handle decides, from the TTL, whether that already means
 * the lock is lost).
 */
import type { LockBackendName, LockHolder } from './types';

export interface Lease {
  readonly backend: LockBackendName;
  readonly token: string;
  /** the lock expires by itself this long after the last renewal; null: it lives as long as a connection */
  readonly ttlMs: number | null;
  /** extends the lock; with `holder`, also replaces the stored value (compare-and-set on the token) */
  renew(holder?: LockHolder): Promise<string | null>;
  /** one round trip proving the lock is still ours */
  confirm(): Promise<string | null>;
  /** releases only if still ours */
  release(): Promise<boolean>;
  /** frees resources (connections) without touching the lock */
  dispose(): Promise<void>;
}

/** Result of a backend's acquisition attempt. */
export type LeaseAttempt = { won: true; lease: Lease } | { won: false; holder: LockHolder | null };

/** Who holds a backend's lock now. */
export interface BackendHolder {
  holder: LockHolder;
  /** time left before the lock expires by itself; null when it has no TTL (advisory lock) */
  ttlMs: number | null;
}

/** What a forced release found and did on one backend. */
export interface BackendRelease {
  /** the holder was removed */
  released: boolean;
  /** who held the lock (removed, or kept because it carries another token); null: nobody held it */
  previous: LockHolder | null;
}

/** One lock backend. Every method throws `BackendUnreachableError` when the backend cannot answer. */
export interface LockBackend {
  readonly name: LockBackendName;
  /** one attempt, never waiting: a `Lease` when won, else who holds it (when known) */
  tryAcquire(holder: LockHolder): Promise<LeaseAttempt>;
  /** the current holder; null when the lock is free (an expired or stale lock is free) */
  inspect(): Promise<BackendHolder | null>;
  /** removes the lock whoever holds it: only if it still carries `expectedToken`, or whatever holds it with null */
  forceRelease(expectedToken: string | null): Promise<BackendRelease>;
  /** closes the backend's own connections; leases are released through their handles */
  close(): Promise<void>;
}

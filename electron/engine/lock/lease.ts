/**
 * What a backend hands back after winning the lock: the few operations the handle needs.
 * Each check returns `null` when the lock is still ours, or the reason it is not;
 * connectivity problems throw `BackendUnreachableError` (the handle decides, from the
 * TTL, whether that already means the lock is lost).
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

/**
 * The sync lock's public types: one interface over three backends (Redis, a PostgreSQL
 * session advisory lock, a cross-process file lock). Whatever the backend, every
 * acquisition bumps the database fence, so a holder that lost its lock can never write.
 */
import type { LockBackendName, LockHolderInfo, LockStatus } from '../../../shared/engine-types';
import type { AuditEntry, AuditOutcome, WriteGuard } from '../store/types';

// From shared/, not through the store: the store imports `LockLostError` from here.
export type { LockBackendName } from '../../../shared/engine-types';

/** What to use when Redis is configured but unreachable (or not configured at all). */
export type LockFallback = 'postgres' | 'local' | 'none';

/** Who holds the lock: the JSON value of `<prefix>:lock` (and of the lock file), as the console shows it too. */
export type LockHolder = LockHolderInfo;

export type LostListener = (reason: string) => void;

/** A lock this process holds. */
export interface LockHandle {
  readonly token: string;
  readonly fence: number;
  readonly backend: LockBackendName;
  /** true when Redis is configured but was unreachable, so a fallback backend is used */
  readonly degraded: boolean;
  readonly acquiredAt: Date;
  /** becomes true (and never false again) when the lock is known to be lost */
  readonly lost: boolean;
  readonly lostReason: string | null;
  /** snapshot of the value stored for this holder */
  readonly holder: LockHolder;
  /** records the run id in the lock value (compare-and-set on the token) */
  setRunId(runId: number): Promise<void>;
  /**
   * Throws `LockLostError` unless the lock is still provably ours: for Redis one GET
   * comparing the token (so an operator's bare `redis-cli DEL` stops the run at its next
   * batch); for the file lock a read of the file; for the advisory lock a round trip on
   * its dedicated connection.
   */
  confirm(): Promise<void>;
  /** `{ fence, beforeCommit: confirm }` for the store's write transactions */
  readonly guard: WriteGuard;
  /** called once, when the lock is found lost (or given up because the run made no progress); returns an unsubscribe function */
  onLost(listener: LostListener): () => void;
  /** the run made progress (an answer from Odoo or the database): renewal goes on only while it does (SYNC_PROGRESS_TIMEOUT_SECONDS) */
  progress(): void;
  /** releases the lock only if it is still ours; true when something of ours was released */
  release(): Promise<boolean>;
}

export type AcquireResult =
  { acquired: true; handle: LockHandle } | { acquired: false; holder: LockHolder | null; backend: LockBackendName; degraded: boolean };

/** What `inspect()` sees: the status the console shows. */
export type LockInspection = Omit<LockStatus, 'error'>;

export interface ForceReleaseOptions {
  /** release only if the lock still carries this token (what the operator saw) */
  expectedToken?: string;
  /** release only if the key still holds exactly the value the operator saw (SHA-1 hex of its bytes): any holder, ours, the old job's, anyone's */
  expectedValueSha1?: string;
  /** release whatever is there */
  force?: boolean;
  actor: string;
  reason: string;
}

export interface ForceReleaseResult {
  released: boolean;
  /** holder found before the release (the one released, or the current one when refused) */
  previous: LockHolder | null;
  /** holder after the call: null when released; the unchanged holder when a stale token was given */
  current: LockHolder | null;
  /** fence after the bump; null when nothing was bumped */
  fence: number | null;
  backend: LockBackendName;
}

/** Where fences come from: the Store satisfies it. */
export interface FenceSource {
  nextFence(): Promise<number>;
}

/** Where forced releases are audited: the Store satisfies it. */
export interface AuditSink {
  appendAudit(entry: AuditEntry): Promise<number>;
  /** completes a row written before acting with what happened */
  updateAudit(id: number, outcome: AuditOutcome): Promise<void>;
}

/**
 * The lock was lost (expired, deleted by an operator, taken by another holder) or cannot be
 * confirmed. The store's `FenceError` (a newer acquisition fenced this holder's write out)
 * is a subclass, so one `instanceof` covers every way of losing the lock.
 */
export class LockLostError extends Error {
  constructor(
    readonly reason: string,
    readonly token: string | null = null,
    options?: ErrorOptions,
  ) {
    super(`lock lost: ${reason}`, options);
    this.name = 'LockLostError';
  }
}

/** No backend can be used: Redis unreachable with fallback `none`, or the fallback itself unusable. */
export class LockUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LockUnavailableError';
  }
}

/**
 * Redis answered but refuses us: a wrong or missing password, an ACL user without
 * permission, a database index beyond the server's. A configuration mistake, not an outage:
 * the run fails saying so, and never falls back to another lock (an instance configured
 * correctly may hold the Redis one).
 */
export class RedisRefusedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RedisRefusedError';
  }
}

/**
 * A backend could not be reached (connection refused, command timeout). Internal: the
 * sync lock turns it into a fallback or a `LockUnavailableError`.
 */
export class BackendUnreachableError extends Error {
  constructor(
    readonly backend: LockBackendName,
    readonly detail: unknown,
  ) {
    super(`${backend} unreachable: ${detail instanceof Error ? detail.message : String(detail)}`, { cause: detail });
    this.name = 'BackendUnreachableError';
  }
}

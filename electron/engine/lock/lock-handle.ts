/**
 * A held lock, whatever the backend: renews it every TTL/3 (one renewal in flight at a
 * time), writes value changes (fence, runId) with compare-and-set, and marks itself lost
 * — once, telling its listeners — when a renewal or confirmation finds the lock gone or
 * someone else's, or when no renewal succeeded for a whole TTL (Redis unreachable or
 * paused). TTL bookkeeping uses the monotonic clock: Redis expires keys in real time,
 * whatever the injected clock says.
 *
 * Renewal is tied to the run making progress (issue 16.4): the run reports every answer it
 * gets (`progress()`), and a run with none for `progressTimeoutMs` is stuck on a wait nobody
 * bounded. Renewing for it would block every instance for ever, so the handle stops, releases
 * the lock if still ours (compare-and-delete: others proceed at once, the fence keeps the stuck
 * run out) and tells its listeners, which abort the run.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from '../logger';
import type { WriteGuard } from '../store/types';
import type { Lease } from './lease';
import { BackendUnreachableError, LockLostError, type LockBackendName, type LockHandle, type LockHolder, type LostListener } from './types';
import { lockReasonText } from './lock-reason-text';

export interface LockHandleOptions {
  lease: Lease;
  holder: LockHolder;
  degraded: boolean;
  logger: Logger;
  /** renewal period; default TTL/3 (advisory lock: 10 s) */
  renewEveryMs?: number;
  /** called after the lease is released or lost for good (e.g. to forget the handle) */
  onSettled?: (handle: SyncLockHandle) => void;
  /** no progress for this long → the run is stuck: stop renewing, release, tell listeners; null/absent: never */
  progressTimeoutMs?: number | null;
  /** the monotonic clock, in ms (default `performance.now`; tests drive it) */
  now?: () => number;
}

export class SyncLockHandle implements LockHandle {
  readonly token: string;
  readonly backend: LockBackendName;
  readonly degraded: boolean;
  readonly acquiredAt: Date;
  private current: LockHolder;
  /** value changes (fence, runId): `version` counts them, `written` is the last one stored */
  private version = 0;
  private written = 0;
  private settledByRelease = false;
  private lostWith: string | null = null;
  private settled = false;
  private readonly listeners = new Set<LostListener>();
  private readonly lease: Lease;
  private readonly logger: Logger;
  private readonly renewEveryMs: number;
  private readonly onSettled: ((handle: SyncLockHandle) => void) | undefined;
  private renewTimer: NodeJS.Timeout | null = null;
  private expiryTimer: NodeJS.Timeout | null = null;
  /** monotonic time at which the last successful renewal was SENT (conservative base of the TTL) */
  private lastRenewedAt: number;
  private renewing: Promise<void> | null = null;
  private readonly now: () => number;
  private readonly progressTimeoutMs: number | null;
  private lastProgressAt: number;
  private progressTimer: NodeJS.Timeout | null = null;
  /** the release done when the run stalled (so the run's own release reports it, and does not repeat it) */
  private stallRelease: Promise<boolean> | null = null;

  constructor(options: LockHandleOptions) {
    this.lease = options.lease;
    this.current = { ...options.holder };
    this.token = options.holder.token;
    this.backend = options.holder.backend;
    this.degraded = options.degraded;
    this.acquiredAt = new Date(options.holder.acquiredAt);
    this.logger = options.logger;
    this.onSettled = options.onSettled;
    const ttl = this.lease.ttlMs;
    this.renewEveryMs = options.renewEveryMs ?? (ttl === null ? 10_000 : Math.max(50, Math.floor(ttl / 3)));
    this.now = options.now ?? (() => performance.now());
    this.progressTimeoutMs = options.progressTimeoutMs ?? null;
    this.lastRenewedAt = this.now();
    this.lastProgressAt = this.lastRenewedAt;
  }

  get fence(): number {
    return this.current.fence ?? 0;
  }

  get lost(): boolean {
    return this.lostWith !== null;
  }

  get lostReason(): string | null {
    return this.lostWith;
  }

  get holder(): LockHolder {
    return { ...this.current };
  }

  get guard(): WriteGuard {
    return { fence: this.fence, beforeCommit: () => this.confirm() };
  }

  /** Starts the renewal loop; `lastRenewedAt` is when the acquiring command was sent. */
  start(acquiredAtMonotonic: number): void {
    this.lastRenewedAt = acquiredAtMonotonic;
    this.lastProgressAt = this.now();
    this.armExpiry();
    this.scheduleRenewal();
    this.armProgressWatch();
  }

  /** The run got an answer (from Odoo, from the database) or finished a step: it is not stuck. */
  progress(): void {
    if (this.lostWith === null) this.lastProgressAt = this.now();
  }

  /** Writes the holder value with the fence (compare-and-set); false when the lock is already gone. */
  async writeHolder(changes: Partial<Pick<LockHolder, 'fence' | 'runId'>>): Promise<boolean> {
    this.current = { ...this.current, ...changes };
    this.version += 1;
    await this.renewNow();
    return !this.lost;
  }

  async setRunId(runId: number): Promise<void> {
    if (this.lost) throw new LockLostError(this.lostWith ?? 'lost', this.token);
    await this.writeHolder({ runId });
    if (this.lost) throw new LockLostError(this.lostWith ?? 'lost', this.token);
  }

  async confirm(): Promise<void> {
    if (this.lostWith !== null) throw new LockLostError(this.lostWith, this.token);
    if (this.expired()) {
      this.markLost(this.expiryReason());
      throw new LockLostError(this.lostWith ?? 'expired', this.token);
    }
    let reason: string | null;
    try {
      reason = await this.lease.confirm();
    } catch (error) {
      // Cannot prove it is ours: refuse this commit, but the lock is not known lost yet.
      const message = error instanceof Error ? error.message : String(error);
      throw new LockLostError(`cannot confirm the lock (${message})`, this.token, { cause: error });
    }
    if (reason !== null) {
      this.markLost(reason);
      throw new LockLostError(reason, this.token);
    }
  }

  onLost(listener: LostListener): () => void {
    if (this.lostWith !== null && !this.settledByRelease) {
      const reason = this.lostWith;
      queueMicrotask(() => listener(reason));
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async release(): Promise<boolean> {
    this.stopTimers();
    if (this.settled) return false;
    if (this.renewing) await this.renewing.catch(() => undefined);
    const wasLost = this.lost;
    let released = false;
    try {
      released = this.stallRelease ? await this.stallRelease : wasLost ? false : await this.lease.release();
    } catch (error) {
      this.logger.warn('lock.release_failed', 'Falha ao liberar o lock', {
        backend: this.backend,
        token: this.token,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    this.settledByRelease = true;
    this.lostWith ??= 'released';
    await this.settle();
    if (released) {
      this.logger.info('lock.released', 'Lock distribuído liberado', { backend: this.backend, token: this.token, fence: this.fence, degraded: this.degraded });
    } else {
      this.logger.warn('lock.release_skipped', 'Lock não liberado: já não pertence a esta execução', {
        backend: this.backend,
        token: this.token,
        fence: this.fence,
      });
    }
    return released;
  }

  /** Stops renewing without touching the lock (shutdown paths that must not release). */
  async abandon(): Promise<void> {
    this.stopTimers();
    this.settledByRelease = true;
    this.lostWith ??= 'abandoned';
    await this.settle();
  }

  private get dirty(): boolean {
    return this.version !== this.written;
  }

  private scheduleRenewal(): void {
    if (this.settled || this.lost) return;
    this.renewTimer = setTimeout(() => {
      this.renewTimer = null;
      void this.renewNow().finally(() => this.scheduleRenewal());
    }, this.renewEveryMs);
    this.renewTimer.unref();
  }

  private renewNow(): Promise<void> {
    if (this.renewing) {
      // one in flight; chain so that a pending value change is written after it
      const previous = this.renewing;
      return previous.then(() => (this.dirty && !this.lost ? this.renewNow() : undefined));
    }
    const run = this.renewOnce().finally(() => {
      this.renewing = null;
    });
    this.renewing = run;
    return run;
  }

  private async renewOnce(): Promise<void> {
    if (this.settled || this.lost) return;
    const sentAt = this.now();
    const version = this.version;
    const writing = this.dirty;
    let reason: string | null;
    try {
      reason = await this.lease.renew(writing ? this.holder : undefined);
    } catch (error) {
      if (this.expired()) this.markLost(this.expiryReason());
      else {
        this.logger.warn('lock.renew_failed', 'Falha ao renovar o lock; nova tentativa em breve', {
          backend: this.backend,
          token: this.token,
          unreachable: error instanceof BackendUnreachableError,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      return;
    }
    if (reason !== null) {
      this.markLost(reason);
      return;
    }
    if (writing) this.written = version;
    this.lastRenewedAt = sentAt;
    this.armExpiry();
  }

  private expired(): boolean {
    const ttl = this.lease.ttlMs;
    return ttl !== null && this.now() - this.lastRenewedAt >= ttl;
  }

  private expiryReason(): string {
    return `no renewal succeeded for a whole TTL (${this.lease.ttlMs} ms): the ${this.backend} lock has expired`;
  }

  private armExpiry(): void {
    const ttl = this.lease.ttlMs;
    if (ttl === null) return;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    const left = Math.max(0, this.lastRenewedAt + ttl - this.now());
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = null;
      if (this.expired()) this.markLost(this.expiryReason());
    }, left + 1);
    this.expiryTimer.unref();
  }

  /** Checks for progress when the bound would be reached, and again from the last progress until it is. */
  private armProgressWatch(): void {
    const bound = this.progressTimeoutMs;
    if (bound === null || this.settled || this.lost) return;
    if (this.progressTimer) clearTimeout(this.progressTimer);
    const left = Math.max(0, this.lastProgressAt + bound - this.now());
    this.progressTimer = setTimeout(() => {
      this.progressTimer = null;
      if (this.settled || this.lost) return;
      if (this.now() - this.lastProgressAt > bound) this.stall(bound);
      else this.armProgressWatch();
    }, left + 1);
    this.progressTimer.unref();
  }

  private stall(bound: number): void {
    const seconds = Math.round(bound / 1000);
    const reason =
      `sem progresso há ${seconds} s (SYNC_PROGRESS_TIMEOUT_SECONDS): a execução parece presa numa espera (banco de dados ou Odoo que não responde); ` +
      `o lock foi liberado para as outras instâncias / no progress for ${seconds} s: the run looks stuck; its lock was released`;
    this.logger.error('lock.stalled', `Execução sem progresso há ${seconds} s: lock liberado e execução abortada (SYNC_PROGRESS_TIMEOUT_SECONDS)`, {
      backend: this.backend,
      token: this.token,
      fence: this.fence,
      progressTimeoutMs: bound,
    });
    // Only if still ours (compare-and-delete); started before the lease is disposed.
    this.stallRelease = this.lease.release().catch(() => false);
    this.markLost(reason);
  }

  private markLost(reason: string): void {
    if (this.lostWith !== null) return;
    this.lostWith = reason;
    this.stopTimers();
    this.logger.warn('lock.lost', `Lock perdido: ${lockReasonText(reason)}`, { backend: this.backend, token: this.token, fence: this.fence, reason });
    for (const listener of [...this.listeners]) {
      try {
        listener(reason);
      } catch (error) {
        this.logger.error('lock.listener_failed', 'Erro num ouvinte de perda do lock', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    this.listeners.clear();
    void this.lease.dispose().catch(() => undefined);
  }

  private stopTimers(): void {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.renewTimer = null;
    this.expiryTimer = null;
    this.progressTimer = null;
  }

  private async settle(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    this.listeners.clear();
    await this.lease.dispose().catch(() => undefined);
    this.onSettled?.(this);
  }
}

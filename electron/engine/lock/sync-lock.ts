/**
 * The sync's lock: Redis first on every acquisition, the configured fallback when Redis is
 * configured but unreachable (degraded), the fallback directly when no Redis is
 * configured (it is then the intended backend: not degraded). Every successful
 * acquisition, through any backend, bumps the database fence and stores it in the lock
 * value; a failed acquisition never bumps it (that would fence out the current holder).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { systemClock, type Clock } from '../clock';
import type { Logger } from '../logger';
import { checkOperatorText } from '../operator-text';
import { localProcessView, type ProcessView } from '../recorded-process';
import { isDeadRunsOwnLock, type RunLookup } from './dead-holder';
import type { BackendRelease, LeaseAttempt, LockBackend } from './lease';
import { SyncLockHandle } from './lock-handle';
import { newToken } from './lock-holder';
import { LocalFileLock } from './local-file-lock';
import { PostgresAdvisoryLock } from './postgres-advisory-lock';
import { releaseExpectation, releaseOnFallback, type ReleaseExpectation } from './release-expectation';
import { DEFAULT_REDIS_PREFIX, RedisLock } from './redis-lock';
import { lockReasonText } from './lock-reason-text';
import {
  BackendUnreachableError,
  LockUnavailableError,
  RedisRefusedError,
  type AcquireResult,
  type AuditSink,
  type FenceSource,
  type ForceReleaseOptions,
  type ForceReleaseResult,
  type LockBackendName,
  type LockFallback,
  type LockHolder,
  type LockInspection,
} from './types';

export interface SyncLockOptions {
  /** null/absent → no Redis: the fallback is the lock (not degraded) */
  redisUrl?: string | null;
  /** Redis key prefix (`<prefix>:lock`, `<prefix>:last_run`); also seeds the advisory lock key. Default `carteira:sync:incremental` */
  prefix?: string;
  /** lock TTL (Redis PX, lock-file staleness); renewal every TTL/3 */
  ttlMs: number;
  fallback: LockFallback;
  /** needed by the `postgres` fallback */
  databaseUrl?: string | null;
  /** where the `local` fallback keeps `sync.lock` */
  dataDir: string;
  fences: FenceSource;
  audit: AuditSink;
  logger: Logger;
  /** timestamps written (acquiredAt, audit); TTLs use real monotonic time */
  clock?: Clock;
  /** who acquires, e.g. `scheduler`, `cli run` */
  owner: string;
  /** the process named in the lock value (dead-holder takeover checks it); default this process */
  pid?: number;
  /** Redis per-command timeout; default 2000 ms */
  commandTimeoutMs?: number;
  /** renewal period; default TTL/3 */
  renewEveryMs?: number;
  /** the run a lock value names (the store's); with it, a dead run's own Redis lock on this host is taken over at once */
  runLookup?: RunLookup;
  /** a holder whose run reports no progress for this long stops renewing and releases the lock (SYNC_PROGRESS_TIMEOUT_SECONDS); absent: never */
  progressTimeoutMs?: number;
}

export interface SyncLock {
  readonly prefix: string;
  /** `<prefix>:lock` */
  readonly redisKey: string;
  readonly redisConfigured: boolean;
  readonly fallback: LockFallback;
  tryAcquire(options?: { runId?: number | null }): Promise<AcquireResult>;
  inspect(): Promise<LockInspection>;
  forceRelease(options: ForceReleaseOptions): Promise<ForceReleaseResult>;
  /** writes `<prefix>:last_run`; false (and a warning) when Redis is absent or unreachable */
  recordSuccess(at: Date): Promise<boolean>;
  /** `<prefix>:last_run`, or null (absent, no Redis, unreachable) */
  lastRun(): Promise<string | null>;
  /** releases the handles this instance still holds (only if still theirs) and closes connections */
  close(): Promise<void>;
}

type ReleaseOutcome = Omit<ForceReleaseResult, 'fence'>;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a backend's forced release means for the caller; null when nobody held the lock there. */
function releaseOutcome(backend: LockBackend, found: BackendRelease): ReleaseOutcome | null {
  if (!found.previous) return null;
  return { released: found.released, previous: found.previous, current: found.released ? null : found.previous, backend: backend.name };
}

export function createSyncLock(options: SyncLockOptions): SyncLock {
  return new DefaultSyncLock(options);
}

class DefaultSyncLock implements SyncLock {
  readonly prefix: string;
  readonly redisKey: string;
  readonly redisConfigured: boolean;
  readonly fallback: LockFallback;
  /** the primary backend (also where `<prefix>:last_run` lives) */
  private readonly redis: RedisLock | null;
  private readonly fallbackBackend: LockBackend | null;
  private readonly fallbackProblem: string | null;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly handles = new Set<SyncLockHandle>();
  private readonly host = os.hostname();
  /** the pid this lock's values name and its process instance (recorded beside it, issue 16.7) */
  private readonly view: ProcessView;

  constructor(private readonly options: SyncLockOptions) {
    if (!(options.ttlMs > 0)) throw new Error(`lock ttlMs must be positive (got ${options.ttlMs})`);
    this.prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.redisKey = `${this.prefix}:lock`;
    this.fallback = options.fallback;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.view = localProcessView(options.pid ?? process.pid);
    this.redisConfigured = Boolean(options.redisUrl);
    this.redis = options.redisUrl
      ? new RedisLock({ url: options.redisUrl, prefix: this.prefix, ttlMs: options.ttlMs, commandTimeoutMs: options.commandTimeoutMs, logger: options.logger })
      : null;
    let problem: string | null = null;
    let backend: LockBackend | null = null;
    if (options.fallback === 'postgres') {
      if (options.databaseUrl) backend = new PostgresAdvisoryLock({ databaseUrl: options.databaseUrl, prefix: this.prefix });
      else problem = 'the lock fallback "postgres" needs DATABASE_URL (or choose SYNC_LOCK_FALLBACK=local)';
    } else if (options.fallback === 'local') {
      backend = new LocalFileLock({ dataDir: options.dataDir, ttlMs: options.ttlMs, view: this.view });
    } else {
      problem = this.redis
        ? 'Redis is unreachable and SYNC_LOCK_FALLBACK=none: refusing to run without a lock'
        : 'no Redis configured (REDIS_URL) and SYNC_LOCK_FALLBACK=none: there is no lock to run under';
    }
    this.fallbackBackend = backend;
    this.fallbackProblem = problem;
  }

  async tryAcquire(request: { runId?: number | null } = {}): Promise<AcquireResult> {
    const base: Omit<LockHolder, 'backend'> = {
      token: newToken(),
      owner: this.options.owner,
      host: this.host,
      pid: this.view.self.pid,
      instance: this.view.self.instance,
      runId: request.runId ?? null,
      acquiredAt: this.clock.now().toISOString(),
      fence: null,
    };
    const sentAt = performance.now();
    let attempt: LeaseAttempt | null = null;
    let source: LockBackend | null = null;
    let degraded = false;

    if (this.redis) {
      try {
        attempt = await this.redis.tryAcquire({ ...base, backend: this.redis.name });
        source = this.redis;
      } catch (error) {
        if (!(error instanceof BackendUnreachableError)) throw error;
        degraded = true;
        this.logger.warn('lock.redis_unreachable', 'Redis indisponível para o lock', { key: this.redisKey, error: error.message });
      }
    }
    if (!attempt || !source) {
      const fallback = this.requireFallback(degraded);
      source = fallback;
      if (degraded) {
        this.logger.warn('lock.degraded', `Redis indisponível - usando lock de fallback (${fallback.name})`, { backend: fallback.name, degraded: true });
      }
      try {
        attempt = await fallback.tryAcquire({ ...base, backend: fallback.name });
      } catch (error) {
        if (!(error instanceof BackendUnreachableError)) throw error;
        throw new LockUnavailableError(`${degraded ? 'Redis is unreachable and the' : 'The'} lock fallback "${fallback.name}" failed too: ${error.message}`, {
          cause: error,
        });
      }
    }
    if (!attempt.won && source === this.redis && attempt.holder && (await this.takeOverDeadHolder(attempt.holder))) {
      attempt = await this.redis.tryAcquire({ ...base, backend: this.redis.name });
    }
    const backend = source.name;
    if (!attempt.won) return { acquired: false, holder: attempt.holder, backend, degraded };

    const handle = new SyncLockHandle({
      lease: attempt.lease,
      holder: { ...base, backend },
      degraded,
      logger: this.logger,
      renewEveryMs: this.options.renewEveryMs,
      progressTimeoutMs: this.options.progressTimeoutMs ?? null,
      onSettled: (settled) => this.handles.delete(settled),
    });
    this.handles.add(handle);
    handle.start(sentAt);

    // Only now, with the lock won, bump the fence and publish it in the lock value.
    let fence: number;
    try {
      fence = await this.options.fences.nextFence();
    } catch (error) {
      await handle.release();
      throw error;
    }
    if (!(await handle.writeHolder({ fence }))) {
      const reason = handle.lostReason;
      await handle.release();
      const now = await this.inspect().catch(() => null);
      this.logger.warn('lock.lost', `Lock perdido logo após a aquisição: ${lockReasonText(reason ?? 'lost')}`, { backend, fence });
      return { acquired: false, holder: now?.holder ?? null, backend, degraded };
    }
    this.logger.info('lock.acquired', 'Lock distribuído adquirido', {
      backend,
      degraded,
      fence,
      token: handle.token,
      owner: this.options.owner,
      runId: base.runId,
      ...(source === this.redis ? { key: this.redisKey, ttlMs: this.options.ttlMs } : {}),
    });
    return { acquired: true, handle };
  }

  /**
   * A Redis lock held by a run of this host whose process is gone, with exactly the value that
   * run recorded, is deleted (compare-and-delete on its token) instead of blocking for the
   * rest of its TTL. Audited first, like a forced release: without the audit row, no takeover.
   */
  private async takeOverDeadHolder(holder: LockHolder): Promise<boolean> {
    const lookup = this.options.runLookup;
    if (!this.redis || !lookup) return false;
    try {
      if (!(await isDeadRunsOwnLock(holder, this.host, lookup, this.view))) return false;
      const auditId = await this.options.audit.appendAudit({
        actor: this.options.owner,
        action: 'lock.dead_holder_takeover',
        reason: `the holder (pid ${holder.pid} on ${holder.host}, run ${holder.runId}) is dead`,
        details: { previous: holder, released: false },
        at: this.clock.now(),
      });
      const { released } = await this.redis.forceRelease(holder.token);
      await this.options.audit.updateAudit(auditId, { action: 'lock.dead_holder_takeover', details: { previous: holder, released } });
      if (released) {
        this.logger.warn('lock.dead_holder_taken_over', `Lock de um processo morto (pid ${holder.pid}, execução ${holder.runId}) retomado antes do TTL`, {
          key: this.redisKey,
          previousPid: holder.pid,
          previousInstance: holder.instance ?? null,
          previousRunId: holder.runId,
          previousToken: holder.token,
          auditId,
        });
      }
      return released;
    } catch (error) {
      if (error instanceof RedisRefusedError) throw error;
      this.logger.warn('lock.dead_holder_check_failed', 'Não foi possível verificar o detentor morto do lock', { error: message(error) });
      return false;
    }
  }

  async inspect(): Promise<LockInspection> {
    let redisReachable: boolean | null = null;
    if (this.redis) {
      try {
        const found = await this.redis.inspect();
        redisReachable = true;
        if (found) return { held: true, holder: found.holder, ttlMs: found.ttlMs, backend: this.redis.name, degraded: false, redisReachable };
      } catch (error) {
        if (!(error instanceof BackendUnreachableError)) throw error;
        redisReachable = false;
      }
    }
    const fallback = this.fallbackBackend;
    const primary: LockBackendName = this.redis?.name ?? fallback?.name ?? 'redis';
    if (!fallback) return { held: false, holder: null, ttlMs: null, backend: primary, degraded: redisReachable === false, redisReachable };
    // Redis empty or down: a holder under the fallback (a degraded run) may still be working.
    const degraded = this.redis !== null;
    try {
      const found = await fallback.inspect();
      if (found) return { held: true, holder: found.holder, ttlMs: found.ttlMs, backend: fallback.name, degraded, redisReachable };
    } catch (error) {
      this.logger.warn('lock.inspect_failed', 'Não foi possível inspecionar o lock de fallback', { backend: fallback.name, error: message(error) });
    }
    return {
      held: false,
      holder: null,
      ttlMs: null,
      backend: redisReachable === false ? fallback.name : primary,
      degraded: redisReachable === false,
      redisReachable,
    };
  }

  async forceRelease(request: ForceReleaseOptions): Promise<ForceReleaseResult> {
    const expectedToken = request.expectedToken ?? null;
    const force = request.force === true;
    // the exact value the operator was shown (any holder): named in every audit row of the attempt
    const byValue = request.expectedValueSha1 ? { expectedValueSha1: request.expectedValueSha1 } : {};
    if (!force && !expectedToken && !request.expectedValueSha1)
      throw new Error('forceRelease needs expectedValueSha1 (the value you saw), expectedToken (the token you saw) or force: true');
    const reason = checkOperatorText('reason', request.reason);
    const actor = checkOperatorText('actor', request.actor);
    const at = this.clock.now();

    // The audit row is part of the decision: written first, so that if it cannot be written nothing is released.
    let auditId: number;
    try {
      auditId = await this.options.audit.appendAudit({
        actor,
        action: 'lock.force_release.requested',
        reason,
        details: { force, expectedToken, ...byValue },
        at,
      });
    } catch (error) {
      throw new Error(`lock NOT released: its audit row could not be written (${message(error)})`, { cause: error });
    }
    let outcome: ReleaseOutcome;
    let fence: number | null;
    try {
      outcome = await this.releaseHolder(releaseExpectation(request));
      // A forced release always fences out whoever is writing; a token release only when it deleted.
      fence = outcome.released || force ? await this.options.fences.nextFence() : null;
    } catch (error) {
      await this.options.audit
        .updateAudit(auditId, { action: 'lock.force_release.failed', details: { force, expectedToken, ...byValue, error: message(error) } })
        .catch(() => undefined);
      throw error;
    }
    const action = outcome.released || force ? 'lock.force_release' : 'lock.force_release.refused';
    const details = {
      backend: outcome.backend,
      released: outcome.released,
      force,
      expectedToken,
      ...byValue,
      previous: outcome.previous,
      current: outcome.current,
      fence,
    };
    await this.options.audit.updateAudit(auditId, { action, details }).catch((error: unknown) => {
      // the row says it was requested; the log line carries the outcome
      this.logger.error('lock.audit_update_failed', 'Não foi possível completar o registro de auditoria da liberação', { auditId, error: message(error) });
    });
    if (outcome.released || force) {
      this.logger.warn('lock.force_released', 'Lock liberado à força', {
        actor,
        reason,
        backend: outcome.backend,
        released: outcome.released,
        previousToken: outcome.previous?.token ?? null,
        fence,
        auditId,
      });
    } else {
      this.logger.warn('lock.force_release_refused', 'Liberação recusada: o lock não tem mais o valor mostrado ao operador', {
        actor,
        expectedToken,
        ...byValue,
        currentToken: outcome.current?.token ?? null,
        auditId,
      });
    }
    return { ...outcome, fence };
  }

  /** Deletes the holder (any, or only the one carrying `token`) wherever it is: Redis first, else the fallback. */
  private async releaseHolder(expected: ReleaseExpectation): Promise<ReleaseOutcome> {
    let outcome: ReleaseOutcome | null = null;
    let redisReachable = false;
    if (this.redis) {
      try {
        outcome = releaseOutcome(this.redis, await this.redis.forceRelease(expected));
        redisReachable = true;
      } catch (error) {
        if (!(error instanceof BackendUnreachableError)) throw error;
      }
    }
    if (!outcome && this.fallbackBackend) {
      // Nothing in Redis (or Redis down): the holder, if any, is under the fallback.
      const fallback = this.fallbackBackend;
      try {
        outcome = releaseOutcome(fallback, await releaseOnFallback(fallback, expected));
      } catch (error) {
        if (!this.redis || !redisReachable) {
          throw new LockUnavailableError(`cannot reach the lock to release it: ${message(error)}`, { cause: error });
        }
      }
    }
    if (this.redis && !redisReachable && !this.fallbackBackend) throw new LockUnavailableError('Redis is unreachable: cannot release the lock');
    return outcome ?? { released: false, previous: null, current: null, backend: this.redis?.name ?? this.fallbackBackend?.name ?? 'redis' };
  }

  async recordSuccess(at: Date): Promise<boolean> {
    if (!this.redis) return false;
    try {
      await this.redis.recordSuccess(at);
      return true;
    } catch (error) {
      this.logger.warn('lock.last_run_failed', 'Não foi possível gravar last_run no Redis', { error: message(error) });
      return false;
    }
  }

  async lastRun(): Promise<string | null> {
    if (!this.redis) return null;
    try {
      return await this.redis.lastRun();
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    for (const handle of [...this.handles]) await handle.release().catch(() => false);
    await this.redis?.close();
    await this.fallbackBackend?.close();
  }

  private requireFallback(degraded: boolean): LockBackend {
    if (this.fallbackBackend) return this.fallbackBackend;
    const problem = this.fallbackProblem ?? 'no lock backend available';
    this.logger.error('lock.unavailable', `Lock indisponível: ${lockReasonText(problem)}`, { degraded });
    throw new LockUnavailableError(problem);
  }
}

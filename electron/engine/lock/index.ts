export { createSyncLock, type SyncLock, type SyncLockOptions } from './sync-lock';
export {
  LockLostError,
  LockUnavailableError,
  BackendUnreachableError,
  RedisRefusedError,
  type AcquireResult,
  type AuditSink,
  type FenceSource,
  type ForceReleaseOptions,
  type ForceReleaseResult,
  type LockBackendName,
  type LockFallback,
  type LockHandle,
  type LockHolder,
  type LockInspection,
  type LostListener,
} from './types';
export type { BackendHolder, BackendRelease, LockBackend } from './lease';
export { RedisLock } from './redis-lock';
export { PostgresAdvisoryLock, advisoryKey } from './postgres-advisory-lock';
export { LocalFileLock } from './local-file-lock';
export { parseHolder, serializeHolder, newToken } from './lock-holder';

/** The banner for a degraded lock: Redis is configured but a fallback backend is in use. */
import type { LockStatus } from '../../../../shared/engine-types';

export function DegradedAlert({ lock }: { lock: LockStatus }) {
  if (!lock.degraded) return null;
  return (
    <div className="alert alert-warn" data-testid="banner-degraded">
      <b>Lock degraded:</b> {lock.redisReachable === false ? 'Redis is unreachable; ' : ''}using the {lock.backend} lock. Two instances on different hosts are
      not kept apart by it; writes are still fenced.
    </div>
  );
}

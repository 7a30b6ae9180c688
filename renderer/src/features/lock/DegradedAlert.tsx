/** The banner for a degraded lock: Redis is configured but a fallback backend is in use. */
import type { LockStatus } from '../../../../shared/engine-types';
import { useI18n } from '../../i18n/i18n';

export function DegradedAlert({ lock }: { lock: LockStatus }) {
  const { m } = useI18n();
  if (!lock.degraded) return null;
  return (
    <div className="alert alert-warn" role="alert" data-testid="banner-degraded">
      <b>{m.alerts.degradedTitle}</b> {lock.redisReachable === false ? m.alerts.degradedRedis : ''}
      {m.alerts.degradedBody(lock.backend)}
    </div>
  );
}

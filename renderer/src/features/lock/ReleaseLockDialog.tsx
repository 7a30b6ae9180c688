/**
 * Confirms a forced release with a reason; releases only while the key holds exactly the value
 * shown (compare-and-delete), whoever wrote it. The words differ for a live run (a strong warning
 * with its progress), a stuck holder, the old job's legacy value (both syncs could write at once)
 * and a value nobody known wrote; the value itself is always shown.
 */
import type { LockHolderInfo } from '../../../../shared/engine-types';
import type { LockDiagnosis } from '../../../../shared/lock-diagnosis';
import { useI18n } from '../../i18n/i18n';
import { ReasonDialog } from '../actions/ReasonDialog';
import { legacyAge, rawLockValue } from './lock-model';

export function ReleaseLockDialog({
  holder,
  diagnosis,
  ttlMs,
  now,
  onRelease,
  onClose,
}: {
  holder: LockHolderInfo;
  diagnosis: LockDiagnosis | null;
  /** the key's time left, as the card shows it; null: no expiry */
  ttlMs: number | null;
  now: number;
  onRelease: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const { m, f } = useI18n();
  const kind = holder.value?.kind ?? 'ours';
  const live = diagnosis?.state === 'live' || diagnosis?.state === 'starting';
  const stale = diagnosis?.state === 'finished' || diagnosis?.state === 'unknown';
  const progress = diagnosis?.progress;
  const age = legacyAge(holder, now);
  return (
    <ReasonDialog
      title={m.lock.dialogTitle}
      confirmLabel={m.lock.dialogConfirm}
      danger
      placeholder={m.lock.dialogPlaceholder}
      onClose={onClose}
      onConfirm={onRelease}
    >
      {kind === 'legacy' ? (
        <p className="warn-strong" data-testid="release-legacy">
          {m.lock.dialogLegacy(
            holder.value?.legacyAt && age !== null ? m.lock.dialogLegacyWritten(f.time(holder.value.legacyAt, now), f.relative(now - age, now)) : '',
            ttlMs === null ? m.lock.noExpiry : f.relative(now + ttlMs, now),
          )}
        </p>
      ) : kind === 'foreign' ? (
        <p data-testid="release-foreign">{m.lock.dialogForeign}</p>
      ) : (
        <>
          <p>
            {m.lock.dialogHeld(
              holder.owner,
              holder.host,
              holder.pid,
              holder.runId !== null ? m.lock.dialogRun(holder.runId) : '',
              f.time(holder.acquiredAt, now),
              String(holder.fence ?? '—'),
            )}
          </p>
          {live && holder.runId !== null ? (
            <p className="warn-strong" role="alert" data-testid="release-live">
              {m.lock.dialogLive(
                holder.runId,
                progress ? m.lock.runState.running(progress.ordersDone, progress.ordersTotal ? f.count(progress.ordersTotal) : '?') : m.status.running,
              )}
            </p>
          ) : stale ? (
            <p data-testid="release-stale">{m.lock.dialogStale}</p>
          ) : (
            <p>{m.lock.dialogGeneric}</p>
          )}
        </>
      )}
      <p className="small">{m.lock.dialogValue}</p>
      <code className="mono wrap raw-value" data-testid="release-value">
        {rawLockValue(holder)}
        {holder.value?.truncated && '…'}
      </code>
    </ReasonDialog>
  );
}

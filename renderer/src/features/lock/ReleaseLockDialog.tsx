/**
 * Confirms a forced release with a reason; releases only if the holder shown still holds it (its
 * token). The words differ for a live run (a strong warning with its progress) and a stuck holder.
 */
import type { LockHolderInfo } from '../../../../shared/engine-types';
import type { LockDiagnosis } from '../../../../shared/lock-diagnosis';
import { useI18n } from '../../i18n/i18n';
import { ReasonDialog } from '../actions/ReasonDialog';

export function ReleaseLockDialog({
  holder,
  diagnosis,
  now,
  onRelease,
  onClose,
}: {
  holder: LockHolderInfo;
  diagnosis: LockDiagnosis | null;
  now: number;
  onRelease: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const { m, f } = useI18n();
  const live = diagnosis?.state === 'live' || diagnosis?.state === 'starting';
  const stale = diagnosis?.state === 'finished' || diagnosis?.state === 'unknown';
  const progress = diagnosis?.progress;
  return (
    <ReasonDialog
      title={m.lock.dialogTitle}
      confirmLabel={m.lock.dialogConfirm}
      danger
      placeholder={m.lock.dialogPlaceholder}
      onClose={onClose}
      onConfirm={onRelease}
    >
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
    </ReasonDialog>
  );
}

/** Confirms a lock release with a reason; releases only if the holder shown still holds it (its token). */
import type { LockHolderInfo } from '../../../../shared/engine-types';
import { formatTime } from '../../format';
import { ReasonDialog } from '../actions/ReasonDialog';

export function ReleaseLockDialog({
  holder,
  now,
  onRelease,
  onClose,
}: {
  holder: LockHolderInfo;
  now: number;
  onRelease: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  return (
    <ReasonDialog
      title="Release the sync lock"
      confirmLabel="Release lock"
      danger
      placeholder="e.g. run #12 hung after the Odoo restart"
      onClose={onClose}
      onConfirm={onRelease}
    >
      <p>
        Held by <b>{holder.owner}</b> ({holder.host}, pid {holder.pid}){holder.runId !== null ? `, run #${holder.runId}` : ''}, since{' '}
        {formatTime(holder.acquiredAt, now)}, fence {holder.fence ?? '—'}.
      </p>
      <p>
        Only release a lock whose holder is stuck or gone. If that run is still alive it is fenced off: it stops writing at its next batch and ends{' '}
        <b>aborted</b>. The release is audited.
      </p>
    </ReasonDialog>
  );
}

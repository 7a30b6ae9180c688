/** Confirms pausing the schedule, with the reason that goes to the audit log. */
import { ReasonDialog } from './ReasonDialog';

export function PauseDialog({ onPause, onClose }: { onPause: (reason: string) => Promise<void>; onClose: () => void }) {
  return (
    <ReasonDialog title="Pause scheduled runs" confirmLabel="Pause" placeholder="e.g. Odoo maintenance until 06:00" onClose={onClose} onConfirm={onPause}>
      <p>
        No scheduled run starts until someone resumes. A run in progress finishes; manual runs and gap fills still work. When resumed, the next run catches up
        from the watermark.
      </p>
    </ReasonDialog>
  );
}

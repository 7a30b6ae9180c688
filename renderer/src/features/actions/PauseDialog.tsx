/** Confirms pausing the schedule, with the reason that goes to the audit log. */
import { useI18n } from '../../i18n/i18n';
import { ReasonDialog } from './ReasonDialog';

export function PauseDialog({ onPause, onClose }: { onPause: (reason: string) => Promise<void>; onClose: () => void }) {
  const { m } = useI18n();
  return (
    <ReasonDialog
      title={m.dialog.pauseTitle}
      confirmLabel={m.dialog.pauseConfirm}
      placeholder={m.dialog.pausePlaceholder}
      onClose={onClose}
      onConfirm={onPause}
    >
      <p>{m.dialog.pauseBody}</p>
    </ReasonDialog>
  );
}

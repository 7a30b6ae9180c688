/** Confirms resuming the schedule, with the reason that goes to the audit log (as a pause has). */
import { useI18n } from '../../i18n/i18n';
import { ReasonDialog } from './ReasonDialog';

export function ResumeDialog({ onResume, onClose }: { onResume: (reason: string) => Promise<void>; onClose: () => void }) {
  const { m } = useI18n();
  return (
    <ReasonDialog
      title={m.dialog.resumeTitle}
      confirmLabel={m.dialog.resumeConfirm}
      placeholder={m.dialog.resumePlaceholder}
      onClose={onClose}
      onConfirm={onResume}
    >
      <p>{m.dialog.resumeBody}</p>
    </ReasonDialog>
  );
}

/** Confirms a reconciliation that deactivates whatever Odoo no longer lists, with the reason that goes to the audit log. */
import { useI18n } from '../../i18n/i18n';
import { ReasonDialog } from '../actions/ReasonDialog';

export function ConfirmDeactivationDialog({ onConfirm, onClose }: { onConfirm: (reason: string) => Promise<void>; onClose: () => void }) {
  const { m } = useI18n();
  return (
    <ReasonDialog
      title={m.dialog.confirmDeactivationTitle}
      confirmLabel={m.dialog.confirmDeactivationConfirm}
      placeholder={m.dialog.confirmDeactivationPlaceholder}
      danger
      onClose={onClose}
      onConfirm={onConfirm}
    >
      <p>{m.dialog.confirmDeactivationBody}</p>
    </ReasonDialog>
  );
}

/**
 * The actions confirmed with a reason alone, which goes to the audit log: pausing the schedule,
 * resuming it, and a reconciliation that deactivates whatever Odoo no longer lists (the dangerous
 * one). Each action's words are the catalogue's `dialog.<action>Title`, `…Confirm`,
 * `…Placeholder` and `…Body`.
 */
import { useI18n } from '../../i18n/i18n';
import { ReasonDialog } from './ReasonDialog';

export type ReasonAction = 'pause' | 'resume' | 'confirmDeactivation';

export function ReasonActionDialog({
  action,
  onConfirm,
  onClose,
}: {
  action: ReasonAction;
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const { m } = useI18n();
  return (
    <ReasonDialog
      title={m.dialog[`${action}Title` as const]}
      confirmLabel={m.dialog[`${action}Confirm` as const]}
      placeholder={m.dialog[`${action}Placeholder` as const]}
      danger={action === 'confirmDeactivation'}
      onClose={onClose}
      onConfirm={onConfirm}
    >
      <p>{m.dialog[`${action}Body` as const]}</p>
    </ReasonDialog>
  );
}

/** The top bar's run buttons: Reconciliar and Sincronizar agora, disabled while a run is in progress or starting. */
import { useI18n } from '../../i18n/i18n';

export function ActionButtons({
  busy,
  running,
  syncing,
  reconciling,
  onSync,
  onReconcile,
}: {
  busy: boolean;
  running: boolean;
  syncing: boolean;
  reconciling: boolean;
  onSync: () => void;
  onReconcile: () => void;
}) {
  const { m } = useI18n();
  return (
    <>
      <button type="button" className="btn" onClick={onReconcile} disabled={busy} data-testid="reconcile">
        {reconciling ? m.actions.reconciling : m.actions.reconcile}
      </button>
      <button
        type="button"
        className="btn primary"
        onClick={onSync}
        disabled={busy}
        data-testid="sync-now"
        title={running ? m.actions.runningTitle : m.actions.syncTitle}
      >
        {syncing || running ? m.actions.running : m.actions.syncNow}
      </button>
    </>
  );
}

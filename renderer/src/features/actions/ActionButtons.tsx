/** The top bar's run buttons: Reconcile and Sync now, disabled while a run is in progress or starting. */
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
  return (
    <>
      <button type="button" className="btn" onClick={onReconcile} disabled={busy} data-testid="reconcile">
        {reconciling ? 'Reconciling…' : 'Reconcile'}
      </button>
      <button
        type="button"
        className="btn primary"
        onClick={onSync}
        disabled={busy}
        data-testid="sync-now"
        title={running ? 'a run is in progress' : 'one sync now, planned from the watermark'}
      >
        {syncing || running ? 'Running…' : 'Sync now'}
      </button>
    </>
  );
}

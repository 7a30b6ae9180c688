/** A reconciliation stopped before a mass deactivation: why, and the (audited) way to confirm real deletions. */
import type { RunSummary } from '../../../../shared/engine-types';
import { useI18n } from '../../i18n/i18n';
import { ErrorDetail } from '../actions/ErrorDetail';
import { heldReconcile } from './held-model';

export function HeldDeactivationAlert({ runs, busy, onConfirm }: { runs: readonly RunSummary[]; busy: boolean; onConfirm: () => void }) {
  const { m } = useI18n();
  const held = heldReconcile(runs);
  if (!held) return null;
  return (
    <div className="alert alert-warn" role="alert" data-testid="banner-held-deactivation">
      <span>
        <b>{m.alerts.heldTitle(String(held.id ?? '?'))}</b> {m.alerts.heldBody}{' '}
        <button type="button" className="btn small danger" onClick={onConfirm} disabled={busy} data-testid="confirm-deactivation-open">
          {m.alerts.heldConfirm}
        </button>
        {held.error && <ErrorDetail detail={held.error} />}
      </span>
    </div>
  );
}

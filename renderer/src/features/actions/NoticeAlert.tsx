/**
 * The outcome of the last action (or that it is under way), until dismissed or replaced. After a
 * forced release it offers a run now, unless `offerShown` (the failed-run banner already offers one:
 * never two such buttons).
 */
import { useI18n } from '../../i18n/i18n';
import { ErrorDetail } from './ErrorDetail';
import type { Notice } from './notice';

export function NoticeAlert({
  notice,
  busy,
  offerShown = false,
  onSyncNow,
  onDismiss,
}: {
  notice: Notice | null;
  busy: boolean;
  offerShown?: boolean;
  onSyncNow: () => void;
  onDismiss: () => void;
}) {
  const { m, f } = useI18n();
  if (!notice) return null;
  return (
    <div className={`alert alert-${notice.kind} notice`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>
        <span className="muted">{f.time(notice.at)}</span> {notice.text}
        {notice.offer === 'sync-now' && !offerShown && (
          <>
            {' '}
            <button type="button" className="btn small primary" onClick={onSyncNow} disabled={busy} data-testid="notice-sync-now">
              {m.actions.syncAfterRelease}
            </button>
          </>
        )}
        {notice.detail && <ErrorDetail detail={notice.detail} />}
      </span>
      <button type="button" className="link" onClick={onDismiss} aria-label={m.dismiss}>
        ×
      </button>
    </div>
  );
}

/** The outcome of the last action (or that it is under way), until dismissed or replaced. */
import { formatTime } from '../../format';
import type { Notice } from './notice';

export function NoticeAlert({ notice, onDismiss }: { notice: Notice | null; onDismiss: () => void }) {
  if (!notice) return null;
  return (
    <div className={`alert alert-${notice.kind} notice`} role="status" data-testid="notice">
      <span>
        <span className="muted">{formatTime(notice.at)}</span> {notice.text}
      </span>
      <button type="button" className="link" onClick={onDismiss} aria-label="dismiss">
        ×
      </button>
    </div>
  );
}

/**
 * A confirmation that needs a reason (it lands in the audit log). No window.prompt: Electron has
 * none. A modal: focus starts in the reason, Tab stays inside, Escape closes, and focus returns
 * to what opened it.
 */
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';

export interface ReasonDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  placeholder?: string;
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
}

const FOCUSABLE =
  'button:not([disabled]), textarea:not([disabled]), input:not([disabled]), select:not([disabled]), summary, [href], [tabindex]:not([tabindex="-1"])';

/** Keeps Tab and Shift+Tab inside `container`. */
export function trapFocus(event: ReactKeyboardEvent, container: HTMLElement | null): void {
  if (event.key !== 'Tab' || !container) return;
  const items = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)];
  if (items.length === 0) return;
  const first = items[0];
  const last = items[items.length - 1];
  if (event.shiftKey && (document.activeElement === first || !container.contains(document.activeElement))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

export function ReasonDialog({ title, children, confirmLabel, danger, placeholder, onConfirm, onClose }: ReasonDialogProps) {
  const { m } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    input.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, [onClose]);

  const submit = () => {
    if (!reason.trim()) {
      setError(m.dialog.reasonRequired);
      input.current?.focus();
      return;
    }
    setWorking(true);
    setError(null);
    onConfirm(reason.trim()).then(onClose, (failure: Error) => {
      setWorking(false);
      setError(failure.message);
    });
  };

  return (
    <div className="overlay" onMouseDown={(event) => event.target === event.currentTarget && !working && onClose()}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="dialog-title"
        data-testid="dialog"
        ref={box}
        onKeyDown={(event) => trapFocus(event, box.current)}
      >
        <h2 id="dialog-title">{title}</h2>
        <div className="dialog-body">{children}</div>
        <label className="field">
          <span>{m.dialog.reason}</span>
          <textarea
            ref={input}
            rows={3}
            maxLength={500}
            value={reason}
            placeholder={placeholder}
            onChange={(event) => setReason(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
            }}
            data-testid="dialog-reason"
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose} disabled={working} data-testid="dialog-cancel">
            {m.cancel}
          </button>
          <button type="button" className={`btn ${danger ? 'danger' : 'primary'}`} onClick={submit} disabled={working} data-testid="dialog-confirm">
            {working ? m.working : confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}

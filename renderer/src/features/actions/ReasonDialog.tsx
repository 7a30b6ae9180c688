/** A confirmation that needs a reason (it lands in the audit log). No window.prompt: Electron has none. */
import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface ReasonDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  placeholder?: string;
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
}

export function ReasonDialog({ title, children, confirmLabel, danger, placeholder, onConfirm, onClose }: ReasonDialogProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    input.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const submit = () => {
    if (!reason.trim()) {
      setError('A reason is required: it is written to the audit log.');
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
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" data-testid="dialog">
        <h2 id="dialog-title">{title}</h2>
        <div className="dialog-body">{children}</div>
        <label className="field">
          <span>Reason (audited)</span>
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
            Cancel
          </button>
          <button type="button" className={`btn ${danger ? 'danger' : 'primary'}`} onClick={submit} disabled={working} data-testid="dialog-confirm">
            {working ? 'Working…' : confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}

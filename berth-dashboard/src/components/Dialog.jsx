// A modal dialog on the native <dialog> element: focus is trapped, Escape closes, the backdrop dims the page.
import { useEffect, useRef } from 'preact/hooks';

export function Dialog({ open, onClose, title, testid, children, wide = false }) {
  const ref = useRef(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const onCancel = (e) => { e.preventDefault(); onClose && onClose(); };
  const onClick = (e) => { if (e.target === ref.current) onClose && onClose(); };
  return (
    <dialog ref={ref} class="dialog" data-testid={testid} onCancel={onCancel} onClick={onClick}
            aria-labelledby={testid ? `${testid}-title` : undefined} style={wide ? { width: 'min(760px, calc(100vw - 24px))' } : undefined}>
      {open && (
        <div class="dialog-inner">
          {title && <h2 id={testid ? `${testid}-title` : undefined}>{title}</h2>}
          {children}
        </div>
      )}
    </dialog>
  );
}

/** A yes/no question; resolves through onConfirm. */
export function ConfirmDialog({ open, title, message, confirmLabel = 'Confirm', danger = true, busy, error, onConfirm, onClose, children }) {
  return (
    <Dialog open={open} onClose={onClose} title={title} testid="confirm-dialog">
      {message && <p style={{ margin: 0 }}>{message}</p>}
      {children}
      {error && <p class="error-message" role="alert" data-testid="error-message">{error}</p>}
      <div class="dialog-actions">
        <button type="button" onClick={onClose} data-testid="confirm-cancel">Cancel</button>
        <button type="button" class={danger ? 'primary danger-primary' : 'primary'} disabled={busy} onClick={onConfirm}
                data-testid="confirm-ok">{confirmLabel}</button>
      </div>
    </Dialog>
  );
}

// The page's message area: toast.error(...) / toast.info(...) / toast.ok(...) from anywhere; errors stay until
// dismissed, others fade after a few seconds.
import { useEffect, useState } from 'preact/hooks';

let nextId = 1;
let items = [];
const subscribers = new Set();

function publish() { for (const s of subscribers) s(items); }

function push(kind, message, ms) {
  const id = nextId++;
  const text = message instanceof Error ? message.message : String(message);
  items = [...items.slice(-4), { id, kind, text }];
  publish();
  if (ms) setTimeout(() => dismiss(id), ms);
  return id;
}

export function dismiss(id) {
  items = items.filter((t) => t.id !== id);
  publish();
}

export const toast = {
  error: (m) => push('error', m, 0),
  info: (m) => push('info', m, 4000),
  ok: (m) => push('ok', m, 3000),
};

export function Toasts() {
  const [list, setList] = useState(items);
  useEffect(() => { subscribers.add(setList); return () => subscribers.delete(setList); }, []);
  return (
    <div class="toasts" aria-live="polite">
      {list.map((t) => (
        <div key={t.id} class={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}
             data-testid={t.kind === 'error' ? 'error-message' : 'toast'}>
          <p>{t.text}</p>
          <button class="icon small" aria-label="Dismiss" data-testid="toast-dismiss" onClick={() => dismiss(t.id)}>×</button>
        </div>
      ))}
    </div>
  );
}

/** An inline error box (inside dialogs and panels). */
export function ErrorMessage({ error, testid = 'error-message' }) {
  if (!error) return null;
  return <p class="error-message" role="alert" data-testid={testid}>{error instanceof Error ? error.message : String(error)}</p>;
}

// Pieces of a container shown on both the list and its own page.
import { useState } from 'preact/hooks';
import { ACTIONS, actionsFor, publishedPorts } from '../lib/containers.js';
import { toast } from './Toast.jsx';
import { ConfirmDialog } from './Dialog.jsx';
import { Icon } from './Icon.jsx';

export function Status({ status }) {
  return (
    <span class={`status ${status.state}`} data-testid="container-status" data-state={status.state}>
      <span class="dot" aria-hidden="true" />{status.label}
    </span>
  );
}

export function PortLinks({ container, none = <span class="muted">—</span> }) {
  const ports = publishedPorts(container);
  if (ports.length === 0) return none;
  return (
    <span style={{ display: 'inline-flex', gap: 8, flexWrap: 'wrap' }}>
      {ports.map((p) => (p.type === 'tcp'
        ? <a key={p.host} href={`http://127.0.0.1:${p.host}/`} target="_blank" rel="noopener noreferrer" data-testid="port-link"
             title={`Open port ${p.host} (container port ${p.container})`}>{p.host}:{p.container}</a>
        : <span key={`${p.host}/${p.type}`} class="mono">{p.host}:{p.container}/{p.type}</span>))}
    </span>
  );
}

/**
 * The buttons for a container's state. `onDone(action)` runs after an action succeeded (a removal navigates away
 * on the container's own page); the events stream refreshes the state itself.
 */
export function ActionButtons({ id, name, state, small = false, onDone, exclude = [] }) {
  const [busy, setBusy] = useState(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState(null);
  const run = async (action) => {
    setBusy(action);
    setError(null);
    try {
      await ACTIONS[action].run(id);
      setConfirming(false);
      onDone && onDone(action);
    } catch (err) {
      if (action === 'remove') setError(err.message);
      else toast.error(`${ACTIONS[action].label} ${name}: ${err.message}`);
    } finally {
      setBusy(null);
    }
  };
  const actions = actionsFor(state).filter((a) => !exclude.includes(a));
  return (
    <>
      {actions.map((a) => (
        <button key={a} type="button" class={`${small ? 'small icon' : ''} ${a === 'remove' ? 'danger' : ''}`} disabled={!!busy}
                data-testid={`action-${a}`} aria-label={`${ACTIONS[a].label} ${name}`} title={ACTIONS[a].label}
                onClick={() => (a === 'remove' ? setConfirming(true) : run(a))}>
          {busy === a ? <span aria-hidden="true" style={{ width: 14, textAlign: 'center' }}>…</span> : <Icon name={a} />}{!small && ACTIONS[a].label}
        </button>
      ))}
      {confirming && (
        <ConfirmDialog open title={`Remove ${name}?`} confirmLabel={state === 'running' || state === 'paused' ? 'Stop and remove' : 'Remove'}
                       message="Its writable layer goes with it; named volumes stay." busy={busy === 'remove'} error={error}
                       onConfirm={() => run('remove')} onClose={() => { setConfirming(false); setError(null); }} />
      )}
    </>
  );
}

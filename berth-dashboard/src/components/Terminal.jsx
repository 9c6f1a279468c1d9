// The in-browser terminal: xterm.js over /ws/exec/{execId}. Binary frames carry the terminal's bytes both ways,
// text frames JSON control messages (resize from here, exit from berthd). xterm.js is loaded only when a terminal
// opens, so the rest of the page does not wait for it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { wsUrl } from '../lib/api.js';
import { execFor, forgetExec } from '../lib/exec.js';
import { ErrorMessage } from './Toast.jsx';

const THEME = { background: '#0b0f14', foreground: '#e6edf3', cursor: '#e6edf3', selectionBackground: '#264f78' };

export function Terminal({ containerId, running }) {
  const host = useRef(null);
  const [state, setState] = useState('idle'); // idle connecting connected exited closed
  const [error, setError] = useState(null);
  const [session, setSession] = useState({ n: 0, fresh: false });
  const [exitCode, setExitCode] = useState(null);

  useEffect(() => {
    if (!running) return undefined;
    let disposed = false;
    let ws = null;
    let term = null;
    let ro = null;
    (async () => {
      setState('connecting');
      setError(null);
      setExitCode(null);
      try {
        const [{ Terminal: XTerm }, { FitAddon }] = await Promise.all([
          import('@xterm/xterm'), import('@xterm/addon-fit'), import('@xterm/xterm/css/xterm.css'),
        ]);
        if (disposed) return;
        const exec = await execFor(containerId, { fresh: session.fresh });
        if (disposed) return;
        term = new XTerm({ cursorBlink: true, fontSize: 13, theme: THEME, scrollback: 5000, convertEol: false,
          fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace' });
        const fit = new FitAddon();
        term.loadAddon(fit);
        term.open(host.current);
        fit.fit();
        const encoder = new TextEncoder();
        ws = new WebSocket(wsUrl(`/ws/exec/${exec.id}`));
        ws.binaryType = 'arraybuffer';
        const sendResize = () => {
          if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
        };
        ws.onopen = () => { setState('connected'); sendResize(); term.focus(); };
        ws.onmessage = (e) => {
          if (typeof e.data === 'string') {
            let msg = null;
            try { msg = JSON.parse(e.data); } catch { return; }
            if (msg.type === 'exit') {
              forgetExec(containerId);
              setExitCode(msg.code);
              setState('exited');
              term.write(`\r\n\x1b[2m[the shell ended with code ${msg.code}]\x1b[0m\r\n`);
            }
            return;
          }
          term.write(new Uint8Array(e.data));
        };
        ws.onclose = (e) => {
          setState((s) => (s === 'exited' ? s : 'closed'));
          if (e.code !== 1000 && e.code !== 1005 && e.reason) setError(`the terminal connection closed: ${e.reason}`);
        };
        ws.onerror = () => setError('the terminal connection failed (is the session still valid?)');
        term.onData((d) => { if (ws.readyState === WebSocket.OPEN) ws.send(encoder.encode(d)); });
        term.onBinary((d) => {
          if (ws.readyState !== WebSocket.OPEN) return;
          const b = new Uint8Array(d.length);
          for (let i = 0; i < d.length; i++) b[i] = d.charCodeAt(i) & 0xff;
          ws.send(b);
        });
        term.onResize(sendResize);
        ro = new ResizeObserver(() => { try { fit.fit(); } catch { /* hidden */ } });
        ro.observe(host.current);
      } catch (err) {
        if (!disposed) { setError(err.message); setState('closed'); }
      }
    })();
    return () => {
      disposed = true;
      if (ro) ro.disconnect();
      if (ws) ws.close(1000);
      if (term) term.dispose();
    };
  }, [containerId, running, session.n]);

  if (!running) {
    return <p class="muted" data-testid="terminal-status" data-state="not-running">The container is not running: start it to open a terminal.</p>;
  }
  const label = { idle: '', connecting: 'Connecting…', connected: 'Connected', exited: `Ended (${exitCode})`, closed: 'Disconnected' }[state];
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8, flex: 1, minHeight: 0 }}>
      <div class="toolbar">
        <span class="status" data-testid="terminal-status" data-state={state}>
          <span class={`dot ${state === 'connected' ? 'ok' : state === 'connecting' ? 'warn' : ''}`} />{label}
        </span>
        <span class="muted">sh in the container; reloading the page keeps this shell</span>
        <span style={{ marginLeft: 'auto' }} />
        {(state === 'closed') && (
          <button type="button" class="small" data-testid="terminal-reconnect" onClick={() => setSession((s) => ({ n: s.n + 1, fresh: false }))}>Reconnect</button>
        )}
        <button type="button" class="small" data-testid="terminal-new" onClick={() => setSession((s) => ({ n: s.n + 1, fresh: true }))}>New shell</button>
      </div>
      <ErrorMessage error={error} />
      <div class="terminal-wrap"><div ref={host} data-testid="terminal" aria-label="Terminal" /></div>
    </div>
  );
}

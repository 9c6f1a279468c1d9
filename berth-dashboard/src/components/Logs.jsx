// A container's live logs: streamed with follow, stdout and stderr told apart, search, download. The buffer keeps
// the last MAX_LINES lines and only the lines in view are in the DOM, so a container printing 100 MB keeps the
// page responsive; updates are applied once per animation frame.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { readLogs } from '../lib/logstream.js';
import { useEvents } from '../lib/events.js';
import { ErrorMessage } from './Toast.jsx';

export const MAX_LINES = 20000;
const LINE_HEIGHT = 18;
const TAIL = 5000;

function Highlight({ text, q }) {
  if (!q) return text;
  const parts = [];
  const lower = text.toLowerCase();
  let i = 0;
  let at;
  while ((at = lower.indexOf(q, i)) >= 0 && parts.length < 40) {
    parts.push(text.slice(i, at), <mark>{text.slice(at, at + q.length)}</mark>);
    i = at + q.length;
  }
  parts.push(text.slice(i));
  return parts;
}

export function Logs({ id, name, tty, running }) {
  const buffer = useRef([]);
  const dropped = useRef(0);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState(null);
  const [follow, setFollow] = useState(true);
  const [query, setQuery] = useState('');
  const [onlyMatches, setOnlyMatches] = useState(false);
  const [streamState, setStreamState] = useState('loading');
  const [generation, setGeneration] = useState(0);
  const scroller = useRef(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(400);
  const since = useRef(null);

  // one stream per generation: the first reads the last TAIL lines and follows; after the container stopped and
  // started again, the next one follows from where the last one ended
  useEffect(() => {
    const ctl = new AbortController();
    let frame = null;
    const pending = [];
    const flush = () => {
      frame = null;
      const buf = buffer.current;
      for (const l of pending) buf.push(l);
      pending.length = 0;
      if (buf.length > MAX_LINES * 1.1) {
        const cut = buf.length - MAX_LINES;
        buf.splice(0, cut);
        dropped.current += cut;
      }
      setVersion((v) => v + 1);
    };
    const query = { stdout: 1, stderr: 1, follow: 1 };
    if (since.current) query.since = since.current; else query.tail = TAIL;
    setStreamState('streaming');
    api.get(`/containers/${id}/logs`, { query, raw: true, signal: ctl.signal })
      .then((res) => readLogs(res, tty, (lines) => {
        for (const l of lines) pending.push(l);
        if (!frame) frame = requestAnimationFrame(flush);
      }))
      .then(() => { since.current = String(Math.floor(Date.now() / 1000)); setStreamState('ended'); })
      .catch((err) => { if (err.name !== 'AbortError') { setError(err.message); setStreamState('ended'); } });
    return () => { ctl.abort(); if (frame) cancelAnimationFrame(frame); };
  }, [id, tty, generation]);

  useEvents((ev) => ev.Type === 'container' && ev.Actor && ev.Actor.ID && ev.Actor.ID.startsWith(id) && (ev.Action === 'start' || ev.Action === 'restart'),
    () => { if (streamState === 'ended') setGeneration((g) => g + 1); }, 100);
  useEffect(() => { if (running && streamState === 'ended') setGeneration((g) => g + 1); }, [running]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return undefined;
    const ro = new ResizeObserver(() => setViewHeight(el.clientHeight || 400));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const q = query.trim().toLowerCase();
  const all = buffer.current;
  const matches = useMemo(() => {
    if (!q) return null;
    const idx = [];
    for (let i = 0; i < all.length; i++) if (all[i].text.toLowerCase().includes(q)) idx.push(i);
    return idx;
  }, [q, version]);
  const visible = onlyMatches && matches ? matches.map((i) => all[i]) : all;
  const [cursor, setCursor] = useState(-1); // which match is in view, counted from the newest

  const jumpTo = (n) => {
    if (!matches || matches.length === 0 || onlyMatches) return;
    const k = ((n % matches.length) + matches.length) % matches.length;
    setCursor(k);
    setFollow(false);
    const el = scroller.current;
    const line = matches[matches.length - 1 - k];
    if (el) el.scrollTop = Math.max(0, (line + 1) * LINE_HEIGHT - el.clientHeight / 2);
  };
  // a new search shows its newest match
  const anyMatch = !!(matches && matches.length);
  useEffect(() => { setCursor(-1); if (q && anyMatch) jumpTo(0); }, [q, anyMatch]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [version, follow, onlyMatches]);

  const onScroll = (e) => {
    const el = e.currentTarget;
    setScrollTop(el.scrollTop);
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < LINE_HEIGHT * 2;
    if (follow && !atBottom) setFollow(false);
    else if (!follow && atBottom && e.isTrusted) setFollow(true);
  };

  const download = async () => {
    try {
      const res = await api.get(`/containers/${id}/logs`, { query: { stdout: 1, stderr: 1, timestamps: 1 }, raw: true });
      const parts = [];
      await readLogs(res, tty, (lines) => { parts.push(lines.map((l) => l.text).join('\n') + '\n'); });
      const url = URL.createObjectURL(new Blob(parts, { type: 'text/plain' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${name || id}.log`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) { setError(err.message); }
  };

  const first = Math.max(0, Math.floor(scrollTop / LINE_HEIGHT) - 20);
  const last = Math.min(visible.length, Math.ceil((scrollTop + viewHeight) / LINE_HEIGHT) + 20);
  const matchSet = matches && !onlyMatches ? new Set(matches) : null;
  const current = matches && cursor >= 0 && !onlyMatches ? matches[matches.length - 1 - cursor] : -1;

  return (
    <div class="logs" data-testid="logs">
      <div class="toolbar">
        <input type="search" class="grow" placeholder="Search the logs" value={query} aria-label="Search the logs"
               data-testid="logs-search" onInput={(e) => setQuery(e.currentTarget.value)}
               onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); jumpTo(cursor + (e.shiftKey ? -1 : 1)); } }} />
        {matches && matches.length > 0 && !onlyMatches && (
          <>
            <button type="button" class="small icon" aria-label="Older match" title="Older match (Enter)" data-testid="logs-match-older" onClick={() => jumpTo(cursor + 1)}>↑</button>
            <button type="button" class="small icon" aria-label="Newer match" title="Newer match (Shift+Enter)" data-testid="logs-match-newer" onClick={() => jumpTo(cursor - 1)}>↓</button>
          </>
        )}
        {matches && <span class="muted" data-testid="logs-match-count">{cursor >= 0 && matches.length ? `${cursor + 1} of ` : ''}{matches.length} match{matches.length === 1 ? '' : 'es'}</span>}
        <label class="toolbar" style={{ gap: 4, fontWeight: 400 }}>
          <input type="checkbox" checked={onlyMatches} onChange={(e) => setOnlyMatches(e.currentTarget.checked)} data-testid="logs-only-matches" /> only matching
        </label>
        <label class="toolbar" style={{ gap: 4, fontWeight: 400 }}>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} data-testid="logs-follow" /> follow
        </label>
        <button type="button" class="small" onClick={download} data-testid="logs-download">Download</button>
        <button type="button" class="small" onClick={() => { buffer.current = []; dropped.current = 0; setVersion((v) => v + 1); }} data-testid="logs-clear">Clear</button>
      </div>
      <ErrorMessage error={error} />
      <div class="log-scroll" ref={scroller} onScroll={onScroll} data-testid="logs-view" tabIndex={0} role="log"
           aria-label={`Logs of ${name}`} data-lines={all.length} data-stream={streamState}>
        {dropped.current > 0 && !onlyMatches && (
          <div class="log-line muted" style={{ position: 'absolute', top: 0 }}>… {dropped.current} earlier lines left out (download has them all)</div>
        )}
        <div style={{ height: `${(visible.length + 1) * LINE_HEIGHT}px`, position: 'relative' }}>
          {visible.slice(first, last).map((l, i) => {
            const index = first + i;
            return (
              <div key={index} class={`log-line${l.err ? ' stderr' : ''}${matchSet && matchSet.has(index) ? ' hit' : ''}${index === current ? ' current' : ''}`}
                   data-testid={l.err ? 'log-line-stderr' : 'log-line'}
                   style={{ position: 'absolute', top: `${(index + 1) * LINE_HEIGHT}px`, left: 0, right: 0 }}>
                <Highlight text={l.text} q={q} />
              </div>
            );
          })}
        </div>
        {all.length === 0 && <div class="log-line muted" style={{ position: 'absolute', top: 0 }}>{streamState === 'loading' ? 'Loading…' : 'No output yet.'}</div>}
      </div>
    </div>
  );
}

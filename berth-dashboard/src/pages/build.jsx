// Build: a folder (its files packed into a tar here in the page) or a single Dockerfile, tags and build arguments,
// then POST /build and its step-by-step log as it streams. The daemon applies .dockerignore, as for `docker build`.
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { API, request } from '../lib/api.js';
import { bytes, shortId } from '../lib/format.js';
import { Link } from '../lib/router.js';
import { tarBlob } from '../lib/tar.js';
import { emptyBuild, finishBuild, foldBuild } from '../lib/buildlog.js';
import { ErrorMessage, toast } from '../components/Toast.jsx';
import '../more.css';

export const route = { path: '/build', title: 'Build', nav: { id: 'build', label: 'Build', icon: 'build', order: 40 } };

const LARGE = 200 * 1000 * 1000; // a context this big is worth a second thought (node_modules, build output)

/** The chosen folder's files, relative to the folder itself (webkitRelativePath starts with the folder's name). */
export function contextEntries(files) {
  return [...files].map((f) => {
    const rel = f.webkitRelativePath || f.name;
    return { path: rel.includes('/') ? rel.slice(rel.indexOf('/') + 1) : rel, data: f };
  }).filter((e) => e.path);
}

/** "a, b c" → ["a", "b", "c"]; "KEY=v" lines → {KEY: "v"}. */
export function splitTags(text) {
  return text.split(/[\s,]+/).map((t) => t.trim()).filter(Boolean);
}

export function parseArgs(text) {
  const out = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const i = line.indexOf('=');
    if (i <= 0) throw new Error(`a build argument is NAME=value: "${line}"`);
    out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

function Steps({ build }) {
  if (build.steps.length === 0) return null;
  const icon = { done: '✓', running: '…', failed: '✗' };
  return (
    <ol class="steps panel panel-pad" data-testid="build-steps" aria-label="Steps">
      {build.steps.map((s) => (
        <li key={s.n} data-testid="build-step" data-state={s.state}>
          <span class={s.state === 'failed' ? 'kind-2' : s.state === 'done' ? 'kind-1' : 'muted'} aria-label={s.state}>{icon[s.state]}</span>
          <span class="muted">{s.n}/{build.total}</span>
          <span class="mono" title={s.instruction}>{s.instruction}</span>
        </li>
      ))}
    </ol>
  );
}

export default function BuildPage() {
  const [files, setFiles] = useState(null); // the folder's entries
  const [folder, setFolder] = useState('');
  const [dockerfile, setDockerfile] = useState('Dockerfile'); // path inside the folder
  const [text, setText] = useState(''); // a single Dockerfile's text (editable)
  const [tags, setTags] = useState('');
  const [args, setArgs] = useState('');
  const [target, setTarget] = useState('');
  const [noCache, setNoCache] = useState(false);
  const [build, setBuild] = useState(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState(null);
  const abort = useRef(null);
  const log = useRef(null);
  const stick = useRef(true);

  useEffect(() => () => abort.current && abort.current.abort(), []);
  useEffect(() => { if (log.current && stick.current) log.current.scrollTop = log.current.scrollHeight; }, [build]);

  const pickFolder = (e) => {
    const entries = contextEntries(e.currentTarget.files || []);
    if (entries.length === 0) return;
    const first = e.currentTarget.files[0].webkitRelativePath || '';
    setFolder(first.split('/')[0]);
    setFiles(entries);
    setText('');
    const names = entries.map((x) => x.path);
    if (!names.includes(dockerfile)) setDockerfile(names.find((n) => /(^|\/)(Dockerfile|Containerfile)$/.test(n)) || 'Dockerfile');
    setError(null);
  };
  const pickFile = async (e) => {
    const f = e.currentTarget.files && e.currentTarget.files[0];
    if (!f) return;
    setText(await f.text());
    setFiles(null);
    setFolder('');
    setError(null);
  };

  const size = files ? files.reduce((n, f) => n + f.data.size, 0) : 0;
  const candidates = files ? files.map((f) => f.path).filter((p) => /dockerfile|containerfile/i.test(p)) : [];

  const start = async (e) => {
    e.preventDefault();
    setError(null);
    let body;
    const q = new URLSearchParams();
    try {
      if (files) {
        if (!files.some((f) => f.path === dockerfile)) throw new Error(`the folder has no ${dockerfile}`);
        body = tarBlob(files);
        q.set('dockerfile', dockerfile);
      } else {
        if (!text.trim()) throw new Error('choose a folder or a Dockerfile, or write one');
        body = tarBlob([{ path: 'Dockerfile', data: new TextEncoder().encode(text) }]);
      }
      for (const t of splitTags(tags)) q.append('t', t);
      const a = parseArgs(args);
      if (Object.keys(a).length) q.set('buildargs', JSON.stringify(a));
      if (target.trim()) q.set('target', target.trim());
      if (noCache) q.set('nocache', '1');
      q.set('rm', '1');
    } catch (err) { setError(err.message); return; }

    const ctl = new AbortController();
    abort.current = ctl;
    let state = emptyBuild();
    setBuild({ ...state });
    setRunning(true);
    stick.current = true;
    try {
      const res = await request('POST', `${API}/build?${q}`, { body, headers: { 'Content-Type': 'application/x-tar' }, signal: ctl.signal, raw: true });
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffered = '';
      let pending = false;
      const flush = () => { pending = false; setBuild({ ...state }); };
      const take = (line) => {
        if (!line.trim()) return;
        let msg;
        try { msg = JSON.parse(line); } catch { return; }
        state = foldBuild(state, msg);
        // one render per frame at most: a build can print thousands of lines a second
        if (!pending) { pending = true; requestAnimationFrame(flush); }
      };
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        let nl;
        while ((nl = buffered.indexOf('\n')) >= 0) { take(buffered.slice(0, nl)); buffered = buffered.slice(nl + 1); }
      }
      take(buffered + decoder.decode());
      state = finishBuild(state);
      setBuild({ ...state });
      if (state.error) setError(state.error);
      else toast.ok(`Built ${shortId(state.id || '')}${splitTags(tags).length ? ` as ${splitTags(tags).join(', ')}` : ''}`);
    } catch (err) {
      if (err.name === 'AbortError') {
        state.error = 'cancelled';
        for (const s of state.steps) if (s.state === 'running') s.state = 'failed';
        setBuild({ ...state });
      } else setError(err.message);
    } finally {
      setRunning(false);
      abort.current = null;
    }
  };

  const built = build && !running && !build.error && build.id;
  return (
    <div class="page" data-testid="page-build">
      <div class="page-head"><h1>Build an image</h1></div>
      <form class="panel panel-pad" style={{ display: 'flex', flexDirection: 'column', gap: 12 }} onSubmit={start} data-testid="build-form">
        <div class="sources">
          <label class="button file-button">
            Choose a folder…
            <input type="file" webkitdirectory={true} multiple onChange={pickFolder} data-testid="build-folder" aria-label="Build context folder" />
          </label>
          <label class="button file-button">
            Choose a Dockerfile…
            <input type="file" onChange={pickFile} data-testid="build-file" aria-label="A single Dockerfile" />
          </label>
          <span class="muted" data-testid="build-source">
            {files ? `${folder}/: ${files.length} files, ${bytes(size)}` : text ? 'a single Dockerfile (no other files to COPY)' : 'or write a Dockerfile below'}
          </span>
        </div>
        {files && size > LARGE && <p class="muted" style={{ margin: 0 }}>That is a large context: a .dockerignore in the folder keeps what the build does not need out of the image, but the page still sends it all.</p>}
        {files ? (
          <div class="field">
            <label for="build-dockerfile">Dockerfile in the folder</label>
            <input id="build-dockerfile" list="build-dockerfiles" value={dockerfile} data-testid="build-dockerfile"
                   onInput={(e) => setDockerfile(e.currentTarget.value)} />
            <datalist id="build-dockerfiles">{candidates.map((c) => <option key={c} value={c} />)}</datalist>
          </div>
        ) : (
          <div class="field">
            <label for="build-text">Dockerfile</label>
            <textarea id="build-text" rows="6" value={text} data-testid="build-text" spellcheck={false}
                      placeholder={'FROM busybox\nRUN echo hello > /hello\nCMD ["cat", "/hello"]'} onInput={(e) => setText(e.currentTarget.value)} />
          </div>
        )}
        <div class="grid2" style={{ gap: 10 }}>
          <div class="field">
            <label for="build-tags">Tags</label>
            <input id="build-tags" value={tags} placeholder="myapp:1 localhost:5000/myapp:1" data-testid="build-tags"
                   onInput={(e) => setTags(e.currentTarget.value)} autocomplete="off" />
          </div>
          <div class="field">
            <label for="build-target">Target stage</label>
            <input id="build-target" value={target} placeholder="the last one" data-testid="build-target" onInput={(e) => setTarget(e.currentTarget.value)} />
          </div>
        </div>
        <div class="field">
          <label for="build-args">Build arguments</label>
          <textarea id="build-args" rows="2" value={args} placeholder="VERSION=1.2" data-testid="build-args" onInput={(e) => setArgs(e.currentTarget.value)} />
        </div>
        <div class="toolbar">
          <label style={{ display: 'flex', gap: 8, alignItems: 'center', fontWeight: 400, marginRight: 'auto' }}>
            <input type="checkbox" checked={noCache} onChange={(e) => setNoCache(e.currentTarget.checked)} data-testid="build-nocache" /> Do not use the cache
          </label>
          {running && <button type="button" onClick={() => abort.current && abort.current.abort()} data-testid="build-cancel">Cancel</button>}
          <button type="submit" class="primary" disabled={running} data-testid="build-submit">{running ? 'Building…' : 'Build'}</button>
        </div>
      </form>
      <ErrorMessage error={error} />
      {built && (
        <p class="panel panel-pad" style={{ margin: 0 }} data-testid="build-done">
          Built <span class="mono">{shortId(build.id)}</span>
          {splitTags(tags).map((t) => <Fragment key={t}> · <Link href={`/images/${encodeURIComponent(t.includes(':', t.lastIndexOf('/') + 1) ? t : `${t}:latest`)}/layers`} data-testid="build-image-link">{t}</Link></Fragment>)}
          {splitTags(tags).length === 0 && <> · <Link href={`/images/${encodeURIComponent(build.id)}/layers`}>open the image</Link></>}
        </p>
      )}
      {build && <Steps build={build} />}
      {build && (
        <pre class="build-log" ref={log} data-testid="build-log" role="log" aria-live="off"
             onScroll={(e) => { const el = e.currentTarget; stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 20; }}>
          {build.dropped > 0 && <div class="log-line muted">… earlier lines dropped</div>}
          {build.lines.map((l, i) => <div key={i} class={`log-line ${l.kind === 'step' ? 'step' : l.kind === 'err' ? 'err' : l.kind === 'pull' ? 'muted' : ''}`}>{l.text || ' '}</div>)}
        </pre>
      )}
    </div>
  );
}

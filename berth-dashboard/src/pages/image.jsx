// An image's own page: what it runs (config summary), its history, its layers with the files each adds, changes and
// deletes (GET /images/{name}/layers, Berth's own), and the raw inspect JSON.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useEvents } from '../lib/events.js';
import { ago, bytes, shortId } from '../lib/format.js';
import { Link, navigate } from '../lib/router.js';
import { Table } from '../components/Table.jsx';
import { RunDialog } from '../components/RunDialog.jsx';
import { Icon } from '../components/Icon.jsx';
import { ErrorMessage } from '../components/Toast.jsx';
import '../more.css';

// links to this page name the tab, so that an address always ends in a word without a dot (busybox:1.36/layers)
export const route = { path: '/images/:name/:tab?', title: (p) => `Image ${p.name}` };

const TABS = [['layers', 'Layers and files'], ['history', 'History'], ['json', 'Raw JSON']];
const KINDS = { 0: ['C', 'changed'], 1: ['A', 'added'], 2: ['D', 'deleted'] };

function Summary({ img }) {
  const cfg = img.Config || {};
  // short facts share a row; commands, environment, labels and digests take a whole row each
  const item = (label, value, testid, wide = false) => (value
    ? <div data-testid={testid} class={wide ? 'wide' : undefined}><span class="label">{label}</span><span class="mono">{value}</span></div> : null);
  const list = (v) => (v && v.length ? JSON.stringify(v) : '');
  return (
    <div class="panel panel-pad summary-grid" data-testid="image-summary">
      {item('ID', shortId(img.Id), 'image-id')}
      {item('Size', bytes(img.Size))}
      {item('Created', img.Created ? `${new Date(img.Created).toLocaleString()}` : '')}
      {item('Platform', [img.Os, img.Architecture, img.Variant].filter(Boolean).join('/'))}
      {item('Working directory', cfg.WorkingDir)}
      {item('User', cfg.User)}
      {item('Ports', Object.keys(cfg.ExposedPorts || {}).join(', '))}
      {item('Volumes', Object.keys(cfg.Volumes || {}).join(', '))}
      {item('Entrypoint', list(cfg.Entrypoint), undefined, true)}
      {item('Command', list(cfg.Cmd), undefined, true)}
      {item('Environment', (cfg.Env || []).join('  '), undefined, true)}
      {item('Labels', Object.entries(cfg.Labels || {}).map(([k, v]) => `${k}=${v}`).join('  '), undefined, true)}
      {item('Digests', (img.RepoDigests || []).join('  '), undefined, true)}
    </div>
  );
}

function History({ name }) {
  const [rows, setRows] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => { api.get(`/images/${encodeURIComponent(name)}/history`).then(setRows, (e) => setError(e.message)); }, [name]);
  const columns = [
    { key: 'by', label: 'Created by', width: 'minmax(200px, 4fr)',
      render: (h) => <span class="mono" title={h.CreatedBy}>{(h.CreatedBy || '').replace(/^\/bin\/sh -c #\(nop\)\s*/, '') || <span class="muted">(imported)</span>}</span> },
    { key: 'created', label: 'Created', width: '120px', narrowHide: true, render: (h) => ago(h.Created) },
    { key: 'size', label: 'Size', width: '90px', render: (h) => bytes(h.Size) },
    { key: 'comment', label: 'Comment', width: 'minmax(80px, 1fr)', narrowHide: true, render: (h) => h.Comment },
  ];
  return (
    <>
      <ErrorMessage error={error} />
      <Table columns={columns} rows={rows || []} rowKey={(h) => `${h.Id}/${h.Created}/${h.CreatedBy}`} rowTestid="history-row"
             testid="image-history" label="History" empty={rows === null ? 'Loading…' : 'No history.'} />
    </>
  );
}

function counts(layer) {
  const c = [0, 0, 0];
  for (const ch of layer.Changes || []) c[ch.Kind] = (c[ch.Kind] || 0) + 1;
  return c;
}

function Layers({ name }) {
  const [layers, setLayers] = useState(null);
  const [error, setError] = useState(null);
  const [selected, setSelected] = useState(0);
  const [filter, setFilter] = useState('');
  const [kind, setKind] = useState('all');
  useEffect(() => {
    api.get(`/images/${encodeURIComponent(name)}/layers`).then((l) => {
      setLayers(l);
      // start on the newest layer that changed files: usually the one the user built
      const last = l.map((x, i) => [x, i]).reverse().find(([x]) => (x.Changes || []).length > 0);
      setSelected(last ? last[1] : 0);
    }, (e) => setError(e.message));
  }, [name]);

  const layer = layers && layers[selected];
  const files = useMemo(() => {
    if (!layer) return [];
    const f = filter.trim().toLowerCase();
    return (layer.Changes || []).filter((c) => (kind === 'all' || String(c.Kind) === kind) && (!f || c.Path.toLowerCase().includes(f)));
  }, [layer, filter, kind]);

  if (error) return <ErrorMessage error={error} />;
  if (!layers) return <p class="muted">Loading…</p>;
  const columns = [
    { key: 'kind', label: '', width: '28px',
      render: (c) => <span class={`kind kind-${c.Kind}`} title={KINDS[c.Kind][1]} data-kind={KINDS[c.Kind][1]}>{KINDS[c.Kind][0]}</span> },
    { key: 'path', label: 'Path', width: 'minmax(0, 1fr)', render: (c) => <span class="mono" title={c.Path}>{c.Path}</span> },
  ];
  return (
    <div class="grid2" style={{ alignItems: 'start' }}>
      <div class="layer-list" data-testid="image-layers" role="listbox" aria-label="Layers, oldest first">
        {layers.map((l, i) => {
          const [changed, added, deleted] = counts(l);
          return (
            <button key={l.DiffID} type="button" class="layer-item panel" role="option" aria-pressed={i === selected ? 'true' : 'false'}
                    aria-selected={i === selected ? 'true' : 'false'} data-testid="layer-row" onClick={() => setSelected(i)}>
              <span class="muted">#{i + 1}</span>
              <span style={{ minWidth: 0 }}>
                <span class="mono created-by" title={l.CreatedBy}>{l.CreatedBy ? l.CreatedBy.replace(/^\/bin\/sh -c\s*/, '') : '(imported)'}</span>
                <span class="muted mono" style={{ fontSize: 11.5 }}>{shortId(l.DiffID)}</span>
              </span>
              <span style={{ textAlign: 'right' }}>
                <span>{bytes(l.Size)}</span>
                <span class="counts">
                  <span class="kind-1" title="added">+{added}</span>
                  <span class="kind-0" title="changed">~{changed}</span>
                  <span class="kind-2" title="deleted">−{deleted}</span>
                </span>
              </span>
            </button>
          );
        })}
      </div>
      <div style={{ display: 'flex', flexDirection: 'column', gap: 8, minWidth: 0 }}>
        <div class="toolbar">
          <input class="grow" type="search" placeholder="Filter paths" value={filter} aria-label="Filter the layer's files"
                 data-testid="layer-filter" onInput={(e) => setFilter(e.currentTarget.value)} />
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value)} aria-label="Kind of change" data-testid="layer-kind">
            <option value="all">all changes</option><option value="1">added</option><option value="0">changed</option><option value="2">deleted</option>
          </select>
        </div>
        {layer && layer.Truncated && <p class="muted" data-testid="layer-truncated">This layer changes more files than the page lists (the first 10,000 are shown).</p>}
        <Table columns={columns} rows={files} rowKey={(c) => `${c.Kind}${c.Path}`} rowHeight={28} rowTestid="layer-file"
               testid="layer-files" label="Files of the layer" maxHeight="60vh"
               empty={layer && (layer.Changes || []).length === 0 ? 'This layer changes no files (metadata only).' : 'No file matches.'} />
      </div>
    </div>
  );
}

export default function ImagePage({ params }) {
  const { name } = params;
  const tab = TABS.some(([t]) => t === params.tab) ? params.tab : 'layers';
  const [img, setImg] = useState(null);
  const [error, setError] = useState(null);
  const [run, setRun] = useState(false);
  const load = async () => {
    try { setImg(await api.get(`/images/${encodeURIComponent(name)}/json`)); setError(null); } catch (e) { setError(e.message); }
  };
  useEffect(() => { setImg(null); load(); }, [name]);
  useEvents((ev) => ev.Type === 'image' && img && ev.Actor && ev.Actor.ID === img.Id, load, 300);

  const base = `/images/${encodeURIComponent(name)}`;
  return (
    <div class="page" data-testid="page-image">
      <div class="page-head">
        <h1 style={{ overflowWrap: 'anywhere' }} data-testid="image-name">{name}</h1>
        <Link href="/images" class="button">All images</Link>
        {img && <button class="primary" data-testid="run-button" onClick={() => setRun(true)}><Icon name="run" /> Run</button>}
      </div>
      <ErrorMessage error={error} />
      {img && (
        <>
          {(img.RepoTags || []).length > 1 && (
            <div class="toolbar muted">Also tagged {img.RepoTags.filter((t) => t !== name).map((t) => (
              <Link key={t} href={`/images/${encodeURIComponent(t)}/${tab}`} class="mono">{t}</Link>))}</div>
          )}
          <Summary img={img} />
          <nav class="tabs" role="tablist" aria-label="Image views">
            {TABS.map(([t, label]) => (
              <Link key={t} href={`${base}/${t}`} role="tab" aria-selected={t === tab ? 'true' : 'false'} data-testid={`image-tab-${t}`}>{label}</Link>
            ))}
          </nav>
          {tab === 'layers' && <Layers name={name} />}
          {tab === 'history' && <History name={name} />}
          {tab === 'json' && <pre class="json" data-testid="image-json">{JSON.stringify(img, null, 2)}</pre>}
          <RunDialog image={name} open={run} onClose={() => setRun(false)} />
        </>
      )}
      {error && !img && <p><button onClick={() => navigate('/images')}>Back to the images</button></p>}
    </div>
  );
}

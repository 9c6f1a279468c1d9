// Images: the local images (one row per tag), pull with per-layer progress, Run, tag, push, remove.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, streamJson, NO_AUTH } from '../lib/api.js';
import { useEvents } from '../lib/events.js';
import { ago, bytes, shortId } from '../lib/format.js';
import { emptyProgress, foldProgress, splitReference } from '../lib/pull.js';
import { Table } from '../components/Table.jsx';
import { Dialog, ConfirmDialog } from '../components/Dialog.jsx';
import { RunDialog } from '../components/RunDialog.jsx';
import { LayerProgress } from '../components/Progress.jsx';
import { ErrorMessage, toast } from '../components/Toast.jsx';
import { Link } from '../lib/router.js';
import { Icon } from '../components/Icon.jsx';

export const route = { path: '/images', title: 'Images', nav: { id: 'images', label: 'Images', icon: 'images', order: 20 } };

/** One row per repository:tag; an untagged image is one row "<none>". */
export function imageRows(images) {
  const rows = [];
  for (const img of images) {
    const tags = (img.RepoTags || []).filter((t) => t !== '<none>:<none>');
    const base = { id: img.Id, created: img.Created, size: img.Size, containers: img.Containers };
    if (tags.length === 0) {
      const digest = (img.RepoDigests || [])[0];
      rows.push({ ...base, key: img.Id, repository: digest ? digest.split('@')[0] : '<none>', tag: '<none>', ref: img.Id });
    }
    for (const t of tags) {
      const i = t.lastIndexOf(':');
      rows.push({ ...base, key: `${img.Id}/${t}`, repository: t.slice(0, i), tag: t.slice(i + 1), ref: t });
    }
  }
  return rows.sort((a, b) => a.repository.localeCompare(b.repository) || a.tag.localeCompare(b.tag, undefined, { numeric: true }));
}

function PullBar({ onPulled }) {
  const [name, setName] = useState('');
  const [state, setState] = useState(null);
  const [busy, setBusy] = useState(false);
  const pull = async (e) => {
    e.preventDefault();
    const ref = name.trim();
    if (!ref) return;
    setBusy(true);
    let s = emptyProgress();
    setState(s);
    try {
      await streamJson('POST', '/images/create', { query: splitReference(ref), headers: NO_AUTH }, (msg) => {
        s = foldProgress(s, msg);
        setState(s);
      });
      toast.ok(`Pulled ${ref}`);
      setName('');
      onPulled();
      setTimeout(() => setState((cur) => (cur === s ? null : cur)), 4000);
    } catch (err) {
      setState({ ...s, error: err.message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="toolbar" style={{ flexDirection: 'column', alignItems: 'stretch' }}>
      <form class="toolbar" onSubmit={pull} data-testid="pull-form">
        <input class="grow" value={name} placeholder="image to pull, e.g. busybox or localhost:5000/app:1" aria-label="Image to pull"
               data-testid="pull-name" onInput={(e) => setName(e.currentTarget.value)} autocomplete="off" spellcheck={false} />
        <button type="submit" class="primary" disabled={busy || !name.trim()} data-testid="pull-button">{busy ? 'Pulling…' : 'Pull'}</button>
      </form>
      {state && (state.layers.size > 0 || state.messages.length > 0) && <LayerProgress state={state} />}
      {state && state.error && <ErrorMessage error={state.error} />}
    </div>
  );
}

function TagDialog({ row, onClose }) {
  const [target, setTarget] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const { fromImage, tag } = splitReference(target);
    setBusy(true);
    try {
      await api.post(`/images/${encodeURIComponent(row.ref)}/tag`, undefined, { query: { repo: fromImage, tag } });
      toast.ok(`Tagged ${fromImage}:${tag}`);
      onClose();
    } catch (err) { setError(err.message); } finally { setBusy(false); }
  };
  return (
    <Dialog open onClose={onClose} title={`Tag ${row.ref.startsWith('sha256:') ? shortId(row.ref) : row.ref}`} testid="tag-dialog">
      <form onSubmit={submit} style={{ padding: 0 }}>
        <div class="field">
          <label for="tag-target">New name</label>
          <input id="tag-target" value={target} placeholder="localhost:5000/app:1" data-testid="tag-name" required
                 onInput={(e) => setTarget(e.currentTarget.value)} autocomplete="off" />
        </div>
        <ErrorMessage error={error} />
        <div class="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" class="primary" disabled={busy || !target.trim()} data-testid="tag-submit">Tag</button>
        </div>
      </form>
    </Dialog>
  );
}

function PushDialog({ row, onClose }) {
  const [state, setState] = useState(emptyProgress());
  const [error, setError] = useState(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    const { fromImage, tag } = splitReference(row.ref);
    let s = emptyProgress();
    const ctl = new AbortController();
    streamJson('POST', `/images/${encodeURIComponent(fromImage)}/push`, { query: { tag }, headers: NO_AUTH, signal: ctl.signal },
      (msg) => { s = foldProgress(s, msg); setState(s); })
      .then(() => { setDone(true); toast.ok(`Pushed ${row.ref}`); })
      .catch((err) => { if (err.name !== 'AbortError') setError(err.message); });
    return () => ctl.abort();
  }, [row.ref]);
  return (
    <Dialog open onClose={onClose} title={`Push ${row.ref}`} testid="push-dialog">
      <LayerProgress state={state} testid="push-progress" />
      <ErrorMessage error={error} />
      {done && <p class="muted" data-testid="push-done" style={{ margin: 0 }}>Pushed.</p>}
      <div class="dialog-actions"><button type="button" onClick={onClose} data-testid="push-close">Close</button></div>
    </Dialog>
  );
}

function RemoveDialog({ row, onClose }) {
  const [error, setError] = useState(null);
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const label = row.tag === '<none>' ? shortId(row.id) : row.ref;
  const confirm = async () => {
    setBusy(true);
    try {
      await api.del(`/images/${encodeURIComponent(row.ref)}`, { query: { force: force ? 1 : undefined } });
      toast.ok(`Removed ${label}`);
      onClose();
    } catch (err) { setError(err.message); } finally { setBusy(false); }
  };
  return (
    <ConfirmDialog open title={`Remove ${label}?`} confirmLabel="Remove" busy={busy} error={error} onConfirm={confirm} onClose={onClose}
                   message={row.tag === '<none>' ? 'The image and its layers go, unless other images share them.' : 'The tag goes; the image goes with its last tag.'}>
      <label style={{ display: 'flex', gap: 8, alignItems: 'center', fontWeight: 400 }}>
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.currentTarget.checked)} data-testid="remove-force" />
        Force (also when stopped containers use it)
      </label>
    </ConfirmDialog>
  );
}

export default function ImagesPage() {
  const [images, setImages] = useState(null);
  const [error, setError] = useState(null);
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState(null); // { kind: 'run'|'tag'|'push'|'remove', row }

  const load = async () => {
    try {
      setImages(await api.get('/images/json'));
      setError(null);
    } catch (err) { setError(err.message); }
  };
  useEffect(() => { load(); }, []);
  useEvents((ev) => ev.Type === 'image', load, 300);

  const rows = useMemo(() => {
    const all = imageRows(images || []);
    const f = filter.trim().toLowerCase();
    return f ? all.filter((r) => r.ref.toLowerCase().includes(f) || r.id.includes(f)) : all;
  }, [images, filter]);

  const columns = [
    { key: 'repository', label: 'Repository', width: 'minmax(80px, 2fr)',
      render: (r) => (r.repository === '<none>' ? <span class="muted">&lt;none&gt;</span>
        : <Link href={`/images/${encodeURIComponent(r.ref)}/layers`} data-testid="image-link" title={r.repository}>{r.repository}</Link>) },
    { key: 'tag', label: 'Tag', width: 'minmax(40px, 1fr)', render: (r) => <span data-testid="image-tag">{r.tag}</span> },
    { key: 'id', label: 'ID', width: '120px', narrowHide: true, render: (r) => <span class="mono" title={r.id}>{shortId(r.id)}</span> },
    { key: 'created', label: 'Created', width: '130px', narrowHide: true, render: (r) => <span title={new Date(r.created * 1000).toLocaleString()}>{ago(r.created)}</span> },
    { key: 'size', label: 'Size', width: '90px', render: (r) => bytes(r.size) },
    { key: 'actions', label: '', width: 'minmax(90px, 240px)', className: 'cell-actions',
      render: (r) => (
        <>
          <button class="small primary" data-testid="run-button" onClick={() => setDialog({ kind: 'run', row: r })} aria-label={`Run ${r.ref}`}><Icon name="run" size={12} />Run</button>
          <button class="small narrow-hide" data-testid="tag-button" onClick={() => setDialog({ kind: 'tag', row: r })} aria-label={`Tag ${r.ref}`}>Tag</button>
          <button class="small narrow-hide" data-testid="push-button" disabled={r.tag === '<none>'} onClick={() => setDialog({ kind: 'push', row: r })} aria-label={`Push ${r.ref}`}>Push</button>
          <button class="small icon danger" data-testid="image-remove" onClick={() => setDialog({ kind: 'remove', row: r })} aria-label={`Remove ${r.ref}`} title="Remove"><Icon name="remove" /></button>
        </>
      ) },
  ];

  const close = () => setDialog(null);
  return (
    <div class="page" data-testid="page-images">
      <div class="page-head">
        <h1>Images</h1>
        <span class="muted" data-testid="image-count">{images ? `${rows.length} of ${imageRows(images).length}` : ''}</span>
      </div>
      <PullBar onPulled={load} />
      <div class="toolbar">
        <input class="grow" type="search" placeholder="Filter by name or id" value={filter} aria-label="Filter images"
               data-testid="image-filter" onInput={(e) => setFilter(e.currentTarget.value)} />
      </div>
      <ErrorMessage error={error} />
      <Table columns={columns} rows={rows} rowKey={(r) => r.key} rowTestid="image-row" testid="image-table" label="Images"
             rowAttrs={(r) => ({ 'data-ref': r.ref, 'data-id': r.id })}
             empty={images === null ? 'Loading…' : 'No images. Pull one above.'} />
      <RunDialog image={dialog && dialog.kind === 'run' ? dialog.row.ref : ''} open={!!dialog && dialog.kind === 'run'} onClose={close} />
      {dialog && dialog.kind === 'tag' && <TagDialog row={dialog.row} onClose={close} />}
      {dialog && dialog.kind === 'push' && <PushDialog row={dialog.row} onClose={close} />}
      {dialog && dialog.kind === 'remove' && <RemoveDialog row={dialog.row} onClose={close} />}
    </div>
  );
}

// Volumes: list with who uses each, create, inspect, remove.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useEvents } from '../lib/events.js';
import { ago, isoToUnix } from '../lib/format.js';
import { parseLabels, useUsage } from '../lib/usage.js';
import { Table } from '../components/Table.jsx';
import { Dialog, ConfirmDialog } from '../components/Dialog.jsx';
import { ErrorMessage, toast } from '../components/Toast.jsx';
import { UsedBy } from '../components/UsedBy.jsx';

export const route = { path: '/volumes', title: 'Volumes', nav: { id: 'volumes', label: 'Volumes', icon: 'volumes', order: 50 } };

function CreateDialog({ onClose }) {
  const [name, setName] = useState('');
  const [driver, setDriver] = useState('local');
  const [labels, setLabels] = useState('');
  const [options, setOptions] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    try {
      const body = { Name: name.trim(), Driver: driver.trim() || 'local', Labels: parseLabels(labels), DriverOpts: parseLabels(options) };
      const v = await api.post('/volumes/create', body);
      toast.ok(`Created volume ${v.Name}`);
      onClose();
    } catch (err) { setError(err.message); } finally { setBusy(false); }
  };
  return (
    <Dialog open onClose={onClose} title="New volume" testid="volume-create-dialog">
      <form onSubmit={submit} style={{ padding: 0 }}>
        <div class="field">
          <label for="volume-name">Name</label>
          <input id="volume-name" value={name} placeholder="empty for a generated one" data-testid="volume-name" autocomplete="off"
                 onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="volume-driver">Driver</label>
          <input id="volume-driver" value={driver} data-testid="volume-driver" onInput={(e) => setDriver(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="volume-opts">Driver options</label>
          <textarea id="volume-opts" rows="2" value={options} placeholder="type=tmpfs&#10;device=tmpfs" data-testid="volume-opts"
                    onInput={(e) => setOptions(e.currentTarget.value)} />
          <span class="hint">One key=value a line, as <code>docker volume create -o</code>.</span>
        </div>
        <div class="field">
          <label for="volume-labels">Labels</label>
          <textarea id="volume-labels" rows="2" value={labels} placeholder="team=web" data-testid="volume-labels"
                    onInput={(e) => setLabels(e.currentTarget.value)} />
        </div>
        <ErrorMessage error={error} />
        <div class="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" class="primary" disabled={busy} data-testid="volume-create-submit">Create</button>
        </div>
      </form>
    </Dialog>
  );
}

function InspectDialog({ name, users, onClose }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api.get(`/volumes/${encodeURIComponent(name)}`).then(setData, (err) => setError(err.message));
  }, [name]);
  return (
    <Dialog open onClose={onClose} title={`Volume ${name}`} testid="volume-inspect-dialog" wide>
      <dl class="kv">
        <dt>Used by</dt><dd><UsedBy users={users} max={20} /></dd>
        {data && <><dt>Mountpoint</dt><dd class="mono">{data.Mountpoint}</dd></>}
      </dl>
      <ErrorMessage error={error} />
      {data && <pre class="json" data-testid="volume-json">{JSON.stringify(data, null, 2)}</pre>}
      <div class="dialog-actions"><button type="button" onClick={onClose} data-testid="inspect-close">Close</button></div>
    </Dialog>
  );
}

function RemoveDialog({ name, users, onClose }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await api.del(`/volumes/${encodeURIComponent(name)}`);
      toast.ok(`Removed volume ${name}`);
      onClose();
    } catch (err) { setError(err.message); } finally { setBusy(false); }
  };
  const inUse = users && users.length > 0;
  return (
    <ConfirmDialog open title={`Remove volume ${name}?`} confirmLabel="Remove" busy={busy} error={error} onConfirm={confirm} onClose={onClose}
                   message={inUse ? `Its data goes with it. ${users.length} container(s) use it: remove them first.` : 'Its data goes with it.'} />
  );
}

export default function VolumesPage() {
  const [volumes, setVolumes] = useState(null);
  const [error, setError] = useState(null);
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState(null); // { kind: 'create'|'inspect'|'remove', name }
  const usage = useUsage();

  const load = async () => {
    try {
      const r = await api.get('/volumes');
      setVolumes(r.Volumes || []);
      setError(null);
    } catch (err) { setError(err.message); }
  };
  useEffect(() => { load(); }, []);
  useEvents((ev) => ev.Type === 'volume' && ev.Action !== 'mount' && ev.Action !== 'unmount', load, 300);

  const rows = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const all = (volumes || []).slice().sort((a, b) => a.Name.localeCompare(b.Name));
    return f ? all.filter((v) => v.Name.toLowerCase().includes(f)) : all;
  }, [volumes, filter]);

  const columns = [
    { key: 'name', label: 'Name', width: 'minmax(140px, 2fr)',
      render: (v) => <button class="linklike mono" data-testid="volume-link" title={v.Name}
                             onClick={() => setDialog({ kind: 'inspect', name: v.Name })}>{v.Name}</button> },
    { key: 'driver', label: 'Driver', width: '80px', narrowHide: true, render: (v) => v.Driver },
    { key: 'used', label: 'Used by', width: 'minmax(120px, 2fr)', render: (v) => <UsedBy users={usage.volumes.get(v.Name)} /> },
    { key: 'created', label: 'Created', width: '120px', narrowHide: true,
      render: (v) => <span title={v.CreatedAt}>{ago(isoToUnix(v.CreatedAt))}</span> },
    { key: 'actions', label: '', width: '150px', className: 'cell-actions',
      render: (v) => (
        <>
          <button class="small narrow-hide" data-testid="volume-inspect" onClick={() => setDialog({ kind: 'inspect', name: v.Name })}
                  aria-label={`Inspect ${v.Name}`}>Inspect</button>
          <button class="small danger" data-testid="volume-remove" onClick={() => setDialog({ kind: 'remove', name: v.Name })}
                  aria-label={`Remove ${v.Name}`}>Remove</button>
        </>
      ) },
  ];

  const close = () => { setDialog(null); load(); };
  return (
    <div class="page" data-testid="page-volumes">
      <div class="page-head">
        <h1>Volumes</h1>
        <span class="muted" data-testid="volume-count">{volumes ? `${rows.length} of ${volumes.length}` : ''}</span>
        <button class="primary" data-testid="volume-create" onClick={() => setDialog({ kind: 'create' })}>+ New volume</button>
      </div>
      <div class="toolbar">
        <input class="grow" type="search" placeholder="Filter by name" value={filter} aria-label="Filter volumes"
               data-testid="volume-filter" onInput={(e) => setFilter(e.currentTarget.value)} />
      </div>
      <ErrorMessage error={error} />
      <Table columns={columns} rows={rows} rowKey={(v) => v.Name} rowTestid="volume-row" testid="volume-table" label="Volumes"
             rowAttrs={(v) => ({ 'data-name': v.Name })}
             empty={volumes === null ? 'Loading…' : 'No volumes. Containers create them with -v name:/path, or make one here.'} />
      {dialog && dialog.kind === 'create' && <CreateDialog onClose={close} />}
      {dialog && dialog.kind === 'inspect' && <InspectDialog name={dialog.name} users={usage.volumes.get(dialog.name)} onClose={() => setDialog(null)} />}
      {dialog && dialog.kind === 'remove' && <RemoveDialog name={dialog.name} users={usage.volumes.get(dialog.name)} onClose={close} />}
    </div>
  );
}

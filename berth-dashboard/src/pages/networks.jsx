// Networks: list with subnets and who is connected, create, inspect, remove.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useEvents } from '../lib/events.js';
import { ago, isoToUnix, shortId } from '../lib/format.js';
import { parseLabels, useUsage } from '../lib/usage.js';
import { Table } from '../components/Table.jsx';
import { Dialog, ConfirmDialog } from '../components/Dialog.jsx';
import { ErrorMessage, toast } from '../components/Toast.jsx';
import { UsedBy } from '../components/UsedBy.jsx';
import '../more.css';

export const route = { path: '/networks', title: 'Networks', nav: { id: 'networks', label: 'Networks', icon: 'networks', order: 60 } };

// the networks every daemon has; Docker refuses to remove them, so the page offers no Remove for them
const PREDEFINED = new Set(['bridge', 'host', 'none']);

function subnets(n) {
  return ((n.IPAM && n.IPAM.Config) || []).map((c) => c.Subnet).filter(Boolean);
}

function CreateDialog({ onClose }) {
  const [name, setName] = useState('');
  const [driver, setDriver] = useState('bridge');
  const [subnet, setSubnet] = useState('');
  const [gateway, setGateway] = useState('');
  const [internal, setInternal] = useState(false);
  const [labels, setLabels] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    try {
      const config = subnet.trim() ? [{ Subnet: subnet.trim(), ...(gateway.trim() ? { Gateway: gateway.trim() } : {}) }] : [];
      if (!subnet.trim() && gateway.trim()) throw new Error('a gateway needs a subnet');
      const body = { Name: name.trim(), Driver: driver, Internal: internal, CheckDuplicate: true,
        IPAM: { Driver: 'default', Config: config }, Labels: parseLabels(labels) };
      const r = await api.post('/networks/create', body);
      toast.ok(`Created network ${name.trim()} (${shortId(r.Id)})`);
      onClose();
    } catch (err) { setError(err.message); } finally { setBusy(false); }
  };
  return (
    <Dialog open onClose={onClose} title="New network" testid="network-create-dialog">
      <form onSubmit={submit} style={{ padding: 0 }}>
        <div class="field">
          <label for="network-name">Name</label>
          <input id="network-name" value={name} required data-testid="network-name" autocomplete="off"
                 onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="network-driver">Driver</label>
          <select id="network-driver" value={driver} data-testid="network-driver" onChange={(e) => setDriver(e.currentTarget.value)}>
            <option value="bridge">bridge</option>
          </select>
        </div>
        <div class="field-row">
          <div class="field" style={{ flex: 1 }}>
            <label for="network-subnet">Subnet</label>
            <input id="network-subnet" value={subnet} placeholder="automatic, e.g. 10.90.0.0/24" data-testid="network-subnet"
                   onInput={(e) => setSubnet(e.currentTarget.value)} />
          </div>
          <div class="field" style={{ flex: 1 }}>
            <label for="network-gateway">Gateway</label>
            <input id="network-gateway" value={gateway} placeholder="first address" data-testid="network-gateway"
                   onInput={(e) => setGateway(e.currentTarget.value)} />
          </div>
        </div>
        <label style={{ display: 'flex', gap: 8, alignItems: 'center', fontWeight: 400 }}>
          <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} data-testid="network-internal" />
          Internal (no way out to the host's networks)
        </label>
        <div class="field">
          <label for="network-labels">Labels</label>
          <textarea id="network-labels" rows="2" value={labels} placeholder="team=web" data-testid="network-labels"
                    onInput={(e) => setLabels(e.currentTarget.value)} />
        </div>
        <ErrorMessage error={error} />
        <div class="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" class="primary" disabled={busy || !name.trim()} data-testid="network-create-submit">Create</button>
        </div>
      </form>
    </Dialog>
  );
}

function InspectDialog({ id, name, onClose }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api.get(`/networks/${encodeURIComponent(id)}`).then(setData, (err) => setError(err.message));
  }, [id]);
  // inspect names the connected containers with their addresses: the page shows those, then the raw JSON
  const members = data ? Object.entries(data.Containers || {}) : [];
  return (
    <Dialog open onClose={onClose} title={`Network ${name}`} testid="network-inspect-dialog" wide>
      <ErrorMessage error={error} />
      {data && (
        <dl class="kv">
          <dt>ID</dt><dd class="mono">{data.Id}</dd>
          <dt>Driver</dt><dd>{data.Driver}{data.Internal ? ' (internal)' : ''}</dd>
          <dt>Subnet</dt><dd class="mono">{subnets(data).join(', ') || '—'}</dd>
          <dt>Containers</dt>
          <dd data-testid="network-members">{members.length === 0 ? <span class="muted">none</span>
            : members.map(([cid, m]) => <div key={cid}><span class="mono">{m.Name || shortId(cid)}</span> <span class="muted mono">{m.IPv4Address}</span></div>)}</dd>
        </dl>
      )}
      {data && <pre class="json" data-testid="network-json">{JSON.stringify(data, null, 2)}</pre>}
      <div class="dialog-actions"><button type="button" onClick={onClose} data-testid="inspect-close">Close</button></div>
    </Dialog>
  );
}

function RemoveDialog({ net, users, onClose }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await api.del(`/networks/${encodeURIComponent(net.Id)}`);
      toast.ok(`Removed network ${net.Name}`);
      onClose();
    } catch (err) { setError(err.message); } finally { setBusy(false); }
  };
  const inUse = users && users.length > 0;
  return (
    <ConfirmDialog open title={`Remove network ${net.Name}?`} confirmLabel="Remove" busy={busy} error={error} onConfirm={confirm} onClose={onClose}
                   message={inUse ? `${users.length} container(s) are connected to it: disconnect or remove them first.` : 'Its bridge and addresses go with it.'} />
  );
}

export default function NetworksPage() {
  const [networks, setNetworks] = useState(null);
  const [error, setError] = useState(null);
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState(null); // { kind: 'create'|'inspect'|'remove', net }
  const usage = useUsage();

  const load = async () => {
    try {
      setNetworks(await api.get('/networks'));
      setError(null);
    } catch (err) { setError(err.message); }
  };
  useEffect(() => { load(); }, []);
  useEvents((ev) => ev.Type === 'network' && (ev.Action === 'create' || ev.Action === 'destroy'), load, 300);

  const rows = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const all = (networks || []).slice().sort((a, b) => a.Name.localeCompare(b.Name));
    return f ? all.filter((n) => n.Name.toLowerCase().includes(f) || n.Id.startsWith(f)) : all;
  }, [networks, filter]);

  const columns = [
    { key: 'name', label: 'Name', width: 'minmax(120px, 2fr)',
      render: (n) => <button class="linklike" data-testid="network-link" title={n.Id}
                             onClick={() => setDialog({ kind: 'inspect', net: n })}>{n.Name}</button> },
    { key: 'id', label: 'ID', width: '120px', narrowHide: true, render: (n) => <span class="mono">{shortId(n.Id)}</span> },
    { key: 'driver', label: 'Driver', width: '80px', narrowHide: true, render: (n) => n.Driver + (n.Internal ? ' · internal' : '') },
    { key: 'subnet', label: 'Subnet', width: 'minmax(110px, 1fr)', narrowHide: true, render: (n) => <span class="mono">{subnets(n).join(', ') || '—'}</span> },
    { key: 'used', label: 'Containers', width: 'minmax(110px, 2fr)', render: (n) => <UsedBy users={usage.networks.get(n.Name)} /> },
    { key: 'created', label: 'Created', width: '110px', narrowHide: true, render: (n) => ago(isoToUnix(n.Created)) },
    { key: 'actions', label: '', width: '150px', className: 'cell-actions',
      render: (n) => (
        <>
          <button class="small narrow-hide" data-testid="network-inspect" onClick={() => setDialog({ kind: 'inspect', net: n })}
                  aria-label={`Inspect ${n.Name}`}>Inspect</button>
          <button class="small danger" data-testid="network-remove" disabled={PREDEFINED.has(n.Name)}
                  title={PREDEFINED.has(n.Name) ? 'Every daemon has this network' : 'Remove'}
                  onClick={() => setDialog({ kind: 'remove', net: n })} aria-label={`Remove ${n.Name}`}>Remove</button>
        </>
      ) },
  ];

  const close = () => { setDialog(null); load(); };
  return (
    <div class="page" data-testid="page-networks">
      <div class="page-head">
        <h1>Networks</h1>
        <span class="muted" data-testid="network-count">{networks ? `${rows.length} of ${networks.length}` : ''}</span>
        <button class="primary" data-testid="network-create" onClick={() => setDialog({ kind: 'create' })}>+ New network</button>
      </div>
      <div class="toolbar">
        <input class="grow" type="search" placeholder="Filter by name or id" value={filter} aria-label="Filter networks"
               data-testid="network-filter" onInput={(e) => setFilter(e.currentTarget.value)} />
      </div>
      <ErrorMessage error={error} />
      <Table columns={columns} rows={rows} rowKey={(n) => n.Id} rowTestid="network-row" testid="network-table" label="Networks"
             rowAttrs={(n) => ({ 'data-name': n.Name })} empty={networks === null ? 'Loading…' : 'No networks.'} />
      {dialog && dialog.kind === 'create' && <CreateDialog onClose={close} />}
      {dialog && dialog.kind === 'inspect' && <InspectDialog id={dialog.net.Id} name={dialog.net.Name} onClose={() => setDialog(null)} />}
      {dialog && dialog.kind === 'remove' && <RemoveDialog net={dialog.net} users={usage.networks.get(dialog.net.Name)} onClose={close} />}
    </div>
  );
}

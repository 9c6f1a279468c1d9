// Containers: every container with its state, ports as links, CPU and memory; search, state filter, actions and
// bulk actions. The list follows the events stream; CPU and memory come from /berth/stats every 5 s while visible.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useEvents } from '../lib/events.js';
import { useVisibleInterval } from '../lib/hooks.js';
import { bytes, containerName, percent, shortId } from '../lib/format.js';
import { ACTIONS, actionsFor, statusOf } from '../lib/containers.js';
import { Table } from '../components/Table.jsx';
import { ActionButtons, PortLinks, Status } from '../components/ContainerBits.jsx';
import { ConfirmDialog } from '../components/Dialog.jsx';
import { ErrorMessage, toast } from '../components/Toast.jsx';
import { Link } from '../lib/router.js';

export const route = { path: '/containers', title: 'Containers', nav: { id: 'containers', label: 'Containers', icon: 'containers', order: 10 } };

const STATES = ['all', 'running', 'paused', 'exited', 'created'];

function Bulk({ selected, containers, clear }) {
  const [confirm, setConfirm] = useState(false);
  const chosen = containers.filter((c) => selected.has(c.Id));
  const run = async (action) => {
    const targets = chosen.filter((c) => actionsFor(statusOf(c).state).includes(action));
    const failures = [];
    await Promise.all(targets.map((c) => ACTIONS[action].run(c.Id).catch((e) => failures.push(`${containerName(c)}: ${e.message}`))));
    if (failures.length) toast.error(`${ACTIONS[action].label} failed for ${failures.length}:\n${failures.join('\n')}`);
    else toast.ok(`${ACTIONS[action].label}: ${targets.length} container${targets.length === 1 ? '' : 's'}`);
    if (action === 'remove') clear();
  };
  const can = (a) => chosen.some((c) => actionsFor(statusOf(c).state).includes(a));
  if (chosen.length === 0) return null;
  return (
    <div class="toolbar panel panel-pad" data-testid="bulk-actions" role="group" aria-label="Actions on the selected containers">
      <strong>{chosen.length} selected</strong>
      {['start', 'stop', 'restart', 'pause', 'resume'].map((a) => (
        <button key={a} type="button" class="small" disabled={!can(a)} data-testid={`bulk-${a}`} onClick={() => run(a)}>{ACTIONS[a].label}</button>
      ))}
      <button type="button" class="small danger" data-testid="bulk-remove" onClick={() => setConfirm(true)}>Remove</button>
      <button type="button" class="small" onClick={clear} data-testid="bulk-clear">Clear</button>
      {confirm && (
        <ConfirmDialog open title={`Remove ${chosen.length} container${chosen.length === 1 ? '' : 's'}?`} confirmLabel="Remove"
                       message={`Running ones are stopped first: ${chosen.map(containerName).join(', ')}`}
                       onConfirm={() => { setConfirm(false); run('remove'); }} onClose={() => setConfirm(false)} />
      )}
    </div>
  );
}

export default function ContainersPage({ search }) {
  const [containers, setContainers] = useState(null);
  const [stats, setStats] = useState({});
  const [statsOk, setStatsOk] = useState(true);
  const [error, setError] = useState(null);
  const params = new URLSearchParams(search || '');
  const [query, setQuery] = useState(params.get('q') || '');
  const [state, setState] = useState(params.get('state') || 'all');
  const [selected, setSelected] = useState(new Set());

  const load = async () => {
    try {
      setContainers(await api.get('/containers/json', { query: { all: 1 } }));
      setError(null);
    } catch (err) { setError(err.message); }
  };
  useEffect(() => { load(); }, []);
  useEvents((ev) => ev.Type === 'container' && !String(ev.Action || ev.status).startsWith('exec_'), load, 250);
  useVisibleInterval(async () => {
    if (!statsOk) return;
    try { setStats(await api.get('/berth/stats')); } catch (err) { if (err.status === 404) setStatsOk(false); }
  }, 5000, [statsOk]);

  // forget selections of containers that went away
  useEffect(() => {
    if (!containers) return;
    const ids = new Set(containers.map((c) => c.Id));
    if ([...selected].some((k) => !ids.has(k))) setSelected(new Set([...selected].filter((k) => ids.has(k))));
  }, [containers]);

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (containers || [])
      .filter((c) => state === 'all' || c.State === state)
      .filter((c) => !q || containerName(c).toLowerCase().includes(q) || (c.Image || '').toLowerCase().includes(q) || c.Id.startsWith(q))
      .sort((a, b) => containerName(a).localeCompare(containerName(b), undefined, { numeric: true }));
  }, [containers, query, state]);

  const columns = [
    { key: 'name', label: 'Name', width: 'minmax(120px, 2fr)',
      render: (c) => <Link href={`/containers/${shortId(c.Id)}`} data-testid="container-link" title={`${containerName(c)} (${shortId(c.Id)})`}>{containerName(c)}</Link> },
    { key: 'image', label: 'Image', width: 'minmax(100px, 2fr)', narrowHide: true, render: (c) => <span title={c.Image}>{c.Image}</span> },
    { key: 'status', label: 'Status', width: 'minmax(100px, 1fr)', render: (c) => <Status status={statusOf(c)} /> },
    { key: 'ports', label: 'Ports', width: 'minmax(90px, 1.2fr)', narrowHide: true, render: (c) => <PortLinks container={c} /> },
    { key: 'cpu', label: 'CPU', width: '70px', narrowHide: true, className: 'num',
      render: (c) => <span data-testid="container-cpu">{stats[c.Id] ? percent(stats[c.Id].CPUPercent) : '—'}</span> },
    { key: 'mem', label: 'Memory', width: '90px', narrowHide: true,
      render: (c) => <span data-testid="container-memory">{stats[c.Id] ? bytes(stats[c.Id].MemoryBytes) : '—'}</span> },
    { key: 'actions', label: '', width: 'minmax(80px, 170px)', className: 'cell-actions', narrowHide: true,
      render: (c) => <ActionButtons id={c.Id} name={containerName(c)} state={c.State} small /> },
  ];

  const counts = useMemo(() => {
    const n = { all: 0 };
    for (const c of containers || []) { n.all++; n[c.State] = (n[c.State] || 0) + 1; }
    return n;
  }, [containers]);

  return (
    <div class="page" data-testid="page-containers">
      <div class="page-head">
        <h1>Containers</h1>
        <span class="muted" data-testid="container-count">{containers ? `${counts.running || 0} running · ${counts.all} in all` : ''}</span>
      </div>
      <div class="toolbar">
        <input class="grow" type="search" placeholder="Search by name, image or id" value={query} aria-label="Search containers"
               data-testid="container-search" onInput={(e) => setQuery(e.currentTarget.value)} />
        <select value={state} onChange={(e) => setState(e.currentTarget.value)} aria-label="Show containers in state" data-testid="container-state-filter">
          {STATES.map((s) => <option key={s} value={s}>{s === 'all' ? 'All states' : s}{counts[s] ? ` (${counts[s]})` : ''}</option>)}
        </select>
      </div>
      <Bulk selected={selected} containers={containers || []} clear={() => setSelected(new Set())} />
      <ErrorMessage error={error} />
      <Table columns={columns} rows={rows} rowKey={(c) => c.Id} rowTestid="container-row" testid="container-table" label="Containers"
             rowAttrs={(c) => ({ 'data-name': containerName(c), 'data-id': c.Id, 'data-state': c.State })}
             selectable selected={selected} onSelect={setSelected}
             empty={containers === null ? 'Loading…' : (containers.length ? 'No container matches.' : 'No containers yet. Run one from the Images page.')} />
    </div>
  );
}

// A container's own page: header with state and actions, then tabs for logs, details, stats, processes, changed
// files and the terminal. Follows the events stream for this container.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useEvents } from '../lib/events.js';
import { statusOf } from '../lib/containers.js';
import { Link, navigate } from '../lib/router.js';
import { ActionButtons, PortLinks, Status } from '../components/ContainerBits.jsx';
import { Logs } from '../components/Logs.jsx';
import { InspectSummary } from '../components/Inspect.jsx';
import { Stats } from '../components/Stats.jsx';
import { Changes, Processes } from '../components/Processes.jsx';
import { Terminal } from '../components/Terminal.jsx';
import { ErrorMessage, toast } from '../components/Toast.jsx';

export const route = { path: '/containers/:id/:tab?', title: (p) => `Container ${p.id}` };

const TABS = [
  ['logs', 'Logs'], ['inspect', 'Details'], ['stats', 'Stats'], ['top', 'Processes'], ['changes', 'Files changed'], ['terminal', 'Terminal'],
];

/** The inspect's port map in the list's Ports shape, for the port links. */
function listPorts(c) {
  const out = [];
  for (const [k, v] of Object.entries((c.NetworkSettings || {}).Ports || {})) {
    const [port, type] = k.split('/');
    for (const b of v || []) out.push({ PrivatePort: Number(port), PublicPort: Number(b.HostPort), Type: type, IP: b.HostIp });
  }
  return out;
}

export default function ContainerPage({ params }) {
  const { id } = params;
  const tab = TABS.some(([t]) => t === params.tab) ? params.tab : 'logs';
  const [c, setC] = useState(null);
  const [error, setError] = useState(null);
  const [gone, setGone] = useState(false);

  const load = async () => {
    try { setC(await api.get(`/containers/${id}/json`)); setError(null); } catch (err) {
      if (err.status === 404) setGone(true);
      setError(err.message);
    }
  };
  useEffect(() => { setC(null); setGone(false); load(); }, [id]);
  const mine = (ev) => ev.Type === 'container' && ev.Actor && (ev.Actor.ID || '').startsWith(c ? c.Id : id);
  useEvents((ev) => mine(ev) && !String(ev.Action).startsWith('exec_'), (ev) => {
    if (ev.Action === 'destroy') { setGone(true); return; }
    load();
  }, 150);

  if (gone) {
    return (
      <div class="page" data-testid="page-container">
        <h1>Container {id}</h1>
        <p class="muted" data-testid="container-gone">This container does not exist (any more). <Link href="/containers">Back to the containers</Link>.</p>
      </div>
    );
  }
  if (!c) {
    return <div class="page" data-testid="page-container"><p class="muted">Loading…</p><ErrorMessage error={error} /></div>;
  }
  const status = statusOf(c);
  const name = (c.Name || '').replace(/^\//, '');
  const running = status.state === 'running';
  const base = `/containers/${id}`;
  return (
    <div class="page" data-testid="page-container" data-id={c.Id} data-name={name}>
      <div class="page-head">
        <div style={{ marginRight: 'auto', minWidth: 0 }}>
          <div class="muted" style={{ fontSize: 12 }}><Link href="/containers">Containers</Link> /</div>
          <h1 data-testid="container-name" style={{ overflowWrap: 'anywhere' }}>{name}</h1>
          <div class="toolbar" style={{ marginTop: 4 }}>
            <Status status={status} />
            <span class="muted" title={c.Image}>{(c.Config || {}).Image}</span>
            <PortLinks container={{ Ports: listPorts(c) }} none={null} />
          </div>
        </div>
        <div class="toolbar" role="group" aria-label="Container actions">
          <ActionButtons id={c.Id} name={name} state={status.state}
                         onDone={(a) => { if (a === 'remove') { toast.ok(`Removed ${name}`); navigate('/containers'); } }} />
        </div>
      </div>
      <nav class="tabs" role="tablist" aria-label="Container views">
        {TABS.map(([t, label]) => (
          <Link key={t} href={`${base}/${t}`} role="tab" aria-selected={t === tab ? 'true' : 'false'} data-testid={`tab-${t}`}>{label}</Link>
        ))}
      </nav>
      <div role="tabpanel" style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }} data-testid={`panel-${tab}`}>
        {tab === 'logs' && <Logs id={c.Id} name={name} tty={!!(c.Config || {}).Tty} running={running} />}
        {tab === 'inspect' && <InspectSummary c={c} />}
        {tab === 'stats' && <Stats id={c.Id} running={running} />}
        {tab === 'top' && <Processes id={c.Id} running={running} />}
        {tab === 'changes' && <Changes id={c.Id} />}
        {tab === 'terminal' && <Terminal containerId={c.Id} running={running} />}
      </div>
    </div>
  );
}

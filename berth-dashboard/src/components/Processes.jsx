// A container's processes (top) and the files changed in its writable layer (diff).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { Table } from './Table.jsx';
import { ErrorMessage } from './Toast.jsx';

export function Processes({ id, running }) {
  const [top, setTop] = useState(null);
  const [error, setError] = useState(null);
  const load = async () => {
    try { setTop(await api.get(`/containers/${id}/top`)); setError(null); } catch (err) { setError(err.message); }
  };
  useEffect(() => { if (running) load(); }, [id, running]);
  if (!running) return <p class="muted" data-testid="top-not-running">The container is not running: it has no processes.</p>;
  const titles = (top && top.Titles) || [];
  const columns = titles.map((t, i) => ({ key: String(i), label: t, width: t === 'CMD' || t === 'COMMAND' ? 'minmax(200px, 4fr)' : 'minmax(60px, 1fr)', render: (p) => <span class={t === 'CMD' || t === 'COMMAND' ? 'mono' : ''} title={p[i]}>{p[i]}</span> }));
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8, flex: 1 }}>
      <div class="toolbar"><button type="button" class="small" onClick={load} data-testid="top-refresh">Refresh</button></div>
      <ErrorMessage error={error} />
      <Table columns={columns} rows={(top && top.Processes) || []} rowKey={(p) => p.join('\u0000')} rowTestid="process-row" testid="top-table" label="Processes"
             empty={top ? 'No processes.' : 'Loading…'} rowHeight={36} />
    </div>
  );
}

const KINDS = { 0: ['C', 'changed'], 1: ['A', 'added'], 2: ['D', 'deleted'] };

export function Changes({ id }) {
  const [changes, setChanges] = useState(null);
  const [error, setError] = useState(null);
  const load = async () => {
    try { setChanges((await api.get(`/containers/${id}/changes`)) || []); setError(null); } catch (err) { setError(err.message); }
  };
  useEffect(() => { load(); }, [id]);
  const columns = [
    { key: 'kind', label: 'Change', width: '90px', render: (c) => <span class={`badge kind-${c.Kind}`} title={KINDS[c.Kind][1]}>{KINDS[c.Kind][0]} {KINDS[c.Kind][1]}</span> },
    { key: 'path', label: 'Path', width: 'minmax(200px, 1fr)', render: (c) => <span class="mono">{c.Path}</span> },
  ];
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8, flex: 1 }}>
      <div class="toolbar">
        <button type="button" class="small" onClick={load} data-testid="changes-refresh">Refresh</button>
        {changes && <span class="muted">{changes.length} changes</span>}
      </div>
      <ErrorMessage error={error} />
      <Table columns={columns} rows={changes || []} rowKey={(c) => c.Path} rowTestid="change-row" testid="changes-table" label="Changed files"
             empty={changes ? 'No file changed yet.' : 'Loading…'} rowHeight={32} />
    </div>
  );
}

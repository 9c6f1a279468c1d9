// Registry search: Docker Hub's search, or Berth's own search of a private registry ("127.0.0.1:5000/term": the
// repositories of its catalog whose name contains term). Each result can be pulled from here with its progress.
import { useEffect, useState } from 'preact/hooks';
import { api, streamJson, NO_AUTH } from '../lib/api.js';
import { emptyProgress, foldProgress, splitReference } from '../lib/pull.js';
import { navigate } from '../lib/router.js';
import { Table } from '../components/Table.jsx';
import { LayerProgress } from '../components/Progress.jsx';
import { ErrorMessage, toast } from '../components/Toast.jsx';
import '../more.css';

export const route = { path: '/search', title: 'Search', nav: { id: 'search', label: 'Search', icon: 'search', order: 30 } };

/** The registry part of a search term ("127.0.0.1:5000/web" → "127.0.0.1:5000"), or '' for Docker Hub. */
export function registryOf(term) {
  const i = term.indexOf('/');
  if (i < 0) return '';
  const host = term.slice(0, i);
  return host.includes('.') || host.includes(':') || host === 'localhost' ? host : '';
}

/** What to pull for a result: a private registry's results are named without their host. */
export function pullName(result, registry) {
  const n = result.name;
  return registry && !n.startsWith(`${registry}/`) ? `${registry}/${n}` : n;
}

/** A private registry's result describes its tags ("tags: 1, 2, latest"); Docker Hub's results have none. */
export function tagsOf(result) {
  const m = /^tags: (.*)$/.exec(result.description || '');
  return m ? m[1].split(',').map((t) => t.trim()).filter(Boolean) : [];
}

function PullCell({ result, disabled, onPull }) {
  const tags = tagsOf(result);
  const [tag, setTag] = useState(tags.includes('latest') || tags.length === 0 ? 'latest' : tags[0]);
  return (
    <>
      {tags.length > 1 && (
        <select class="small" value={tag} onChange={(e) => setTag(e.currentTarget.value)} aria-label={`Tag of ${result.name}`}
                data-testid="search-tag" style={{ minHeight: 26, padding: '0 4px' }}>
          {tags.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      )}
      <button class="small" data-testid="search-pull" disabled={disabled} onClick={() => onPull(result, tag)}
              aria-label={`Pull ${result.name}:${tag}`}>Pull {tags.length === 1 ? `:${tag}` : ''}</button>
    </>
  );
}

export default function SearchPage({ search }) {
  const initial = new URLSearchParams(search || '').get('q') || '';
  const [term, setTerm] = useState(initial);
  const [results, setResults] = useState(null);
  const [registry, setRegistry] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [pull, setPull] = useState(null); // { ref, state, done }

  const submit = async (e) => {
    if (e) e.preventDefault();
    const q = term.trim();
    if (!q) return;
    navigate(`/search?q=${encodeURIComponent(q)}`, { replace: true });
    setBusy(true);
    setError(null);
    try {
      const r = await api.get('/images/search', { query: { term: q, limit: 100 }, headers: NO_AUTH });
      setRegistry(registryOf(q));
      setResults(r || []);
    } catch (err) { setResults(null); setError(err.message); } finally { setBusy(false); }
  };

  // a search address (/search?q=...) runs its search when opened
  useEffect(() => { if (initial) submit(); }, []);

  const startPull = async (result, tag) => {
    const ref = `${pullName(result, registry)}:${tag}`;
    let s = emptyProgress();
    setPull({ ref, state: s, done: false });
    try {
      const { fromImage, tag } = splitReference(ref);
      await streamJson('POST', '/images/create', { query: { fromImage, tag }, headers: NO_AUTH }, (msg) => {
        s = foldProgress(s, msg);
        setPull({ ref, state: s, done: false });
      });
      setPull({ ref, state: s, done: true });
      toast.ok(`Pulled ${ref}`);
    } catch (err) {
      setPull({ ref, state: { ...s, error: err.message }, done: false });
    }
  };

  const columns = [
    { key: 'name', label: 'Name', width: 'minmax(160px, 2fr)', render: (r) => <span class="mono" title={r.name}>{r.name}</span> },
    { key: 'description', label: 'Description', width: 'minmax(120px, 3fr)',
      render: (r) => <span title={r.description}>{r.description || <span class="muted">—</span>}</span> },
    // stars and the official mark are Docker Hub's; a private registry's catalog has neither
    ...(registry ? [] : [
      { key: 'stars', label: 'Stars', width: '60px', narrowHide: true, render: (r) => r.star_count ?? 0 },
      { key: 'official', label: 'Official', width: '70px', narrowHide: true, render: (r) => (r.is_official ? 'yes' : '') },
    ]),
    { key: 'actions', label: '', width: '150px', className: 'cell-actions',
      render: (r) => <PullCell result={r} disabled={!!pull && !pull.done && !pull.state.error} onPull={startPull} /> },
  ];

  return (
    <div class="page" data-testid="page-search">
      <div class="page-head"><h1>Search a registry</h1></div>
      <form class="toolbar" onSubmit={submit} data-testid="search-form">
        <input class="grow" value={term} placeholder="a name, or 127.0.0.1:5000/name to search a private registry"
               aria-label="Search term" data-testid="search-input" onInput={(e) => setTerm(e.currentTarget.value)}
               autocomplete="off" spellcheck={false} />
        <button type="submit" class="primary" disabled={busy || !term.trim()} data-testid="search-submit">{busy ? 'Searching…' : 'Search'}</button>
      </form>
      <p class="muted" style={{ margin: 0 }}>
        A plain term asks Docker Hub. <span class="mono">host:port/term</span> lists the repositories of that registry whose name
        contains <span class="mono">term</span>, with their tags (Berth's own; it reads the registry's catalog).
      </p>
      <ErrorMessage error={error} />
      {pull && (
        <div class="panel panel-pad" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
          <div class="toolbar"><strong class="mono">{pull.ref}</strong>
            {pull.done && <button class="small" data-testid="search-pulled-link"
                                  onClick={() => navigate(`/images/${encodeURIComponent(pull.ref)}/layers`)}>Open the image</button>}
          </div>
          <LayerProgress state={pull.state} />
          <ErrorMessage error={pull.state.error} />
        </div>
      )}
      {results && (
        <Table columns={columns} rows={results} rowKey={(r) => r.name} rowTestid="search-row" testid="search-table" label="Search results"
               empty={`Nothing matches ${term.trim()}.`} />
      )}
    </div>
  );
}

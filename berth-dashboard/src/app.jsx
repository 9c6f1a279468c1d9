// The shell: navigation (built from the pages' own route declarations), the current page, the message area.
import { useEffect, useState } from 'preact/hooks';
import { Link, match, navItems, useLocation, navigate } from './lib/router.js';
import { onStatus, startEvents } from './lib/events.js';
import { Toasts } from './components/Toast.jsx';
import { ThemeToggle } from './components/ThemeToggle.jsx';
import { Icon } from './components/Icon.jsx';

function Connection() {
  const [status, setStatus] = useState('connecting');
  useEffect(() => onStatus(setStatus), []);
  const label = { live: 'Live', connecting: 'Connecting…', down: 'Reconnecting…' }[status];
  return (
    <span class="conn" data-testid="connection-status" data-status={status} title="The events stream from berthd">
      <span class={`dot ${status === 'live' ? 'ok' : status === 'down' ? 'bad' : 'warn'}`} />
      <span class="conn-text">{label}</span>
    </span>
  );
}

async function logout() {
  try { await fetch('/logout', { method: 'POST', credentials: 'same-origin' }); } finally { location.assign('/login.html'); }
}

function NotFound({ path }) {
  return (
    <div class="page" data-testid="page-not-found">
      <h1>Not found</h1>
      <p class="muted">Nothing lives at <code>{path}</code>. <Link href="/containers">Go to the containers</Link>.</p>
    </div>
  );
}

export function App() {
  const { path, search } = useLocation();
  useEffect(() => { startEvents(); }, []);
  useEffect(() => { if (path === '/' || path === '/index.html') navigate('/containers', { replace: true }); }, [path]);
  const m = match(path === '/' || path === '/index.html' ? '/containers' : path);
  useEffect(() => {
    document.title = m && m.route.title ? `${typeof m.route.title === 'function' ? m.route.title(m.params) : m.route.title} · Berth` : 'Berth';
  }, [path]);
  const Page = m ? m.route.component : null;
  const section = '/' + (path.split('/')[1] || 'containers');
  return (
    <div class="shell">
      <nav class="sidebar" aria-label="Sections">
        <div class="brand"><span class="brand-mark" aria-hidden="true">⚓</span><span class="brand-name">Berth</span></div>
        <div class="nav">
          {navItems.map((n) => (
            <Link key={n.id} href={n.href} data-testid={`nav-${n.id}`} aria-current={section === n.href ? 'page' : undefined}>
              <span class="nav-icon" aria-hidden="true">{typeof n.icon === 'string' && n.icon.length > 2 ? <Icon name={n.icon} size={16} /> : n.icon}</span>{n.label}
            </Link>
          ))}
        </div>
        <div class="sidebar-foot">
          <Connection />
          <div class="toolbar">
            <ThemeToggle />
            <button type="button" class="icon" onClick={logout} data-testid="logout" aria-label="Log out" title="Log out"><Icon name="logout" size={16} /></button>
          </div>
        </div>
      </nav>
      <main class="main" id="main">
        {Page ? <Page key={m.route.path} params={m.params} search={search} path={path} /> : <NotFound path={path} />}
      </main>
      <Toasts />
    </div>
  );
}

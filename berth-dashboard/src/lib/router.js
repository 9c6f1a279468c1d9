// A small history-API router. Pages register themselves: every module in src/pages/ exports `route`
// ({ path: '/images/:name', title, nav?: { id, label, icon, order } }) and a default component, so a new page is a
// new file and nothing else changes.
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const modules = import.meta.glob('../pages/*.jsx', { eager: true });

function compile(path) {
  const names = [];
  const re = path.replace(/\/:([A-Za-z]+)(\?)?/g, (_, name, opt) => {
    names.push(name);
    return opt ? '(?:/([^/]+))?' : '/([^/]+)';
  });
  return { regex: new RegExp(`^${re}/?$`), names };
}

export const routes = Object.values(modules)
  .filter((m) => m.route && m.default)
  .flatMap((m) => [].concat(m.route).map((r) => ({ ...r, component: m.default, ...compile(r.path) })))
  // literal paths before patterns, so '/images/pull' wins over '/images/:name'
  .sort((a, b) => a.names.length - b.names.length);

export const navItems = routes
  .filter((r) => r.nav)
  .map((r) => ({ ...r.nav, href: r.nav.href || r.path }))
  .sort((a, b) => (a.order ?? 100) - (b.order ?? 100));

export function match(pathname) {
  for (const r of routes) {
    const m = r.regex.exec(pathname);
    if (m) {
      const params = {};
      r.names.forEach((n, i) => { if (m[i + 1] !== undefined) params[n] = decodeURIComponent(m[i + 1]); });
      return { route: r, params };
    }
  }
  return null;
}

export function navigate(to, { replace = false } = {}) {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event('berth-navigate'));
}

export function useLocation() {
  const [loc, setLoc] = useState({ path: location.pathname, search: location.search });
  useEffect(() => {
    const update = () => setLoc({ path: location.pathname, search: location.search });
    window.addEventListener('popstate', update);
    window.addEventListener('berth-navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('berth-navigate', update);
    };
  }, []);
  return loc;
}

/** An <a> that navigates inside the page (a plain link for middle-click, new tab and the keyboard). */
export function Link({ href, children, ...rest }) {
  const onClick = (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return h('a', { href, onClick, ...rest }, children);
}

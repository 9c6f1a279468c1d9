// Light/dark theme: follows prefers-color-scheme unless the user picked one with the toggle (kept in localStorage).
const KEY = 'berth.theme';

export function storedTheme() {
  try { return localStorage.getItem(KEY); } catch { return null; }
}

export function applyStoredTheme() {
  const t = storedTheme();
  if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t;
  else delete document.documentElement.dataset.theme;
}

export function effectiveTheme() {
  const t = storedTheme();
  if (t === 'light' || t === 'dark') return t;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function setTheme(t) {
  try { localStorage.setItem(KEY, t); } catch { /* private mode: this page only */ }
  document.documentElement.dataset.theme = t;
  window.dispatchEvent(new CustomEvent('berth-theme', { detail: t }));
}

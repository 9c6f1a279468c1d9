// The login page: posts the token to /login (which sets the session cookie) and goes to the dashboard.
import './styles.css';
import { applyStoredTheme } from './lib/theme.js';

applyStoredTheme();
const form = document.getElementById('login-form');
const error = document.getElementById('login-error');
const input = document.getElementById('token');

function tokenOf(text) {
  const t = text.trim();
  const m = /[?&]token=([^&#\s]+)/.exec(t);
  return m ? decodeURIComponent(m[1]) : t;
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  error.hidden = true;
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    const res = await fetch('/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin',
      body: JSON.stringify({ token: tokenOf(input.value) }),
    });
    if (res.ok) {
      // back to the page the lost session interrupted; only a path on this origin
      const next = new URLSearchParams(location.search).get('next') || '/';
      location.replace(next.startsWith('/') && !next.startsWith('//') ? next : '/');
      return;
    }
    let message = `login failed (${res.status})`;
    try { message = (await res.json()).message || message; } catch { /* not JSON */ }
    error.textContent = message === 'wrong token' ? 'Wrong token: run "berth dashboard" and copy the token it prints.' : message;
    error.hidden = false;
    input.select();
  } catch (err) {
    error.textContent = `berthd did not answer: ${err.message}`;
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
});

// The Engine API as the page sees it: /api/v1.50/... on the dashboard's own origin (the session cookie goes along).
// Errors carry the Engine's own {"message": ...} so that the page can show what berthd said.
export const API = '/api/v1.50';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Called when berthd answers 401: the session is gone (berthd restarted, or 12 hours passed). */
function loginAgain() {
  if (!location.pathname.startsWith('/login')) location.assign(`/login.html?next=${encodeURIComponent(location.pathname + location.search)}`);
}

function url(path, query) {
  let u = path.startsWith('/api/') || path.startsWith('/ws/') ? path : API + path;
  if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      q.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
    }
    const s = q.toString();
    if (s) u += (u.includes('?') ? '&' : '?') + s;
  }
  return u;
}

async function errorOf(res) {
  let message = `${res.status} ${res.statusText}`;
  try {
    const text = await res.text();
    try {
      const body = JSON.parse(text);
      if (body && body.message) message = body.message;
    } catch {
      if (text.trim()) message = text.trim();
    }
  } catch { /* body unreadable: keep the status line */ }
  if (res.status === 401) loginAgain();
  return new ApiError(res.status, message);
}

/**
 * One request. `body` objects are sent as JSON; Blob/ArrayBuffer bodies as they are. Returns the parsed JSON, the
 * text for non-JSON answers, or null for an empty one. `raw: true` returns the Response (for streams).
 */
export async function request(method, path, { query, body, headers = {}, signal, raw = false } = {}) {
  const init = { method, headers: { ...headers }, signal, credentials: 'same-origin' };
  if (body !== undefined) {
    if (body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
      init.body = body;
    } else {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
  }
  let res;
  try {
    res = await fetch(url(path, query), init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, `berthd did not answer (${e.message})`);
  }
  if (!res.ok) throw await errorOf(res);
  if (raw) return res;
  if (res.status === 204) return null;
  const text = await res.text();
  if (!text) return null;
  const type = res.headers.get('Content-Type') || '';
  if (type.includes('json')) return JSON.parse(text);
  try { return JSON.parse(text); } catch { return text; }
}

export const api = {
  get: (path, opts) => request('GET', path, opts),
  post: (path, body, opts = {}) => request('POST', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
  request,
  url,
};

/**
 * Reads a streamed answer of JSON objects (events, pull and push progress, stats, build) and calls onObject for each.
 * Resolves when the stream ends; an {"error": ...} object in the stream rejects with its message after onObject saw it.
 */
export async function streamJson(method, path, { query, body, headers, signal } = {}, onObject) {
  const res = await request(method, path, { query, body, headers, signal, raw: true });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  let streamError = null;
  const take = (line) => {
    const t = line.trim();
    if (!t) return;
    let obj;
    try { obj = JSON.parse(t); } catch { return; }
    onObject(obj);
    if (obj && obj.error && !streamError) streamError = new ApiError(500, obj.error);
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      take(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
    }
  }
  take(buffered + decoder.decode());
  if (streamError) throw streamError;
}

/** ws:// address of a dashboard WebSocket path on this origin. */
export function wsUrl(path) {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

/** X-Registry-Auth for pushes and pulls without credentials (berthd uses its own stored logins). */
export const NO_AUTH = { 'X-Registry-Auth': btoa('{}') };

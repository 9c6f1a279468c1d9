// Pull progress: folds the pull stream's JSON messages into one state per layer for the progress bars.

/** "host:5000/a/b:tag" → { fromImage: "host:5000/a/b", tag: "tag" }; digests stay in fromImage. */
export function splitReference(ref) {
  const r = ref.trim();
  if (r.includes('@')) return { fromImage: r, tag: '' };
  const slash = r.lastIndexOf('/');
  const colon = r.lastIndexOf(':');
  if (colon > slash) return { fromImage: r.slice(0, colon), tag: r.slice(colon + 1) };
  return { fromImage: r, tag: 'latest' };
}

const DONE = new Set(['Pull complete', 'Already exists', 'Download complete', 'Verifying Checksum', 'Layer already exists', 'Pushed', 'Mounted from']);

/** state: { layers: Map id → {id, status, current, total, fraction, done}, messages: [..] } → new state. */
export function foldProgress(state, msg) {
  const layers = new Map(state.layers);
  const messages = state.messages.slice();
  if (msg.error) {
    messages.push(msg.error);
    return { layers, messages, error: msg.error };
  }
  const isLayer = msg.id && /^[0-9a-f]{12}$/.test(msg.id);
  if (!isLayer) {
    if (msg.status) messages.push(msg.id && !/^(latest)$/.test(msg.id) ? `${msg.id}: ${msg.status}` : msg.status);
    return { ...state, layers, messages: messages.slice(-6) };
  }
  const prev = layers.get(msg.id) || { id: msg.id, status: '', current: 0, total: 0, fraction: 0, done: false };
  const status = msg.status || prev.status;
  const detail = msg.progressDetail || {};
  const current = detail.current ?? prev.current;
  const total = detail.total ?? prev.total;
  let fraction = prev.fraction;
  if (status === 'Downloading' || status === 'Pushing') fraction = total ? 0.85 * (current / total) : prev.fraction;
  else if (status === 'Extracting') fraction = 0.85 + (total ? 0.15 * (current / total) : 0);
  else if (status === 'Pull complete' || status === 'Already exists' || status === 'Pushed' || status === 'Layer already exists') fraction = 1;
  else if (status === 'Download complete' || status === 'Verifying Checksum') fraction = Math.max(fraction, 0.85);
  layers.set(msg.id, { id: msg.id, status, current, total, fraction: Math.min(1, fraction), done: fraction >= 1 || (DONE.has(status) && status !== 'Download complete' && status !== 'Verifying Checksum') });
  return { ...state, layers, messages };
}

export const emptyProgress = () => ({ layers: new Map(), messages: [], error: null });

// Container actions and status, shared by the list and a container's own page.
import { api } from './api.js';

export const ACTIONS = {
  start: { label: 'Start', icon: '▶', run: (id) => api.post(`/containers/${id}/start`) },
  stop: { label: 'Stop', icon: '■', run: (id) => api.post(`/containers/${id}/stop`) },
  restart: { label: 'Restart', icon: '↻', run: (id) => api.post(`/containers/${id}/restart`) },
  pause: { label: 'Pause', icon: '❚❚', run: (id) => api.post(`/containers/${id}/pause`) },
  resume: { label: 'Resume', icon: '⏵', run: (id) => api.post(`/containers/${id}/unpause`) },
  remove: { label: 'Remove', icon: '🗑', run: (id) => api.del(`/containers/${id}`, { query: { force: 1 } }) },
};

/** The actions that make sense in a state, in the order the buttons show. */
export function actionsFor(state) {
  switch (state) {
    case 'running': return ['stop', 'restart', 'pause', 'remove'];
    case 'paused': return ['resume', 'stop', 'remove'];
    case 'restarting': return ['stop', 'remove'];
    case 'removing': return [];
    default: return ['start', 'remove'];
  }
}

/** State from a list entry ({State:"exited", Status:"Exited (1) 3 minutes ago"}) or an inspect ({State:{...}}). */
export function statusOf(c) {
  if (c.State && typeof c.State === 'object') {
    const s = c.State;
    const state = s.Status || (s.Running ? (s.Paused ? 'paused' : 'running') : 'exited');
    return { state, code: state === 'exited' ? s.ExitCode : null, label: state === 'exited' ? `exited (${s.ExitCode})` : state };
  }
  const state = c.State || 'unknown';
  if (state === 'exited') {
    const m = /\((-?\d+)\)/.exec(c.Status || '');
    const code = m ? Number(m[1]) : null;
    return { state, code, label: code === null ? 'exited' : `exited (${code})` };
  }
  return { state, code: null, label: state };
}

/** Published ports of a list entry, one per host port (IPv4 and IPv6 bindings of one port are one link). */
export function publishedPorts(c) {
  const seen = new Map();
  for (const p of c.Ports || []) {
    if (!p.PublicPort) continue;
    const key = `${p.PublicPort}/${p.Type}`;
    if (!seen.has(key)) seen.set(key, { host: p.PublicPort, container: p.PrivatePort, type: p.Type || 'tcp' });
  }
  return [...seen.values()].sort((a, b) => a.host - b.host);
}

export function exposedOnly(c) {
  return (c.Ports || []).filter((p) => !p.PublicPort).map((p) => `${p.PrivatePort}/${p.Type}`);
}

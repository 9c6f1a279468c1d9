// Who uses a volume or a network: one GET /containers/json?all=1 answers both (each container lists its mounts and
// its networks), instead of one inspect per volume or network.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { useEvents } from './events.js';
import { containerName } from './format.js';

/** { volumes: Map name → [{id, name, state}], networks: Map name → [...] } from a container list. */
export function usageOf(containers) {
  const volumes = new Map();
  const networks = new Map();
  const add = (map, key, c) => {
    if (!map.has(key)) map.set(key, []);
    map.get(key).push({ id: c.Id, name: containerName(c), state: c.State });
  };
  for (const c of containers) {
    for (const m of c.Mounts || []) if (m.Type === 'volume' && m.Name) add(volumes, m.Name, c);
    for (const n of Object.keys((c.NetworkSettings && c.NetworkSettings.Networks) || {})) add(networks, n, c);
  }
  return { volumes, networks };
}

/** The usage maps, refreshed when containers are created, removed, connected or disconnected. */
export function useUsage() {
  const [usage, setUsage] = useState({ volumes: new Map(), networks: new Map() });
  const load = async () => {
    try { setUsage(usageOf(await api.get('/containers/json', { query: { all: 1 } }))); } catch { /* the page shows its own errors */ }
  };
  useEffect(() => { load(); }, []);
  useEvents((ev) => (ev.Type === 'container' && /^(create|destroy)$/.test(ev.Action))
    || (ev.Type === 'network' && /^(connect|disconnect)$/.test(ev.Action)), load, 300);
  return usage;
}

/** "k=v" lines → {k: v}; blank lines are skipped, a line without "=" is refused. */
export function parseLabels(text) {
  const labels = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const i = line.indexOf('=');
    if (i <= 0) throw new Error(`a label is key=value: "${line}"`);
    labels[line.slice(0, i)] = line.slice(i + 1);
  }
  return labels;
}

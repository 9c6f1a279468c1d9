// A readable summary of a container's inspect, and the raw JSON.
import { useState } from 'preact/hooks';
import { bytes, isoToUnix, ago } from '../lib/format.js';

function when(iso) {
  if (!iso || iso.startsWith('0001-')) return '—';
  return `${new Date(iso).toLocaleString()} (${ago(isoToUnix(iso))})`;
}

// an IPv6 host address in brackets, as `docker port` writes it ([::]:8080)
function hostAddress(ip) {
  if (!ip) return '0.0.0.0';
  return ip.includes(':') ? `[${ip}]` : ip;
}

function quote(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

export function InspectSummary({ c }) {
  const [raw, setRaw] = useState(false);
  const cfg = c.Config || {};
  const hc = c.HostConfig || {};
  const ns = c.NetworkSettings || {};
  const ports = Object.entries(ns.Ports || {}).flatMap(([k, v]) => (v && v.length ? v.map((b) => `${hostAddress(b.HostIp)}:${b.HostPort} → ${k}`) : [`${k} (not published)`]));
  const nets = Object.entries(ns.Networks || {}).map(([n, v]) => `${n}${v.IPAddress ? `: ${v.IPAddress}` : ''}`);
  const rows = [
    ['ID', <span class="mono">{c.Id}</span>],
    ['Name', (c.Name || '').replace(/^\//, '')],
    ['Image', `${cfg.Image || ''}${c.Image ? ` (${c.Image.slice(7, 19)})` : ''}`],
    ['Created', when(c.Created)],
    ['State', c.State ? `${c.State.Status}${c.State.Status === 'exited' ? ` with code ${c.State.ExitCode}` : ''}${c.State.OOMKilled ? ', killed for lack of memory' : ''}` : '—'],
    ['Started', when(c.State && c.State.StartedAt)],
    ['Finished', when(c.State && c.State.FinishedAt)],
    ['Command', <span class="mono">{[...(cfg.Entrypoint || []), ...(cfg.Cmd || [])].map(quote).join(' ') || '—'}</span>],
    ['Working directory', cfg.WorkingDir || '/'],
    ['User', cfg.User || 'root'],
    ['TTY', cfg.Tty ? 'yes' : 'no'],
    ['Ports', ports.length ? ports.join(', ') : '—'],
    ['Networks', nets.length ? nets.join(', ') : (hc.NetworkMode || '—')],
    ['Mounts', (c.Mounts || []).length ? (c.Mounts || []).map((m) => `${m.Name || m.Source} → ${m.Destination}${m.RW === false ? ' (read-only)' : ''}`).join(', ') : '—'],
    ['Restart policy', hc.RestartPolicy && hc.RestartPolicy.Name ? `${hc.RestartPolicy.Name}${hc.RestartPolicy.MaximumRetryCount ? ` (${hc.RestartPolicy.MaximumRetryCount})` : ''}` : 'no'],
    ['Memory limit', hc.Memory ? bytes(hc.Memory) : 'none'],
    ['Environment', (cfg.Env || []).length ? <span class="mono" style={{ whiteSpace: 'pre-wrap' }}>{cfg.Env.join('\n')}</span> : '—'],
  ];
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="inspect">
      <dl class="kv panel panel-pad" data-testid="inspect-summary">
        {rows.map(([k, v]) => [<dt key={`${k}-t`}>{k}</dt>, <dd key={`${k}-d`}>{v}</dd>])}
      </dl>
      <div>
        <button type="button" class="small" aria-expanded={raw} data-testid="inspect-raw" onClick={() => setRaw(!raw)}>
          {raw ? 'Hide' : 'Show'} the raw JSON
        </button>
      </div>
      {raw && <pre class="json" data-testid="inspect-json" tabIndex={0}>{JSON.stringify(c, null, 2)}</pre>}
    </div>
  );
}

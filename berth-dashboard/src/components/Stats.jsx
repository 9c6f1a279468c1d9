// Live charts of a container's CPU, memory, network and block I/O: seeded from the engine's last hour
// (/containers/{id}/stats/history) and extended from the stats stream while the tab is open.
import { useEffect, useState } from 'preact/hooks';
import { api, streamJson } from '../lib/api.js';
import { bytes, percent } from '../lib/format.js';
import { rates, sampleOf } from '../lib/stats.js';
import { LineChart } from './Chart.jsx';
import { ErrorMessage } from './Toast.jsx';

const MAX_SAMPLES = 4000;
const WINDOWS = [[300, '5 minutes'], [900, '15 minutes'], [3600, '1 hour']];

export function Stats({ id, running }) {
  const [samples, setSamples] = useState([]);
  const [error, setError] = useState(null);
  const [span, setSpan] = useState(300);
  const [now, setNow] = useState(Date.now() / 1000);

  useEffect(() => {
    const ctl = new AbortController();
    let list = [];
    const add = (s) => {
      list = list.length >= MAX_SAMPLES ? list.slice(-MAX_SAMPLES + 1) : list.slice();
      if (list.length && s.Time <= list[list.length - 1].Time) return;
      list.push(s);
      setSamples(list);
      setNow(Date.now() / 1000);
    };
    (async () => {
      try {
        const h = await api.get(`/containers/${id}/stats/history`, { signal: ctl.signal });
        list = (h && h.Samples ? h.Samples : []).slice(-MAX_SAMPLES);
        setSamples(list);
      } catch (err) {
        if (err.name === 'AbortError') return;
        if (err.status !== 404) setError(err.message);
      }
      if (!running) return;
      try {
        let first = true;
        await streamJson('GET', `/containers/${id}/stats`, { query: { stream: 1 }, signal: ctl.signal }, (s) => {
          // the first object has no previous CPU reading to compare with
          if (first) { first = false; if (!s.precpu_stats || !s.precpu_stats.system_cpu_usage) return; }
          add(sampleOf(s));
        });
      } catch (err) { if (err.name !== 'AbortError') setError(err.message); }
    })();
    const tick = setInterval(() => setNow(Date.now() / 1000), 5000);
    return () => { ctl.abort(); clearInterval(tick); };
  }, [id, running]);

  const last = samples[samples.length - 1];
  const limit = last && last.MemoryLimit;
  return (
    <div class="page-stats" style={{ display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="stats">
      <div class="toolbar">
        <label for="stats-window">Show the last</label>
        <select id="stats-window" value={span} onChange={(e) => setSpan(Number(e.currentTarget.value))} data-testid="stats-window">
          {WINDOWS.map(([s, l]) => <option key={s} value={s}>{l}</option>)}
        </select>
        <span class="muted" data-testid="stats-samples">{samples.length} samples{running ? '' : ' (not running: history only)'}</span>
      </div>
      <ErrorMessage error={error} />
      <div class="grid2">
        <LineChart title="CPU" testid="chart-cpu" window={span} now={now} format={percent} minMax={1}
                   series={[{ label: 'CPU', color: 'var(--chart-1)', points: samples.map((s) => [s.Time, s.CPUPercent]) }]} />
        <LineChart title={`Memory${limit ? ` (limit ${bytes(limit)})` : ''}`} testid="chart-memory" window={span} now={now} format={(v) => bytes(v)} minMax={1e6}
                   series={[{ label: 'Memory', color: 'var(--chart-1)', points: samples.map((s) => [s.Time, s.MemoryBytes]) }]} />
        <LineChart title="Network" testid="chart-network" window={span} now={now} format={(v) => `${bytes(v)}/s`} minMax={1000}
                   series={[{ label: 'received', color: 'var(--chart-1)', points: rates(samples, 'NetRxBytes') },
                     { label: 'sent', color: 'var(--chart-2)', points: rates(samples, 'NetTxBytes') }]} />
        <LineChart title="Block I/O" testid="chart-blockio" window={span} now={now} format={(v) => `${bytes(v)}/s`} minMax={1000}
                   series={[{ label: 'read', color: 'var(--chart-1)', points: rates(samples, 'BlockReadBytes') },
                     { label: 'written', color: 'var(--chart-2)', points: rates(samples, 'BlockWriteBytes') }]} />
      </div>
    </div>
  );
}

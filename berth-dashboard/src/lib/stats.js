// Stats: the engine's 5-second history (Berth's own, kept for an hour) and the Docker-format stats stream folded
// into one sample shape: { Time, CPUPercent, MemoryBytes, MemoryLimit, NetRxBytes, NetTxBytes, BlockReadBytes, BlockWriteBytes }.

/** One sample from a Docker stats stream object (CPU from the delta against precpu, as docker stats does). */
export function sampleOf(s) {
  const cpu = s.cpu_stats || {};
  const pre = s.precpu_stats || {};
  const cpuDelta = ((cpu.cpu_usage || {}).total_usage || 0) - ((pre.cpu_usage || {}).total_usage || 0);
  const sysDelta = (cpu.system_cpu_usage || 0) - (pre.system_cpu_usage || 0);
  const cpus = cpu.online_cpus || ((cpu.cpu_usage || {}).percpu_usage || []).length || 1;
  const mem = s.memory_stats || {};
  const st = mem.stats || {};
  const cache = st.inactive_file ?? st.total_inactive_file ?? st.cache ?? 0;
  let rx = 0;
  let tx = 0;
  for (const n of Object.values(s.networks || {})) { rx += n.rx_bytes || 0; tx += n.tx_bytes || 0; }
  let rd = 0;
  let wr = 0;
  for (const e of ((s.blkio_stats || {}).io_service_bytes_recursive) || []) {
    const op = (e.op || '').toLowerCase();
    if (op === 'read') rd += e.value || 0;
    if (op === 'write') wr += e.value || 0;
  }
  return {
    Time: Date.parse(s.read) / 1000 || Date.now() / 1000,
    CPUPercent: sysDelta > 0 && cpuDelta >= 0 ? (cpuDelta / sysDelta) * cpus * 100 : 0,
    MemoryBytes: Math.max(0, (mem.usage || 0) - cache),
    MemoryLimit: mem.limit || 0,
    NetRxBytes: rx, NetTxBytes: tx, BlockReadBytes: rd, BlockWriteBytes: wr,
  };
}

/** Counters → per-second rates between consecutive samples. */
export function rates(samples, key) {
  const out = [];
  for (let i = 1; i < samples.length; i++) {
    const dt = samples[i].Time - samples[i - 1].Time;
    const dv = samples[i][key] - samples[i - 1][key];
    if (dt > 0 && dv >= 0) out.push([samples[i].Time, dv / dt]);
  }
  return out;
}

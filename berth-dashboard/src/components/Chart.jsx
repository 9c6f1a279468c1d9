// A line chart drawn as SVG (no chart library): series of [unixSeconds, value] over the last `window` seconds.
const W = 600;
const H = 120;

function path(points, t0, span, max) {
  let d = '';
  let x0 = null;
  let x1 = 0;
  for (const [t, v] of points) {
    if (t < t0) continue;
    const x = ((t - t0) / span) * W;
    const y = H - (Math.max(0, v) / max) * (H - 6);
    d += `${d ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    if (x0 === null) x0 = x;
    x1 = x;
  }
  return { d, area: d && `${d}L${x1.toFixed(1)},${H}L${x0.toFixed(1)},${H}Z` };
}

export function LineChart({ title, series, window: span, format, now, testid, minMax = 1 }) {
  const t0 = now - span;
  let max = minMax;
  for (const s of series) for (const [t, v] of s.points) if (t >= t0 && v > max) max = v;
  max *= 1.1;
  const latest = series.map((s) => (s.points.length ? s.points[s.points.length - 1][1] : null));
  return (
    <div class="panel chart" data-testid={testid}>
      <h3>
        <span>{title}</span>
        <span class="value" data-testid={`${testid}-value`}>{series.map((s, i) => (latest[i] === null ? '—' : format(latest[i]))).join(' / ')}</span>
      </h3>
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={`${title}, last ${Math.round(span / 60)} minutes`}>
        {[0.25, 0.5, 0.75].map((f) => (
          <line key={f} x1="0" x2={W} y1={H * f} y2={H * f} style={{ stroke: 'var(--border)', strokeWidth: 1 }} vector-effect="non-scaling-stroke" />
        ))}
        {series.map((s) => {
          const { d, area } = path(s.points, t0, span, max);
          return d && (
            <g key={s.label}>
              <path d={area} style={{ fill: s.color, opacity: 0.12, stroke: 'none' }} />
              <path d={d} style={{ fill: 'none', stroke: s.color, strokeWidth: 1.8 }} vector-effect="non-scaling-stroke" stroke-linejoin="round" />
            </g>
          );
        })}
      </svg>
      <div class="legend">
        <span>max {format(max / 1.1)}</span>
        {series.length > 1 && series.map((s) => <span key={s.label}><span class="swatch" style={{ background: s.color }} />{s.label}</span>)}
      </div>
    </div>
  );
}

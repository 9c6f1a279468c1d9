// Small formatting helpers shared by the pages.
export function bytes(n, digits = 1) {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = Number(n);
  while (Math.abs(v) >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${i === 0 ? Math.round(v) : v.toFixed(v >= 100 ? 0 : digits)} ${units[i]}`;
}

export function ago(unixSeconds) {
  if (!unixSeconds) return '—';
  const s = Math.max(0, Date.now() / 1000 - unixSeconds);
  if (s < 60) return 'just now';
  const steps = [[60, 'minute'], [3600, 'hour'], [86400, 'day'], [86400 * 7, 'week'], [86400 * 30, 'month'], [86400 * 365, 'year']];
  let unit = steps[0];
  for (const st of steps) if (s >= st[0]) unit = st;
  const n = Math.floor(s / unit[0]);
  return `${n} ${unit[1]}${n === 1 ? '' : 's'} ago`;
}

export function isoToUnix(iso) {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t / 1000;
}

export function shortId(id) {
  if (!id) return '';
  return id.replace(/^sha256:/, '').slice(0, 12);
}

export function percent(p) {
  if (p === null || p === undefined || Number.isNaN(p)) return '—';
  return `${p.toFixed(p < 10 ? 2 : 1)}%`;
}

export function containerName(c) {
  const n = (c.Names && c.Names[0]) || c.Name || '';
  return n.replace(/^\//, '');
}

/** Splits a command line into words the way a shell would for simple quoting ('..', "..", backslash). */
export function shellWords(line) {
  const words = [];
  let cur = '';
  let quote = null;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") { quote = c; has = true; }
    else if (c === '\\' && i + 1 < line.length) { cur += line[++i]; has = true; }
    else if (/\s/.test(c)) { if (has || cur) { words.push(cur); cur = ''; has = false; } }
    else { cur += c; has = true; }
  }
  if (quote) throw new Error(`unclosed ${quote} in the command`);
  if (has || cur) words.push(cur);
  return words;
}

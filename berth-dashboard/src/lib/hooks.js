import { useEffect, useRef } from 'preact/hooks';

/** Calls fn now and every `ms` while the page is visible (a hidden tab costs berthd nothing). */
export function useVisibleInterval(fn, ms, deps = []) {
  const f = useRef(fn);
  f.current = fn;
  useEffect(() => {
    let timer = null;
    const tick = () => { if (document.visibilityState === 'visible') f.current(); };
    const start = () => { if (!timer) timer = setInterval(tick, ms); };
    const stop = () => { if (timer) { clearInterval(timer); timer = null; } };
    const onVis = () => { if (document.visibilityState === 'visible') { f.current(); start(); } else stop(); };
    f.current();
    start();
    document.addEventListener('visibilitychange', onVis);
    return () => { stop(); document.removeEventListener('visibilitychange', onVis); };
  }, deps);
}

// One shared subscription to the Engine's events stream for the whole page: pages register listeners instead of
// polling. The stream reconnects with a growing delay and resumes from the last event's time so nothing is missed.
import { useEffect, useRef } from 'preact/hooks';
import { streamJson } from './api.js';

const listeners = new Set();
const statusListeners = new Set();
let started = false;
let status = 'connecting';
let since = null;

function setStatus(s) {
  if (s === status) return;
  status = s;
  for (const l of statusListeners) l(s);
}

async function run() {
  let delay = 1000;
  for (;;) {
    try {
      setStatus('connecting');
      const query = since ? { since } : {};
      let first = true;
      const open = streamJson('GET', '/events', { query }, (ev) => {
        if (first) { first = false; }
        if (ev.timeNano) since = `${Math.floor(ev.timeNano / 1e9)}.${String(ev.timeNano % 1e9).padStart(9, '0')}`;
        else if (ev.time) since = String(ev.time);
        for (const l of listeners) {
          try { l(ev); } catch (e) { console.error(e); }
        }
      });
      // the stream's headers arrive at once; a stream that is open and quiet is healthy
      setTimeout(() => { if (status === 'connecting') setStatus('live'); }, 300);
      await open;
      delay = 1000;
    } catch (e) {
      if (e.status === 401) return;
    }
    setStatus('down');
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 15000);
  }
}

export function startEvents() {
  if (started) return;
  started = true;
  run();
}

/** Registers fn for every event; returns the function that unregisters it. */
export function onEvent(fn) {
  startEvents();
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function onStatus(fn) {
  statusListeners.add(fn);
  fn(status);
  return () => statusListeners.delete(fn);
}

/**
 * Hook: calls handler for events for which filter(ev) holds, at most once per `debounceMs` (a burst of events,
 * e.g. a bulk stop, leads to one refresh).
 */
export function useEvents(filter, handler, debounceMs = 200) {
  const h = useRef(handler);
  const f = useRef(filter);
  h.current = handler;
  f.current = filter;
  useEffect(() => {
    let timer = null;
    const off = onEvent((ev) => {
      if (!f.current(ev)) return;
      if (debounceMs <= 0) { h.current(ev); return; }
      if (timer) return;
      timer = setTimeout(() => { timer = null; h.current(ev); }, debounceMs);
    });
    return () => { off(); if (timer) clearTimeout(timer); };
  }, [debounceMs]);
}

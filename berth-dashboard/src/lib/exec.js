// The terminal's exec: created once per container and browser tab, its id kept in sessionStorage so that a reload
// re-attaches to the same shell (berthd keeps a detached exec's terminal for 10 minutes).
import { api } from './api.js';

const key = (containerId) => `berth.exec.${containerId}`;

export function forgetExec(containerId) {
  try { sessionStorage.removeItem(key(containerId)); } catch { /* storage off */ }
}

/** The exec to attach to: the stored one while it runs, else a new `sh` with a TTY. */
export async function execFor(containerId, { fresh = false, cmd = ['sh'] } = {}) {
  let stored = null;
  try { stored = fresh ? null : sessionStorage.getItem(key(containerId)); } catch { /* storage off */ }
  if (stored) {
    try {
      const info = await api.get(`/exec/${stored}/json`);
      if (info.Running) return { id: stored, reattached: true };
    } catch { /* gone with its container or berthd's restart */ }
  }
  const created = await api.post(`/containers/${containerId}/exec`, {
    AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, Cmd: cmd, Env: ['TERM=xterm-256color'],
  });
  try { sessionStorage.setItem(key(containerId), created.Id); } catch { /* storage off: no re-attach */ }
  return { id: created.Id, reattached: false };
}

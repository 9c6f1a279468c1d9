// Folds POST /build's stream ({"stream": text}, pull {"status", "id"}, {"aux": {"ID"}}, {"error"}) into what the Build
// page shows: the log lines (the last MAX_LINES of them), the steps ("Step 2/5 : RUN ...") with their state, the ID.

export const MAX_LINES = 5000;

export const emptyBuild = () => ({ lines: [], dropped: 0, partial: '', steps: [], total: 0, id: null, error: null });

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;

function addLine(state, text, kind) {
  const lines = state.lines;
  lines.push({ text, kind });
  if (lines.length > MAX_LINES) {
    lines.splice(0, lines.length - MAX_LINES);
    state.dropped += 1;
  }
  const m = kind === 'out' ? STEP.exec(text) : null;
  if (m) {
    for (const s of state.steps) if (s.state === 'running') s.state = 'done';
    state.steps.push({ n: Number(m[1]), instruction: m[3], state: 'running' });
    state.total = Number(m[2]);
    lines[lines.length - 1].kind = 'step';
  }
}

/** Mutates and returns state (the page copies it shallowly to re-render): one call per stream object. */
export function foldBuild(state, msg) {
  if (msg.stream !== undefined) {
    const text = state.partial + msg.stream;
    const parts = text.split('\n');
    state.partial = parts.pop();
    for (const p of parts) addLine(state, p.replace(/\r$/, ''), 'out');
  } else if (msg.error) {
    if (state.partial) { addLine(state, state.partial, 'out'); state.partial = ''; }
    addLine(state, msg.error, 'err');
    state.error = msg.error;
    for (const s of state.steps) if (s.state === 'running') s.state = 'failed';
  } else if (msg.aux && msg.aux.ID) {
    state.id = msg.aux.ID;
  } else if (msg.status) {
    // pull progress of a FROM image: one line per layer state change, not per byte
    if (!msg.progressDetail || !msg.progressDetail.current) addLine(state, msg.id ? `${msg.id}: ${msg.status}` : msg.status, 'pull');
  }
  return state;
}

/** The stream ended without an error: the last step is done. */
export function finishBuild(state) {
  if (state.partial) { addLine(state, state.partial, 'out'); state.partial = ''; }
  if (!state.error) for (const s of state.steps) if (s.state === 'running') s.state = 'done';
  return state;
}

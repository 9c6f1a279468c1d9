// Per-layer progress bars for a pull or a push.
import { bytes } from '../lib/format.js';

export function LayerProgress({ state, testid = 'pull-progress' }) {
  const layers = [...state.layers.values()];
  return (
    <div class="panel panel-pad" data-testid={testid} aria-live="polite">
      {state.messages.length > 0 && (
        <div class="muted mono" data-testid={`${testid}-status`} style={{ marginBottom: 6 }}>
          {state.messages.slice(-3).map((m, i) => <div key={i}>{m}</div>)}
        </div>
      )}
      <div class="layers">
        {layers.map((l) => (
          <div class="layer" key={l.id} data-testid="pull-layer" data-layer={l.id} data-done={l.done ? 'true' : 'false'}>
            <span class="mono">{l.id}</span>
            <div class="progress" role="progressbar" aria-label={`layer ${l.id}`} aria-valuemin="0" aria-valuemax="100"
                 aria-valuenow={Math.round(l.fraction * 100)}>
              <span style={{ width: `${Math.round(l.fraction * 100)}%` }} />
            </div>
            <span class="muted layer-status">{l.status}{l.total && !l.done ? ` ${bytes(l.current)} / ${bytes(l.total)}` : ''}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

// The Run dialog: name (empty = a generated one), ports, environment, volumes, command → create, then start.
// Nothing is left half-created: bad fields are refused before the create; a start that fails removes the container.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { createRequest } from '../lib/run.js';
import { Dialog } from './Dialog.jsx';
import { ErrorMessage, toast } from './Toast.jsx';
import { navigate } from '../lib/router.js';

function ListField({ label, hint, values, setValues, placeholder, testid }) {
  const set = (i, v) => setValues(values.map((x, j) => (i === j ? v : x)));
  return (
    <fieldset class="field" style={{ border: 0, padding: 0, margin: 0 }}>
      <legend style={{ fontWeight: 500, padding: 0, marginBottom: 4 }}>{label}</legend>
      {values.map((v, i) => (
        <div class="field-row" key={i}>
          <input value={v} placeholder={placeholder} aria-label={`${label} ${i + 1}`} data-testid={testid}
                 onInput={(e) => set(i, e.currentTarget.value)} />
          <button type="button" class="icon small" aria-label={`Remove ${label.toLowerCase()} ${i + 1}`}
                  onClick={() => setValues(values.length === 1 ? [''] : values.filter((_, j) => j !== i))}>✕</button>
        </div>
      ))}
      <div><button type="button" class="small" data-testid={`${testid}-add`} onClick={() => setValues([...values, ''])}>+ Add</button></div>
      {hint && <span class="hint">{hint}</span>}
    </fieldset>
  );
}

export function RunDialog({ image, open, onClose }) {
  const [name, setName] = useState('');
  const [ports, setPorts] = useState(['']);
  const [env, setEnv] = useState(['']);
  const [volumes, setVolumes] = useState(['']);
  const [command, setCommand] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);

  const close = () => { if (!busy) { setError(null); onClose(); } };

  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    let req;
    try {
      req = createRequest({ image, name, ports, env, volumes, command });
    } catch (err) {
      setError(err.message);
      return;
    }
    setBusy(true);
    let id = null;
    try {
      const created = await api.post('/containers/create', req.body, { query: { name: req.name } });
      id = created.Id;
      await api.post(`/containers/${id}/start`);
      toast.ok(`Started ${req.name || id.slice(0, 12)}`);
      setBusy(false);
      onClose();
      setName(''); setPorts(['']); setEnv(['']); setVolumes(['']); setCommand('');
      navigate(`/containers/${id.slice(0, 12)}`);
    } catch (err) {
      let message = err.message;
      if (id) {
        // started nothing: take the created container away again so a retry with the same name works
        try {
          await api.del(`/containers/${id}`, { query: { force: 1, v: 1 } });
        } catch (cleanup) {
          message += `\n(the created container ${id.slice(0, 12)} could not be removed: ${cleanup.message})`;
        }
      }
      setError(message);
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={close} title={`Run ${image}`} testid="run-dialog">
      <form onSubmit={submit} style={{ padding: 0 }}>
        <div class="field">
          <label for="run-name">Name</label>
          <input id="run-name" value={name} placeholder="empty: a generated name" autocomplete="off" data-testid="run-name"
                 onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <ListField label="Ports" values={ports} setValues={setPorts} placeholder="8080:80" testid="run-port"
                   hint="host port:container port, e.g. 8080:80 or 5353:53/udp; a link opens it once it runs" />
        <ListField label="Environment" values={env} setValues={setEnv} placeholder="NAME=value" testid="run-env" />
        <ListField label="Volumes" values={volumes} setValues={setVolumes} placeholder="data:/var/lib/data or /host/dir:/dir:ro" testid="run-volume" />
        <div class="field">
          <label for="run-command">Command</label>
          <input id="run-command" value={command} placeholder="empty: the image's own command" autocomplete="off"
                 class="mono" data-testid="run-command" onInput={(e) => setCommand(e.currentTarget.value)} />
        </div>
        <ErrorMessage error={error} />
        <div class="dialog-actions">
          <button type="button" onClick={close} data-testid="run-cancel" disabled={busy}>Cancel</button>
          <button type="submit" class="primary" disabled={busy} data-testid="run-submit">{busy ? 'Starting…' : 'Run'}</button>
        </div>
      </form>
    </Dialog>
  );
}

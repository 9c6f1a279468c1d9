// Turns the Run dialog's fields into a container create body, refusing bad input before anything is created.
import { shellWords } from './format.js';

/** "8080:80", "8080:80/udp", "127.0.0.1:8080:80", "80" (a random host port) → [containerPort/proto, binding]. */
export function parsePort(spec) {
  const s = spec.trim();
  const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(?:(\d{1,5})?:)?(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(s);
  if (!m) throw new Error(`port "${s}": write host:container, e.g. 8080:80 (or 8080:80/udp)`);
  const [, ip, host, container, proto = 'tcp'] = m;
  const check = (p, what) => {
    if (p !== undefined && (Number(p) < 1 || Number(p) > 65535)) throw new Error(`port "${s}": ${what} port ${p} is not between 1 and 65535`);
  };
  check(host, 'host');
  check(container, 'container');
  return [`${container}/${proto}`, { HostIp: ip ? ip.replace(/^\[|\]$/g, '') : '', HostPort: host || '' }];
}

export function parseEnv(line) {
  const s = line.trim();
  if (!/^[^=\s][^=]*=/.test(s) && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) throw new Error(`environment "${s}": write NAME=value`);
  return s;
}

export function parseVolume(spec) {
  const s = spec.trim();
  const parts = s.split(':');
  if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1]) {
    throw new Error(`volume "${s}": write source:/path/in/container[:ro], source being a volume name or a host path`);
  }
  if (!parts[1].startsWith('/')) throw new Error(`volume "${s}": the path in the container must be absolute`);
  if (parts[2] && !/^(ro|rw)(,(z|Z|ro|rw))*$/.test(parts[2])) throw new Error(`volume "${s}": options are ro or rw`);
  return s;
}

export function validName(name) {
  return name === '' || /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name);
}

/** fields: { image, name, ports: [..], env: [..], volumes: [..], command } → { name, body } */
export function createRequest(fields) {
  const name = fields.name.trim();
  if (!validName(name)) throw new Error(`name "${name}": use letters, digits, '_', '.' and '-', starting with a letter or digit, at least 2 characters`);
  const exposed = {};
  const bindings = {};
  for (const p of fields.ports.filter((x) => x.trim())) {
    const [key, binding] = parsePort(p);
    exposed[key] = {};
    (bindings[key] = bindings[key] || []).push(binding);
  }
  const env = fields.env.filter((x) => x.trim()).map(parseEnv);
  const binds = fields.volumes.filter((x) => x.trim()).map(parseVolume);
  const cmd = fields.command.trim() ? shellWords(fields.command) : undefined;
  const body = { Image: fields.image, Env: env, ExposedPorts: exposed, HostConfig: { PortBindings: bindings, Binds: binds } };
  if (cmd) body.Cmd = cmd;
  if (fields.tty) { body.Tty = true; body.OpenStdin = true; }
  return { name, body };
}

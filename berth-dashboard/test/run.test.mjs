// The Run dialog's fields turned into a create request; bad fields refused before anything is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequest, parsePort } from '../src/lib/run.js';

const fields = (over) => ({ image: 'busybox:latest', name: '', ports: [''], env: [''], volumes: [''], command: '', ...over });

test('ports become ExposedPorts and PortBindings, several bindings of one port kept', () => {
  const { body } = createRequest(fields({ ports: ['8080:80', '127.0.0.1:8081:80', '5353:53/udp', ''] }));
  assert.deepEqual(body.ExposedPorts, { '80/tcp': {}, '53/udp': {} });
  assert.deepEqual(body.HostConfig.PortBindings, {
    '80/tcp': [{ HostIp: '', HostPort: '8080' }, { HostIp: '127.0.0.1', HostPort: '8081' }],
    '53/udp': [{ HostIp: '', HostPort: '5353' }],
  });
});

test('a container port alone is published on a port the engine picks', () => {
  assert.deepEqual(parsePort('80'), ['80/tcp', { HostIp: '', HostPort: '' }]);
});

test('ports that are not ports are refused with the entry named', () => {
  assert.throws(() => parsePort('abc'), /port "abc"/);
  assert.throws(() => parsePort('70000:80'), /70000 is not between 1 and 65535/);
  assert.throws(() => parsePort('8080:80/xyz'), /port "8080:80\/xyz"/);
});

test('the command is split into words as a shell would, quotes kept together', () => {
  const { body } = createRequest(fields({ command: `sh -c 'echo "hi there"; sleep 1'` }));
  assert.deepEqual(body.Cmd, ['sh', '-c', 'echo "hi there"; sleep 1']);
});

test('an empty command leaves the image its own', () => {
  assert.equal('Cmd' in createRequest(fields({})).body, false);
});

test('environment, volumes and name are checked', () => {
  const { name, body } = createRequest(fields({ name: 'web-1', env: ['A=1', 'B='], volumes: ['data:/data', '/srv:/srv:ro'] }));
  assert.equal(name, 'web-1');
  assert.deepEqual(body.Env, ['A=1', 'B=']);
  assert.deepEqual(body.HostConfig.Binds, ['data:/data', '/srv:/srv:ro']);
  assert.throws(() => createRequest(fields({ env: ['=x'] })), /environment "=x"/);
  assert.throws(() => createRequest(fields({ volumes: ['data'] })), /volume "data"/);
  assert.throws(() => createRequest(fields({ volumes: ['data:relative'] })), /must be absolute/);
  assert.throws(() => createRequest(fields({ name: 'bad name' })), /name "bad name"/);
  assert.throws(() => createRequest(fields({ command: `echo 'open` })), /unclosed/);
});

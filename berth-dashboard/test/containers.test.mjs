// Container state and ports as the list and the container page show them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionsFor, publishedPorts, statusOf } from '../src/lib/containers.js';
import { sampleOf, rates } from '../src/lib/stats.js';

test('an exited container shows its exit code, from the list and from inspect', () => {
  assert.deepEqual(statusOf({ State: 'exited', Status: 'Exited (137) 2 minutes ago' }), { state: 'exited', code: 137, label: 'exited (137)' });
  assert.deepEqual(statusOf({ State: { Status: 'exited', ExitCode: 3 } }), { state: 'exited', code: 3, label: 'exited (3)' });
  assert.equal(statusOf({ State: 'paused', Status: 'Up 1 minute (Paused)' }).label, 'paused');
});

test('only the actions that fit the state are offered', () => {
  assert.deepEqual(actionsFor('running'), ['stop', 'restart', 'pause', 'remove']);
  assert.deepEqual(actionsFor('paused'), ['resume', 'stop', 'remove']);
  assert.deepEqual(actionsFor('exited'), ['start', 'remove']);
});

test('a port published on IPv4 and IPv6 is one link; unpublished ports are none', () => {
  const ports = publishedPorts({ Ports: [
    { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { PrivatePort: 443, Type: 'tcp' },
  ] });
  assert.deepEqual(ports, [{ host: 8080, container: 80, type: 'tcp' }]);
});

test('a stats stream object becomes a sample: CPU against the previous reading, memory without inactive cache', () => {
  const s = sampleOf({
    read: '2026-12-01T10:00:00Z',
    cpu_stats: { cpu_usage: { total_usage: 3e9 }, system_cpu_usage: 20e9, online_cpus: 2 },
    precpu_stats: { cpu_usage: { total_usage: 2e9 }, system_cpu_usage: 10e9 },
    memory_stats: { usage: 1000, limit: 5000, stats: { inactive_file: 200 } },
    networks: { eth0: { rx_bytes: 10, tx_bytes: 20 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
    blkio_stats: { io_service_bytes_recursive: [{ op: 'Read', value: 7 }, { op: 'Write', value: 9 }] },
  });
  assert.equal(s.CPUPercent, 20);
  assert.equal(s.MemoryBytes, 800);
  assert.equal(s.MemoryLimit, 5000);
  assert.deepEqual([s.NetRxBytes, s.NetTxBytes, s.BlockReadBytes, s.BlockWriteBytes], [11, 22, 7, 9]);
});

test('counters become rates per second; a counter that went back (a restart) is skipped', () => {
  const samples = [{ Time: 0, NetRxBytes: 0 }, { Time: 5, NetRxBytes: 500 }, { Time: 10, NetRxBytes: 100 }, { Time: 15, NetRxBytes: 600 }];
  assert.deepEqual(rates(samples, 'NetRxBytes'), [[5, 100], [15, 100]]);
});

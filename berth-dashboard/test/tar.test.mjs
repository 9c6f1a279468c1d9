// The Build page's tar writer, read back by GNU tar (what a build context must be: any reader's tar).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tarBlob } from '../src/lib/tar.js';

const text = (s) => new TextEncoder().encode(s);

async function unpack(entries) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tar-test-'));
  const file = path.join(dir, 'context.tar');
  fs.writeFileSync(file, Buffer.from(await tarBlob(entries).arrayBuffer()));
  fs.mkdirSync(path.join(dir, 'out'));
  execFileSync('tar', ['-xf', file, '-C', path.join(dir, 'out')]);
  return path.join(dir, 'out');
}

test('files and directories come back with their contents', async () => {
  const out = await unpack([{ path: 'sub', dir: true }, { path: 'Dockerfile', data: text('FROM busybox\n') },
    { path: 'sub/a.txt', data: new Blob(['hello']) }]);
  assert.equal(fs.readFileSync(path.join(out, 'Dockerfile'), 'utf8'), 'FROM busybox\n');
  assert.equal(fs.readFileSync(path.join(out, 'sub/a.txt'), 'utf8'), 'hello');
  assert.ok(fs.statSync(path.join(out, 'sub')).isDirectory());
});

test('a path longer than 100 bytes is split into ustar prefix and name', async () => {
  const long = `${'d'.repeat(120)}/${'f'.repeat(90)}.txt`;
  const out = await unpack([{ path: long, data: text('L') }]);
  assert.equal(fs.readFileSync(path.join(out, long), 'utf8'), 'L');
});

test('a path no ustar split fits goes in a pax record', async () => {
  const longer = `${'z'.repeat(160)}/${'y'.repeat(120)}`;
  const out = await unpack([{ path: longer, data: text('LL') }]);
  assert.equal(fs.readFileSync(path.join(out, longer), 'utf8'), 'LL');
});

test('sizes that are not a multiple of 512 are padded so the next entry lines up', async () => {
  const out = await unpack([{ path: 'a', data: text('x'.repeat(513)) }, { path: 'b', data: text('second') }]);
  assert.equal(fs.readFileSync(path.join(out, 'a'), 'utf8').length, 513);
  assert.equal(fs.readFileSync(path.join(out, 'b'), 'utf8'), 'second');
});

test('a path that climbs out of the context is refused', () => {
  assert.throws(() => tarBlob([{ path: '../etc/passwd', data: text('') }]), /bad path/);
  assert.throws(() => tarBlob([{ path: '/etc/passwd', data: text('') }]), /bad path/);
});

// Pull progress folded into one bar per layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyProgress, foldProgress, splitReference } from '../src/lib/pull.js';

test('references split into repository and tag, registry ports and digests kept', () => {
  assert.deepEqual(splitReference('busybox'), { fromImage: 'busybox', tag: 'latest' });
  assert.deepEqual(splitReference('localhost:5000/a/b:1.2'), { fromImage: 'localhost:5000/a/b', tag: '1.2' });
  assert.deepEqual(splitReference('localhost:5000/a'), { fromImage: 'localhost:5000/a', tag: 'latest' });
  assert.deepEqual(splitReference('a@sha256:abc'), { fromImage: 'a@sha256:abc', tag: '' });
});

test('a layer goes from waiting through download and extraction to complete', () => {
  const id = '0123456789ab';
  let s = emptyProgress();
  s = foldProgress(s, { status: 'Pulling from library/busybox', id: 'latest' });
  s = foldProgress(s, { status: 'Pulling fs layer', id });
  assert.equal(s.layers.get(id).fraction, 0);
  s = foldProgress(s, { status: 'Downloading', id, progressDetail: { current: 50, total: 100 } });
  const half = s.layers.get(id).fraction;
  assert.ok(half > 0.3 && half < 0.6, `half-way download at ${half}`);
  s = foldProgress(s, { status: 'Extracting', id, progressDetail: { current: 100, total: 100 } });
  assert.ok(s.layers.get(id).fraction > half);
  s = foldProgress(s, { status: 'Pull complete', id });
  assert.equal(s.layers.get(id).fraction, 1);
  assert.equal(s.layers.get(id).done, true);
  assert.deepEqual(s.messages, ['Pulling from library/busybox']);
});

test('an error in the stream is kept as the pull error', () => {
  const s = foldProgress(emptyProgress(), { error: 'manifest unknown', errorDetail: { message: 'manifest unknown' } });
  assert.equal(s.error, 'manifest unknown');
});

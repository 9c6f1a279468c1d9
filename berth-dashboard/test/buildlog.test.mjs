// How the Build page reads POST /build's stream into steps and log lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyBuild, finishBuild, foldBuild, MAX_LINES } from '../src/lib/buildlog.js';

const fold = (msgs) => finishBuild(msgs.reduce(foldBuild, emptyBuild()));

test('each "Step n/m" line starts a step; the one before it is done', () => {
  const s = foldBuild(foldBuild(emptyBuild(), { stream: 'Step 1/2 : FROM busybox\n' }), { stream: ' ---> abc\nStep 2/2 : RUN x\n' });
  assert.deepEqual(s.steps.map((x) => [x.n, x.state]), [[1, 'done'], [2, 'running']]);
  assert.equal(s.total, 2);
});

test('a line split across stream messages is one line', () => {
  const s = fold([{ stream: 'Step 1/1 : FR' }, { stream: 'OM busybox\n' }]);
  assert.deepEqual(s.lines.map((l) => l.text), ['Step 1/1 : FROM busybox']);
  assert.equal(s.steps[0].instruction, 'FROM busybox');
});

test('an error fails the running step and is kept', () => {
  const s = fold([{ stream: 'Step 1/2 : RUN false\n' }, { error: 'The command returned a non-zero code: 1', errorDetail: {} }]);
  assert.equal(s.steps[0].state, 'failed');
  assert.equal(s.error, 'The command returned a non-zero code: 1');
  assert.equal(s.lines.at(-1).kind, 'err');
});

test('the image ID comes from the aux message', () => {
  assert.equal(fold([{ aux: { ID: 'sha256:abc' } }]).id, 'sha256:abc');
});

test('the log keeps the last MAX_LINES lines only', () => {
  const s = fold([{ stream: 'x\n'.repeat(MAX_LINES + 10) }]);
  assert.equal(s.lines.length, MAX_LINES);
  assert.equal(s.dropped, 10);
});

// The logs reader: Docker's multiplexed frames taken apart in the browser, lines split per stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Demuxer, LineSplitter, readLogs } from '../src/lib/logstream.js';

const text = (s) => new TextEncoder().encode(s);
function frame(stream, s) {
  const body = text(s);
  const out = new Uint8Array(8 + body.length);
  out[0] = stream;
  new DataView(out.buffer).setUint32(4, body.length);
  out.set(body, 8);
  return out;
}
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};
const decode = (frames) => frames.map((f) => [f.stream, new TextDecoder().decode(f.data)]);

test('frames split anywhere across chunks come out whole, in order, with their stream', () => {
  const all = concat(frame(1, 'out one\n'), frame(2, 'err one\n'), frame(1, 'out two\n'));
  for (let cut = 1; cut < all.length; cut++) {
    const d = new Demuxer();
    const got = [...d.push(all.subarray(0, cut)), ...d.push(all.subarray(cut))];
    assert.deepEqual(decode(got), [[1, 'out one\n'], [2, 'err one\n'], [1, 'out two\n']], `cut at ${cut}`);
  }
});

test('a line written in two frames is one line', () => {
  const out = [];
  const s = new LineSplitter(1);
  s.push(text('hel'), out);
  s.push(text('lo\nwor'), out);
  s.flush(out);
  assert.deepEqual(out, [{ text: 'hello', err: false }, { text: 'wor', err: false }]);
});

test('a multi-byte character cut between chunks is decoded whole', () => {
  const bytes = text('ä\n');
  const out = [];
  const s = new LineSplitter(2);
  s.push(bytes.subarray(0, 1), out);
  s.push(bytes.subarray(1), out);
  assert.deepEqual(out, [{ text: 'ä', err: true }]);
});

test('a line without an end is cut into bounded pieces instead of growing without limit', () => {
  const out = [];
  const s = new LineSplitter(1);
  for (let i = 0; i < 10; i++) s.push(text('x'.repeat(10000)), out);
  assert.ok(out.length >= 2);
  assert.ok(out.every((l) => l.text.length <= 8192 + 40));
});

test('readLogs tells stdout from stderr in a multiplexed answer and passes a TTY answer through', async () => {
  const body = (bytes) => ({ body: new Blob([bytes]).stream() });
  const lines = [];
  await readLogs(body(concat(frame(1, 'a\n'), frame(2, 'b\n'))), false, (l) => lines.push(...l));
  assert.deepEqual(lines, [{ text: 'a', err: false }, { text: 'b', err: true }]);
  const raw = [];
  await readLogs(body(text('\u0001plain\r\n')), true, (l) => raw.push(...l));
  assert.deepEqual(raw, [{ text: '\u0001plain', err: false }]);
});

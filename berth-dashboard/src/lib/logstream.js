// Turns a logs answer into lines. Without a TTY the Engine multiplexes stdout and stderr: each frame is an 8-byte
// header (stream 1 or 2, three zero bytes, a big-endian length) and that many bytes; with a TTY it is the raw bytes.

export class Demuxer {
  constructor() {
    this.pending = new Uint8Array(0);
  }

  /** Feeds bytes; returns the complete frames in them as [{ stream: 1|2, data: Uint8Array }]. */
  push(chunk) {
    let buf = chunk;
    if (this.pending.length) {
      buf = new Uint8Array(this.pending.length + chunk.length);
      buf.set(this.pending, 0);
      buf.set(chunk, this.pending.length);
    }
    const frames = [];
    let off = 0;
    while (buf.length - off >= 8) {
      const stream = buf[off];
      const size = ((buf[off + 4] << 24) >>> 0) + (buf[off + 5] << 16) + (buf[off + 6] << 8) + buf[off + 7];
      if (buf.length - off - 8 < size) break;
      frames.push({ stream: stream === 2 ? 2 : 1, data: buf.subarray(off + 8, off + 8 + size) });
      off += 8 + size;
    }
    this.pending = off === buf.length ? new Uint8Array(0) : buf.slice(off);
    return frames;
  }
}

const MAX_LINE = 8192;

/** Splits decoded text of one stream into lines, carrying a partial last line to the next call. */
export class LineSplitter {
  constructor(stream) {
    this.stream = stream;
    this.decoder = new TextDecoder();
    this.partial = '';
  }

  push(bytes, out) {
    const text = this.partial + this.decoder.decode(bytes, { stream: true });
    let start = 0;
    let nl;
    while ((nl = text.indexOf('\n', start)) >= 0) {
      let line = text.slice(start, nl);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      out.push({ text: line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}… (${line.length} characters)` : line, err: this.stream === 2 });
      start = nl + 1;
    }
    this.partial = text.slice(start);
    // a line with no end in sight is shown in pieces rather than held forever
    if (this.partial.length > MAX_LINE * 4) {
      out.push({ text: this.partial.slice(0, MAX_LINE), err: this.stream === 2 });
      this.partial = '';
    }
  }

  flush(out) {
    if (this.partial) out.push({ text: this.partial, err: this.stream === 2 });
    this.partial = '';
  }
}

/** Reads a logs Response body, calling onLines(lines) with each batch of complete lines. */
export async function readLogs(res, tty, onLines) {
  const reader = res.body.getReader();
  const demux = tty ? null : new Demuxer();
  const split = { 1: new LineSplitter(1), 2: new LineSplitter(2) };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const out = [];
    if (tty) split[1].push(value, out);
    else for (const f of demux.push(value)) split[f.stream].push(f.data, out);
    if (out.length) onLines(out);
  }
  const out = [];
  split[1].flush(out);
  split[2].flush(out);
  if (out.length) onLines(out);
}

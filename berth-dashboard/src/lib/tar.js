// A small tar (ustar + pax for long names) writer: the Build page packs the chosen folder in the browser and sends it
// as the build context. Only what a context needs: regular files and directories, owned by root, fixed mtime.

const BLOCK = 512;
const enc = new TextEncoder();

function octal(n, width) {
  // width-1 octal digits and a NUL, as ustar wants
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function put(block, offset, width, text) {
  const bytes = enc.encode(text);
  if (bytes.length > width) throw new Error(`tar field too long: ${text}`);
  block.set(bytes, offset);
}

function header(name, size, type, mode, mtime, prefix = '') {
  const h = new Uint8Array(BLOCK);
  put(h, 0, 100, name);
  put(h, 100, 8, octal(mode, 8));
  put(h, 108, 8, octal(0, 8));
  put(h, 116, 8, octal(0, 8));
  put(h, 124, 12, octal(size, 12));
  put(h, 136, 12, octal(mtime, 12));
  h.fill(0x20, 148, 156); // checksum counted as spaces
  put(h, 156, 1, type);
  put(h, 257, 6, 'ustar\0');
  put(h, 263, 2, '00');
  put(h, 265, 32, 'root');
  put(h, 297, 32, 'root');
  put(h, 345, 155, prefix);
  let sum = 0;
  for (const b of h) sum += b;
  put(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

// ustar splits a path of up to 255 bytes into prefix/name at a slash; longer or unsplittable ones need a pax record
function split(path) {
  const bytes = enc.encode(path).length;
  if (bytes <= 100) return { name: path, prefix: '' };
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i), name = path.slice(i + 1);
    if (enc.encode(prefix).length <= 155 && enc.encode(name).length <= 100 && name) return { name, prefix };
  }
  return null;
}

// a pax record is "<length> key=value\n" where the length counts its own digits too
function paxRecord(key, value) {
  const body = ` ${key}=${value}\n`;
  const n = enc.encode(body).length;
  let len = n + 1;
  while (String(len).length + n !== len) len = String(len).length + n;
  return `${len}${body}`;
}

function padding(size) {
  return new Uint8Array((BLOCK - (size % BLOCK)) % BLOCK);
}

/**
 * Packs entries ({path, data: Uint8Array|Blob, dir?: boolean}) into a tar Blob. Paths are relative with '/'
 * separators; directories get a trailing slash.
 */
export function tarBlob(entries, mtime = 0) {
  const parts = [];
  for (const e of entries) {
    const path = e.dir && !e.path.endsWith('/') ? e.path + '/' : e.path;
    if (!path || path.startsWith('/') || path.split('/').includes('..')) throw new Error(`bad path in context: ${path}`);
    const size = e.dir ? 0 : (e.data.size ?? e.data.length);
    const type = e.dir ? '5' : '0';
    const mode = e.dir ? 0o755 : (e.mode ?? 0o644);
    let parsed = split(path);
    if (!parsed) {
      const pax = enc.encode(paxRecord('path', path));
      parts.push(header('PaxHeader', pax.length, 'x', 0o644, mtime), pax, padding(pax.length));
      // readers that know pax take the path from the record; the header's own name is only a fallback
      parsed = { name: path.slice(-100), prefix: '' };
      while (enc.encode(parsed.name).length > 100) parsed.name = parsed.name.slice(1);
    }
    parts.push(header(parsed.name, size, type, mode, mtime, parsed.prefix));
    if (!e.dir) parts.push(e.data, padding(size));
  }
  parts.push(new Uint8Array(BLOCK * 2));
  return new Blob(parts, { type: 'application/x-tar' });
}

// Writes a .gz beside each text asset of the built dashboard (berthd serves it to clients that accept gzip) and
// prints the gzipped total, the figure the 500 KB budget is about.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const root = new URL('../target/classes/berth/dashboard/', import.meta.url).pathname;
const text = /\.(html|js|mjs|css|svg|json|txt|map|ico)$/;
let total = 0;
let files = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { walk(path); continue; }
    if (name.endsWith('.gz')) continue;
    const data = readFileSync(path);
    if (!text.test(name) || name.endsWith('.map')) { total += data.length; files++; continue; }
    const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
    writeFileSync(path + '.gz', gz);
    total += gz.length;
    files++;
  }
}
walk(root);
console.log(`berth dashboard: ${files} files, ${(total / 1024).toFixed(1)} KB gzipped in all (budget 500 KB)`);
if (total > 500 * 1024) { console.error('over the 500 KB budget'); process.exit(1); }

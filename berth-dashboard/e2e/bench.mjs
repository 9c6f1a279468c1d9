// The dashboard's page-side figures for bench/dashboard.sh: first contentful paint (navigation start to FCP, from
// Chromium's performance timeline) with an empty and a warm HTTP cache, and berthd's CPU while one page stays open.
//
//   node e2e/bench.mjs --url http://127.0.0.1:P/?token=T --runs 11 --pid <berthd pid> --idle 60
import { launch, args } from './browser.mjs';
import fs from 'node:fs';

const opt = args({ runs: '11', pid: '', idle: '60', path: '/' });
const runs = Number(opt.runs);
const url = new URL(opt.url);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function fcp(page) {
  return page.evaluate(() => new Promise(resolve => {
    const seen = performance.getEntriesByName('first-contentful-paint')[0];
    if (seen) return resolve(seen.startTime);
    new PerformanceObserver(list => resolve(list.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true });
  }));
}

const context = await launch();
try {
  // log in once: the session cookie is the one thing kept across runs
  const login = await context.newPage();
  await login.goto(url.href);
  await login.close();
  const target = new URL(opt.path, url.origin).href;

  for (const cached of [false, true]) {
    const times = [];
    for (let i = 0; i < runs + 1; i++) {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: !cached });
      await page.goto(target, { waitUntil: 'load' });
      const t = await fcp(page);
      await page.close();
      if (i > 0) times.push(t); // the first run warms berthd's path (and fills the cache for the cached round)
    }
    console.log(`first contentful paint, ${cached ? 'warm' : 'empty'} browser cache: median ${median(times).toFixed(0)} ms` +
      ` (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}, n=${runs})`);
  }

  if (opt.pid) {
    const ticks = () => {
      const f = fs.readFileSync(`/proc/${opt.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(f[11]) + Number(f[12]); // utime + stime (fields 14 and 15 of the whole line)
    };
    const hz = 100; // CLK_TCK on Linux x86-64
    const sample = async (what, page) => {
      const t0 = ticks(), w0 = Date.now();
      await page.waitForTimeout(Number(opt.idle) * 1000);
      const used = (ticks() - t0) / hz, wall = (Date.now() - w0) / 1000;
      console.log(`berthd CPU ${what}: ${(used * 1000).toFixed(0)} ms over ${wall.toFixed(0)} s = ` +
        `${(100 * used / wall).toFixed(2)}% of one core`);
    };
    const blank = await context.newPage();
    await sample('with no page open', blank);
    await blank.close();
    const page = await context.newPage();
    await page.goto(target, { waitUntil: 'load' });
    await page.waitForTimeout(5000); // let the first requests and the events stream settle
    await sample('with one idle open page', page);
  }
} finally {
  await context.close();
}

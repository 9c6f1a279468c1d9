// The dashboard end to end, in one headless Chromium, as a person would use it: log in with the token, pull an image
// from a local registry, run it from the Run dialog with a published port, open the port, read its logs, type in its
// terminal, pause, stop and remove it; bad input (a wrong token, a taken name, a missing image) shows a clear message
// and creates nothing. Screenshots of each page go to --shots. DashboardE2EIT runs it against a test berthd:
//
//   node e2e/scenario.mjs --url http://127.0.0.1:P/ --token T --image 127.0.0.1:R/e2e/web:1 --port H --shots DIR
//
// --image serves /www/index.html ("dashboard-ok") with busybox httpd on 8080, logs "serving /www" at start and ends
// on SIGTERM (so that Stop is quick);
// --port is a free host port to publish it on. Prints one line per step; exits 1 on the first failure.
import { launch, args } from './browser.mjs';
import fs from 'node:fs';
import path from 'node:path';

const opt = args({ shots: '', missing: '' });
const base = new URL(opt.url);
const origin = base.origin;
const image = opt.image;
const registry = image.slice(0, image.indexOf('/'));
const missing = opt.missing || `${registry}/e2e/absent:1`;
const name = `e2e-web-${process.pid}`;
const volume = `e2e-data-${process.pid}`;
const STEP_TIMEOUT = 20_000;
const started = Date.now();
if (opt.shots) fs.mkdirSync(opt.shots, { recursive: true });

let page;
const context = await launch({ colorScheme: 'light' });
context.setDefaultTimeout(STEP_TIMEOUT);
const t = id => page.getByTestId(id, { exact: true });

async function step(title, fn) {
  const t0 = Date.now();
  await fn();
  console.log(`ok - ${title} (${Date.now() - t0} ms)`);
}

async function shot(file, target = page) {
  if (!opt.shots) return;
  // the pictures show the page, not the notices of the steps before
  await target.evaluate(() => document.querySelectorAll('[data-testid=toast-dismiss]').forEach(b => b.click()));
  await target.evaluate(() => document.fonts && document.fonts.ready);
  await target.screenshot({ path: path.join(opt.shots, file) });
}

/** The Engine API through the dashboard, with the page's session cookie: what the page itself would see. */
async function api(p) {
  return page.evaluate(async u => {
    const r = await fetch(u);
    return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? await r.json() : await r.text() };
  }, `/api/v1.50${p}`);
}

async function containersNamed(n) {
  const r = await api(`/containers/json?all=1&filters=${encodeURIComponent(JSON.stringify({ name: [`^/${n}$`] }))}`);
  return r.body;
}

async function expectError(pattern) {
  const e = t('error-message').filter({ hasText: pattern }).first();
  await e.waitFor({ state: 'visible' });
  return e.textContent();
}

try {
  page = await context.newPage();

  await step('a page without the session cookie shows the login form', async () => {
    await page.goto(new URL('/containers', origin).href);
    await t('login-form').waitFor();
    const r = await api('/containers/json');
    if (r.status !== 401) throw new Error(`GET /api without a session answered ${r.status}`);
    await shot('login.png');
  });

  await step('a wrong token is refused with a message', async () => {
    await t('login-token').fill('not-the-token');
    await t('login-submit').click();
    await expectError(/wrong token/i);
  });

  await step('the token logs in', async () => {
    await t('login-token').fill(opt.token);
    await t('login-submit').click();
    await t('nav-images').waitFor();
    if ((await api('/_ping')).status !== 200) throw new Error('no session after logging in');
  });

  const repo = image.slice(0, image.lastIndexOf(':'));
  const row = () => page.locator(`[data-testid=image-row][data-ref="${image}"]`).first();
  const running = () => page.locator('[data-testid=container-status][data-state=running]').first();

  await step('pull from the local registry shows per-layer progress and lists the image', async () => {
    await t('nav-images').click();
    await t('pull-name').fill(image);
    await t('pull-button').click();
    // the image's own layer is downloaded (busybox's already exists): its bar ends at "Pull complete"
    await t('pull-layer').filter({ hasText: 'Pull complete' }).first().waitFor();
    await row().waitFor();
    await shot('images.png');
  });

  await step('the Run dialog starts a container with a published port', async () => {
    await row().getByTestId('run-button').click();
    await t('run-dialog').waitFor();
    await t('run-name').fill(name);
    await t('run-port').first().fill(`${opt.port}:8080`);
    await t('run-volume').first().fill(`${volume}:/data`);
    await shot('run-dialog.png');
    await t('run-submit').click();
    await t('page-container').waitFor();
    await running().waitFor();
  });

  await step('a taken name is refused by the Run dialog and nothing is created', async () => {
    await t('nav-images').click();
    const before = (await api('/containers/json?all=1')).body.length;
    await row().getByTestId('run-button').click();
    await t('run-name').fill(name);
    await t('run-submit').click();
    await expectError(/already in use/);
    const after = (await api('/containers/json?all=1')).body.length;
    if (after !== before) throw new Error(`the refused run changed the container count ${before} -> ${after}`);
    await t('run-cancel').click();
    await t('run-dialog').waitFor({ state: 'hidden' });
  });

  await step('pulling a missing image says so and adds nothing', async () => {
    await t('nav-images').click();
    const before = (await api('/images/json')).body.length;
    await t('pull-name').fill(missing);
    await t('pull-button').click();
    await expectError(/not found|unknown|does not exist/i);
    const after = (await api('/images/json')).body.length;
    if (after !== before) throw new Error(`the failed pull changed the image count ${before} -> ${after}`);
  });

  const containerRow = () => page.locator('[data-testid=container-row]').filter({ hasText: name }).first();

  await step('the containers list shows it running, and its port link opens what it serves', async () => {
    await t('nav-containers').click();
    await containerRow().locator('[data-testid=container-status][data-state=running]').waitFor();
    await shot('containers.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('containers-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });
    const href = await containerRow().getByTestId('port-link').first().getAttribute('href');
    if (!href.includes(`:${opt.port}`)) throw new Error(`port link ${href} does not name host port ${opt.port}`);
    const web = await context.newPage();
    let body = '';
    // httpd may still be starting: try for up to 20 s, each try bounded, like a person pressing reload
    for (const until = Date.now() + 20_000; !body.includes('dashboard-ok') && Date.now() < until;) {
      try { body = await (await web.goto(href, { timeout: 3000 })).text(); } catch { await web.waitForTimeout(300); }
    }
    await web.close();
    if (!body.includes('dashboard-ok')) throw new Error(`${href} served ${JSON.stringify(body)}`);
  });

  await step("the container's page shows its logs", async () => {
    await containerRow().getByTestId('container-link').click();
    await t('logs-view').filter({ hasText: 'serving /www' }).waitFor();
    await shot('container-logs.png');
  });

  await step('`echo hi` in its terminal prints hi', async () => {
    await t('tab-terminal').click();
    await page.locator('[data-testid=terminal-status][data-state=connected]').waitFor();
    const rows = '[data-testid=terminal] .xterm-rows > div';
    // the shell's prompt first, so that no keys go to a terminal still connecting
    await page.waitForFunction(sel => [...document.querySelectorAll(sel)].some(r => /[#$] ?$/.test(r.textContent.trimEnd() + ' ')), rows);
    await t('terminal').click();
    await page.keyboard.type('echo hi\n');
    await page.waitForFunction(sel => [...document.querySelectorAll(sel)].some(r => r.textContent.trim() === 'hi'), rows);
    await shot('container-terminal.png');
  });

  await step('its stats and details tabs', async () => {
    await t('tab-stats').click();
    await page.waitForTimeout(300);
    await shot('container-stats.png');
    await t('tab-inspect').click();
    await page.waitForTimeout(200);
    await shot('container-details.png');
  });

  await step('Volumes and Networks show that it uses its volume and the bridge; the link leads back to it', async () => {
    await t('nav-volumes').click();
    const vol = page.locator(`[data-testid=volume-row][data-name="${volume}"]`);
    await vol.getByTestId('used-by-link').filter({ hasText: name }).waitFor();
    await shot('volumes.png');
    await t('nav-networks').click();
    const bridge = page.locator('[data-testid=network-row][data-name="bridge"]');
    await bridge.getByTestId('used-by-link').filter({ hasText: name }).waitFor();
    await shot('networks.png');
    await bridge.getByTestId('used-by-link').filter({ hasText: name }).click();
    await page.locator(`[data-testid=page-container][data-name="${name}"]`).waitFor();
  });

  await step('pause, resume, stop and remove it', async () => {
    const state = s => page.locator(`[data-testid=page-container] [data-testid=container-status][data-state=${s}]`).first();
    await t('action-pause').click();
    await state('paused').waitFor();
    await t('action-resume').click();
    await state('running').waitFor();
    await t('action-stop').click();
    await state('exited').waitFor();
    await t('action-remove').click();
    await t('confirm-ok').click();
    await t('page-containers').waitFor();
    if ((await containersNamed(name)).length) throw new Error('the container is still there after remove');
  });

  await step("an image's page lists its layers and the files each adds", async () => {
    await t('nav-images').click();
    await row().getByTestId('image-link').click();
    await t('image-layers').waitFor();
    await t('layer-file').filter({ hasText: '/www/index.html' }).first().waitFor();
    await shot('image.png');
    await t('image-tab-history').click();
    await t('history-row').first().waitFor();
  });

  await step('the registry search finds the pushed repository', async () => {
    await t('nav-search').click();
    await t('search-input').fill(`${registry}/e2e`);
    await t('search-submit').click();
    await t('search-row').filter({ hasText: repo }).waitFor();
    await shot('search.png');
  });

  await step('a Dockerfile written on the Build page builds with its steps shown', async () => {
    await t('nav-build').click();
    await t('build-text').fill('FROM busybox\nRUN echo built-in-the-page > /note\nCMD ["cat", "/note"]\n');
    await t('build-tags').fill(`e2e-built:${process.pid}`);
    await t('build-submit').click();
    await t('build-done').waitFor({ timeout: 60_000 });
    const steps = await page.locator('[data-testid=build-step][data-state=done]').count();
    if (steps !== 3) throw new Error(`expected 3 steps done, the page shows ${steps}`);
    if (!(await api(`/images/e2e-built:${process.pid}/json`)).body.Id) throw new Error('the built image is not in the store');
    await shot('build.png');
  });

  await step('a failing step on the Build page is marked and says why', async () => {
    await t('build-text').fill('FROM busybox\nRUN exit 3\n');
    await t('build-tags').fill('');
    await t('build-submit').click();
    await page.locator('[data-testid=build-step][data-state=failed]').filter({ hasText: 'RUN exit 3' }).waitFor({ timeout: 60_000 });
    await expectError(/non-zero code: 3/);
  });

  await step('a volume and a network: created, inspected and removed in their dialogs', async () => {
    for (const [kind, nav, extra] of [['volume', 'nav-volumes', null], ['network', 'nav-networks', 'network-members']]) {
      const n = `e2e-${kind}-${process.pid}`;
      await t(nav).click();
      await t(`${kind}-create`).click();
      await t(`${kind}-name`).fill(n);
      await t(`${kind}-create-submit`).click();
      const r = page.locator(`[data-testid=${kind}-row][data-name="${n}"]`);
      await r.getByTestId(`${kind}-inspect`).click();
      await t(`${kind}-json`).filter({ hasText: `"Name": "${n}"` }).waitFor();
      if (extra) await t(extra).waitFor();
      await t('inspect-close').click();
      await r.getByTestId(`${kind}-remove`).click();
      await t('confirm-ok').click();
      await r.waitFor({ state: 'detached' });
      const gone = await api(`/${kind}s/${n}`);
      if (gone.status !== 404) throw new Error(`${kind} ${n} is still there after remove (${gone.status})`);
    }
  });

  await step('phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await t('nav-images').click();
    await row().waitFor();
    // every page is one tap away: the links wrap instead of hiding behind a sideways scroll
    const hidden = await page.evaluate(() => [...document.querySelectorAll('.nav a')]
      .filter((a) => { const r = a.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth; })
      .map((a) => a.textContent.trim()));
    if (hidden.length) throw new Error(`at phone width these links are off screen: ${hidden.join(', ')}`);
    await shot('images-phone.png');
  });

  await step('the address `berth dashboard` prints logs a new browser in', async () => {
    await context.clearCookies();
    await page.goto(new URL(`/?token=${encodeURIComponent(opt.token)}`, origin).href);
    await t('page-containers').waitFor();
    if ((await api('/_ping')).status !== 200) throw new Error('no session after opening the address with the token');
  });

  console.log(`passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (e) {
  console.log(`not ok - ${e.message.split('\n')[0]}`);
  console.log(e.stack);
  if (page) {
    const file = path.join(opt.shots || '/tmp', 'failure.png');
    await page.screenshot({ path: file }).catch(() => {});
    console.log(`page at failure: ${page.url()} (screenshot ${file})`);
    console.log((await page.locator('body').innerText().catch(() => '')).slice(0, 2000));
  }
  process.exitCode = 1;
} finally {
  await context.close();
}

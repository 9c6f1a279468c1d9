// Headless Debian Chromium through playwright-core, shared by the end-to-end scenario and bench/dashboard.sh.
// playwright-core never downloads a browser: it drives the machine's /usr/bin/chromium with a fresh profile.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM = process.env.BERTH_CHROMIUM || '/usr/bin/chromium';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];

/** A browser context on a throw-away profile; close() also deletes the profile. */
export async function launch(options = {}) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: scripts/install-deps.sh installs chromium`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS,
    viewport: { width: 1280, height: 800 }, ...options,
  });
  const close = context.close.bind(context);
  context.close = async () => {
    try { await close(); } finally { fs.rmSync(profile, { recursive: true, force: true }); }
  };
  return context;
}

/** --name value pairs from argv, each required unless it has a default. */
export function args(defaults = {}) {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad argument ${argv[i]}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const [k, v] of Object.entries(out)) if (v === undefined) throw new Error(`--${k} is required`);
  return out;
}

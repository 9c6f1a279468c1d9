import { launch } from './browser.mjs';
const [url, out, width = '1280', scheme = 'light'] = process.argv.slice(2);
const ctx = await launch({ viewport: { width: Number(width), height: 800 }, colorScheme: scheme });
const page = await ctx.newPage();
page.on('console', m => { if (m.type() === 'error') console.log('console:', m.text()); });
page.on('pageerror', e => console.log('pageerror:', e.message));
await page.goto(url); await page.waitForTimeout(1500);
if (process.env.CLICK) { await page.getByTestId(process.env.CLICK).first().click(); await page.waitForTimeout(1000); }
await page.screenshot({ path: out }); await ctx.close();

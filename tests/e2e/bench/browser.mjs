// Browser measures for `cargo xtask bench`: prints one JSON array of
// { name, value, unit, how } on stdout. BASE_URL names a running mock in demo mode.
import { chromium } from '@playwright/test';
import { chromiumArgs } from '../playwright.config.js';

const base = process.env.BASE_URL;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
const fcp = [];
const ready = [];
for (let i = 0; i < 5; i++) {
  // A new context each time: a cold cache, like a first visit.
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true,
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(`${base}/login`);
  await page.waitForFunction(() => performance.getEntriesByName('login-ready').length > 0, null, { timeout: 30000 });
  const t = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    ready: performance.getEntriesByName('login-ready')[0].startTime,
  }));
  fcp.push(t.fcp);
  ready.push(t.ready);
  await context.close();
}
await browser.close();

const how = 'headless Chromium, 390x844 phone, 4x CPU throttle (CDP), cold cache, loopback; median of 5 loads';
console.log(JSON.stringify([
  { name: 'first contentful paint', value: median(fcp), unit: 'ms', how },
  { name: 'login screen with personas rendered', value: median(ready), unit: 'ms',
    how: `${how}; performance.mark('login-ready') after the persona list mounts` },
]));

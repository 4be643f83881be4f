// Soak: 10,000 code rotations on the live card, and the JS heap (after forced garbage
// collection, read over CDP) grows by less than 1 MB. Each rotation is the card's own
// renderOne(): WebCrypto sign, encode, QR, DOM update, painted.
import { test, expect, signInAs } from './fixtures.js';
import { setUpDevice } from './helpers.js';
import { chromiumArgs } from '../playwright.config.js';

const ROTATIONS = Number(process.env.SOAK_ROTATIONS ?? 10_000);
const BUDGET_BYTES = 1024 * 1024;

// Uncapped animation frames: a rotation waits for its code to be painted, and at 60 Hz the
// 10,000 would take six minutes of mostly idle waiting.
test.use({ launchOptions: { executablePath: '/usr/bin/chromium', args: [...chromiumArgs, '--disable-frame-rate-limit', '--disable-gpu-vsync'] } });

test('10,000 rotations leave the heap within 1 MB', async ({ page, context }) => {
  test.setTimeout(15 * 60_000);
  await signInAs(page, 'endorsement-due');
  await setUpDevice(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  // Warm up first so one-time allocations (JIT, caches) are not counted as growth.
  await page.evaluate(async () => { for (let i = 0; i < 200; i++) await window.__permitBench.renderOne(); });
  const before = await heap();
  const codes = await page.evaluate(async (n) => {
    const seen = new Set();
    for (let i = 0; i < n; i++) {
      await window.__permitBench.renderOne();
      seen.add(document.querySelector('[data-testid=permit-code]').dataset.code);
    }
    return seen.size;
  }, ROTATIONS);
  const growth = (await heap()) - before;
  console.log(`soak: ${ROTATIONS} rotations, ${codes} distinct codes, heap growth ${(growth / 1024).toFixed(1)} KiB`);
  expect(codes, 'every rotation drew a new code').toBe(ROTATIONS);
  expect(growth).toBeLessThan(BUDGET_BYTES);
});

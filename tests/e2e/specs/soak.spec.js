// Soak: 10,000 code rotations on the live card, and the JS heap (after forced garbage
// collection, read over CDP) grows by less than 1 MB. The rotations are the card's own: the
// release build has no test hook, so the test moves the page's clock (Playwright's fake
// timers) one policy step at a time and waits for the card to sign and draw the next code.
import { test, expect, signInAs } from './fixtures.js';
import { setUpDevice } from './helpers.js';
import { chromiumArgs } from '../playwright.config.js';

const ROTATIONS = Number(process.env.SOAK_ROTATIONS ?? 10_000);
const BUDGET_BYTES = 1024 * 1024;
// One second per code keeps 10,000 rotations within three hours of the page's time, so the
// permit's dates and the session do not change under the test.
const STEP = { step_s: 1, validity_s: 2, future_skew_s: 2 };
const DEFAULT_STEP = { step_s: 30, validity_s: 60, future_skew_s: 5 };

// Uncapped animation frames: a rotation waits for its code to be painted.
test.use({ launchOptions: { executablePath: '/usr/bin/chromium', args: [...chromiumArgs, '--disable-frame-rate-limit', '--disable-gpu-vsync'] } });

test.afterEach(async ({ request }) => {
  expect((await request.put('/api/v1/test/code-policy', { data: DEFAULT_STEP })).status()).toBe(200);
});

test('10,000 rotations leave the heap within 1 MB', async ({ page, context, request }) => {
  test.setTimeout(30 * 60_000);
  expect((await request.put('/api/v1/test/code-policy', { data: STEP })).status()).toBe(200);
  await page.clock.install();
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const code = page.getByTestId('permit-code');

  /** Moves the page's clock one step at a time, `n` times, each time waiting until the card
   * has drawn a new code; resolves with the number of distinct codes drawn. */
  let shown = await code.getAttribute('data-code');
  const rotate = async (n) => {
    const seen = new Set();
    for (let i = 0; i < n; i++) {
      await page.clock.fastForward(STEP.step_s * 1000);
      shown = await page.waitForFunction(
        (prev) => {
          const now = document.querySelector('[data-testid=permit-code]')?.dataset.code;
          return now && now !== prev ? now : null;
        },
        shown,
        { polling: 2 },
      ).then((h) => h.jsonValue());
      seen.add(shown);
    }
    return seen.size;
  };

  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  // Warm up first so one-time allocations (JIT, caches) are not counted as growth.
  await rotate(200);
  const before = await heap();
  const started = Date.now();
  const codes = await rotate(ROTATIONS);
  const growth = (await heap()) - before;
  console.log(`soak: ${ROTATIONS} rotations in ${((Date.now() - started) / 1000).toFixed(0)} s, ${codes} distinct codes, heap growth ${(growth / 1024).toFixed(1)} KiB`);
  expect(codes, 'every rotation drew a new code').toBe(ROTATIONS);
  expect(growth).toBeLessThan(BUDGET_BYTES);
});

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
  await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /.+/);

  /** Moves the page's clock one policy step at a time, `n` times, each time waiting until the
   * card has drawn a new code; resolves with the number of rotations that drew one.
   *
   * The loop runs inside the page and moves the clock through the controller Playwright
   * installs there (`page.clock.fastForward` calls the same one). Called from the test, every
   * step costs two round trips and adds a replay script to the page, which made 10,000 steps
   * take over half an hour; inside the page one step costs one signature and one draw. The
   * page keeps only a count, so the loop itself does not add to the heap it measures. */
  const rotate = (n) => page.evaluate(async ({ n, stepMs }) => {
    const clock = window.__pwClock?.controller;
    if (!clock) throw new Error('the page clock is not installed');
    const current = () => document.querySelector('[data-testid=permit-code]')?.dataset.code;
    let shown = current();
    let drawn = 0;
    for (let i = 0; i < n; i++) {
      const next = new Promise((resolve, reject) => {
        // The page clock runs on with real time, so this fires if no code comes.
        const timeout = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`no new code after rotation ${i}`));
        }, 10 * stepMs);
        const observer = new MutationObserver(() => {
          const now = current();
          if (now && now !== shown) {
            observer.disconnect();
            clearTimeout(timeout);
            resolve(now);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-code'] });
      });
      await clock.fastForward(stepMs);
      const now = await next;
      if (now !== shown) drawn++;
      shown = now;
    }
    return drawn;
  }, { n, stepMs: STEP.step_s * 1000 });

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
  console.log(`soak: ${ROTATIONS} rotations in ${((Date.now() - started) / 1000).toFixed(0)} s, ${codes} new codes drawn, heap growth ${(growth / 1024).toFixed(1)} KiB`);
  expect(codes, 'every rotation drew a new code').toBe(ROTATIONS);
  expect(growth).toBeLessThan(BUDGET_BYTES);
});

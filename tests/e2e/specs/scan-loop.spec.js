// Issue 21: a genuine code read quickly after the last one was once refused as "from the
// future" (the phone dated each new code one second past the last used one, so codes read
// faster than one a second ran ahead of the clock). The bench's loop, 50 scans back to back
// through the counter's own scanner, three times in a row: every verdict must be "accepted".
import { test, expect, signInAs } from './fixtures.js';
import { setUpDevice, resetMock } from './helpers.js';
import { choosePostFirstOffered, scanBackToBack } from '../scan-loop.js';

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

for (const run of [1, 2, 3]) {
  test(`50 counter scans back to back are all accepted (run ${run} of 3)`, async ({ page, browser, baseURL }) => {
    test.setTimeout(240_000);
    await signInAs(page, 'valid-permit');
    await setUpDevice(page);
    const counterContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    try {
      const counter = await counterContext.newPage();
      await signInAs(counter, 'staff-police');
      await choosePostFirstOffered(counter);
      const times = await scanBackToBack(page, counter, 50);
      expect(times).toHaveLength(50);
      // The holder's history lists every reading: none was lost or counted twice.
      await page.goto('/card/history');
      await expect(page.getByTestId('history-item')).toHaveCount(50);
    } finally {
      await counterContext.close();
    }
  });
}

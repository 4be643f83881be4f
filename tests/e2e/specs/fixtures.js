// A `page` that fails the test on any console error or uncaught page error, except the ones a
// test declares it expects (the browser logs every 4xx response it receives).
import { test as base, expect } from '@playwright/test';

const allowed = new WeakMap();

/** Declares that console errors matching `pattern` are expected in this test. */
export function allowConsoleError(page, pattern) {
  allowed.get(page).push(pattern);
}

export const test = base.extend({
  page: async ({ page }, use) => {
    const problems = [];
    allowed.set(page, []);
    const expected = (text) => allowed.get(page).some((p) => p.test(text));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !expected(msg.text())) problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await use(page);
    expect(problems, 'no console or page errors').toEqual([]);
  },
});

export { expect };

/** Signs in by tapping the demo persona with this label; residents land on the permit tab,
 * counter staff on the verifier. */
export async function signInAs(page, label) {
  await page.goto('/login');
  await page.locator(`[data-testid=persona][data-label="${label}"]`).click();
  await expect(page).toHaveURL(label.startsWith('staff-') ? /\/verify$/ : /\/card$/);
}

// A `page` that fails the test on any console error or uncaught page error.
import { test as base, expect } from '@playwright/test';

export const test = base.extend({
  page: async ({ page }, use) => {
    const problems = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await use(page);
    expect(problems, 'no console or page errors').toEqual([]);
  },
});

export { expect };

/** Signs in by tapping the demo persona with this label; lands on the permit tab. */
export async function signInAs(page, label) {
  await page.goto('/login');
  await page.locator(`[data-testid=persona][data-label="${label}"]`).click();
  await expect(page).toHaveURL(/\/card$/);
}

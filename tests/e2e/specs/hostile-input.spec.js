// Hostile text typed into the app is shown as text, never run: the registration address
// travels to the backend, into the permit, and back onto the card; the sign-in phone and the
// counter's code field refuse it with a message.
import { test, expect, signInAs } from './fixtures.js';
import { resetMock, advanceClock } from './helpers.js';

const REVIEW_MS = 21_000;
const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '"><script>window.__xss=2</script>',
  '<svg onload=window.__xss=3>',
];

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

test('an address full of markup is stored and shown as the text it is', async ({ page, request }) => {
  await signInAs(page, 'valid-permit');
  await page.goto('/services/registration');
  const address = `广东省广州市${PAYLOADS.join('')}路1号`;
  await page.locator('textarea[name=address]').fill(address);
  await page.getByTestId('registration-next').click();
  await expect(page.getByTestId('registration-review')).toContainText(address);
  await page.getByTestId('registration-submit').click();
  await advanceClock(request, REVIEW_MS);
  await expect(page.getByTestId('registration-current')).toContainText(address);
  await page.goto('/card');
  await page.getByTestId('reveal').click();
  await expect(page.getByTestId('residence')).toHaveText(address);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  await expect(page.locator('.permit-card img[src=x], .permit-card svg[onload], .permit-card script')).toHaveCount(0);
});

test('markup in the sign-in phone and the counter code field is refused as text', async ({ page }) => {
  await page.goto('/login');
  await page.locator('input[name=phone]').fill(PAYLOADS[0]);
  await page.getByTestId('request-otp').click();
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();

  await signInAs(page, 'staff-school');
  await page.locator('select[name=department]').selectOption({ index: 1 });
  await page.locator('select[name=counter]').selectOption({ index: 1 });
  await page.getByTestId('save-post').click();
  for (const payload of PAYLOADS) {
    if (await page.getByTestId('scan-next').isVisible()) await page.getByTestId('scan-next').click();
    await page.locator('input[name=code]').fill(payload);
    await page.locator('input[name=code]').press('Enter');
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-rule', 'Malformed');
  }
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
});

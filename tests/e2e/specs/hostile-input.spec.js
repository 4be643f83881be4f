// Hostile text typed into the app is never run: the structured address refuses markup in
// every field (and the backend does too, for a client that skips the form); the sign-in phone
// and the counter's code field refuse it with a message.
import { test, expect, signInAs } from './fixtures.js';
import { resetMock, tokenFor, fillAddress, verifyTyped } from './helpers.js';
const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '"><script>window.__xss=2</script>',
  '<svg onload=window.__xss=3>',
];

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

test('markup in an address is named as not allowed, never run, and the backend refuses it too', async ({ page, request }) => {
  await signInAs(page, 'valid-permit');
  await page.goto('/services/registration');
  for (const payload of PAYLOADS) {
    await fillAddress(page, { street: `${payload}路1号`, room: '<img src=x onerror=window.__xss=9>' });
    await page.getByTestId('registration-next').click();
    await expect(page.getByRole('alert').first()).toContainText('不支持的字符');
    await expect(page.getByTestId('registration-review')).toHaveCount(0);
  }
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  await expect(page.locator('img[src=x], svg[onload]')).toHaveCount(0);
  // Straight to the API, past the form: refused as well, and nothing is declared.
  const token = await tokenFor(request, '13800000001');
  const headers = { authorization: `Bearer ${token}` };
  const address = { city: '广州市', county: '越秀区', street: `${PAYLOADS[0]}路1号`, building_room: '1栋', housing: 'owned', landlord: null };
  const r = await request.post('/api/v1/registration', { headers, data: { mode: 'declare', address } });
  expect(r.status()).toBe(422);
  expect((await r.json()).code).toBe('address_invalid');
  const status = await (await request.get('/api/v1/registration', { headers })).json();
  expect(status.pending ?? null).toBeNull();
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
    await expect(await verifyTyped(page, payload)).toHaveAttribute('data-rule', 'Malformed');
  }
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
});

// The fault matrix: the backend down at load, a 5xx on submit, slow writes, a reload in the
// middle of a form. Every case: nothing typed is lost, no second record, a clear message.
// (A dropped connection mid-submit is in services.spec.js, a retry across a backend restart
// in restart.spec.js.)
import { test, expect, signInAs, allowConsoleError } from './fixtures.js';
import { setUpDevice, tokenFor, sessionToken, resetMock, setFault, fillAddress } from './helpers.js';

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

test('with the backend down at load, the card still opens with a valid code', async ({ page }) => {
  allowConsoleError(page, /ERR_|Failed to load resource/);
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  await page.route('**/api/**', (route) => route.abort('connectionrefused'));
  await page.reload();
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
  await expect(page.getByTestId('permit-card')).toContainText('陈晓彤');
});

test('a 5xx on submit keeps what was typed, says so, and the retry makes one record', async ({ page, request }) => {
  allowConsoleError(page, /status of 503|Failed to load resource/);
  await signInAs(page, 'valid-permit');
  await page.goto('/services/registration');
  const address = '广东省广州市海珠区新港中路397号2栋801房';
  await fillAddress(page, { county: '海珠区', street: '新港中路397号', room: '2栋801房' });
  await page.getByTestId('registration-next').click();
  await setFault(request, 'write', { error_rate: 1 });
  await page.getByTestId('registration-submit').click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('服务暂时不可用');
  // A reload in the middle of the form loses nothing.
  await page.reload();
  await expect(page.locator('input[name=building_room]')).toHaveValue('2栋801房');
  await setFault(request, 'write', {});
  await page.getByTestId('registration-next').click();
  await page.getByTestId('registration-submit').click();
  await expect(page.getByTestId('registration-pending')).toBeVisible();
  const token = await tokenFor(request, '13800000001');
  const status = await (await request.get('/api/v1/registration', { headers: { authorization: `Bearer ${token}` } })).json();
  expect(status.pending.address).toBe(address);
});

test('a slow write shows it is busy, and tapping again sends no second order', async ({ page, request }) => {
  await signInAs(page, 'valid-permit');
  await page.goto('/services/card');
  const orders = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/card-orders') orders.push(r);
  });
  await setFault(request, 'write', { latency_ms: 3000 });
  const order = page.getByTestId('order-first');
  await order.click();
  await expect(order).toBeDisabled();
  // A second tap while the first is on its way, as an impatient thumb does (past
  // Playwright's own wait for an enabled button).
  await order.click({ force: true });
  await expect(page.getByTestId('card-order')).toHaveAttribute('data-status', 'InProduction', { timeout: 10_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  // One request left the phone. (The backend would refuse a second open order anyway, so
  // counting orders alone could not show a second tap was ignored.)
  expect(orders).toHaveLength(1);
  // And the backend holds exactly one, as the resident's own session sees it.
  const list = await request.get('/api/v1/card-orders', { headers: { authorization: `Bearer ${await sessionToken(page)}` } });
  expect(list.status()).toBe(200);
  expect(await list.json()).toHaveLength(1);
});

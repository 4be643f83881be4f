import { test, expect, signInAs, allowConsoleError } from './fixtures.js';
import { setUpDevice, readQr, staffToken, verifyAsStaff, advanceClock, resetMock } from './helpers.js';

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

test('the code on screen decodes, verifies once, then is refused as used, expired or forged', async ({ page, request }) => {
  await signInAs(page, 'valid-permit');
  await expect(page.getByTestId('permit-card')).toContainText('陈晓彤');
  await setUpDevice(page);
  const staff = await staffToken(request);

  const code = await readQr(page.getByTestId('permit-code'));
  expect(code).toMatch(/^GDJZZ:[A-Z2-7]{130}$/);
  expect(code).toBe(await page.getByTestId('permit-code').getAttribute('data-code'));

  const first = await verifyAsStaff(request, staff, code);
  expect(first.accepted).toBe(true);
  expect(first.permit.name).toBe('陈晓彤');
  const again = await verifyAsStaff(request, staff, code);
  expect(again.rule).toBe('already_used');

  // The holder hears of it at once and gets a new code.
  await expect(page.getByTestId('toast')).toContainText('广州市公安局天河分局');
  await expect(page.getByTestId('permit-code')).not.toHaveAttribute('data-code', code);
  const next = await readQr(page.getByTestId('permit-code'));
  expect(next).not.toBe(code);

  const tampered = next.slice(0, 40) + (next[40] === 'A' ? 'B' : 'A') + next.slice(41);
  expect((await verifyAsStaff(request, staff, tampered)).rule).toBe('forged');

  // Validity is 60 s after the code's issue time; the new code may be dated a second ahead.
  await advanceClock(request, 65_000);
  expect((await verifyAsStaff(request, staff, next)).rule).toBe('expired');
});

test('the card shows every field masked, reveals on tap and masks again after 10 s', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  const card = page.getByTestId('permit-card');
  for (const label of ['姓名', '性别', '民族', '出生日期', '公民身份号码', '户籍地址', '居住地址', '签发机关', '签发日期', '有效期限']) {
    await expect(card).toContainText(label);
  }
  const id = page.getByTestId('id-number');
  await expect(id).toHaveText(/^430524\*{8}\d{3}[\dX]$/);
  await expect(card.locator('.permit-photo img')).toHaveJSProperty('naturalWidth', 358);
  await id.click();
  await expect(id).toHaveText(/^430524\d{11}[\dX]$/);
  await expect(id).toHaveText(/\*{8}/, { timeout: 12_000 });
});

test('the card blanks when the page loses focus or is hidden, and printing shows a notice', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const live = page.locator('.live-card');
  await expect(page.getByTestId('conceal-cover')).toBeHidden();
  await page.evaluate(() => window.dispatchEvent(new Event('blur')));
  await expect(live).toHaveClass(/concealed/);
  await expect(page.getByTestId('conceal-cover')).toBeVisible();
  await expect(page.getByTestId('permit-code')).toBeHidden();
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(live).not.toHaveClass(/concealed/);

  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect(live).toHaveClass(/concealed/);

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.print-notice')).toBeVisible();
  await expect(live).toBeHidden();
});

test('long-press menus and dragging are disabled on the card', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const prevented = await page.getByTestId('permit-code').evaluate((el) => {
    const menu = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
    el.dispatchEvent(menu);
    const drag = new DragEvent('dragstart', { bubbles: true, cancelable: true });
    el.dispatchEvent(drag);
    return [menu.defaultPrevented, drag.defaultPrevented];
  });
  expect(prevented).toEqual([true, true]);
  const style = await page.locator('.live-card').evaluate((el) => getComputedStyle(el).userSelect);
  expect(style).toBe('none');
});

test('the device key survives a reload, counter mode turns the code, and the self-test passes', async ({ page, request }) => {
  await signInAs(page, 'endorsement-due');
  await expect(page.getByTestId('status-banner')).toContainText('10天');
  await setUpDevice(page);
  await page.reload();
  await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
  await expect(page.getByTestId('device-setup')).toHaveCount(0);

  await page.getByTestId('self-test').click();
  await expect(page.getByTestId('self-test-result')).toContainText('检测通过');
  // The self-test did not use the code up.
  const staff = await staffToken(request, '13900000002');
  const code = await readQr(page.getByTestId('permit-code'));
  expect((await verifyAsStaff(request, staff, code)).accepted).toBe(true);

  await page.getByTestId('counter-mode').click();
  const overlay = page.getByTestId('counter-overlay');
  await expect(overlay).toBeVisible();
  const big = await readQr(page.getByTestId('counter-code'));
  expect(big).toMatch(/^GDJZZ:/);
  await page.getByTestId('turn-display').click();
  await expect(overlay).toHaveClass(/turned/);
  await page.getByTestId('counter-close').click();
  await expect(overlay).toBeHidden();
});

test('a suspended permit says why and is fixed with one tap', async ({ page }) => {
  await signInAs(page, 'suspended');
  await expect(page.getByTestId('permit-status')).toHaveText('已中止');
  await expect(page.getByTestId('status-banner')).toContainText('逾期未签注');
  // The data check passes: endorsing is a confirmation, done at once (FAQ 1 and 14).
  await page.getByTestId('fix-suspension').click();
  await expect(page.getByTestId('permit-status')).toHaveText('有效');
  await expect(page.getByTestId('status-banner')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('permit-status')).toHaveText('有效');
});

test('another device taking over switches this one off with a clear message', async ({ page, browser }) => {
  await signInAs(page, 'elderly');
  await setUpDevice(page);
  const other = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const second = await other.newPage();
  await signInAs(second, 'elderly');
  await setUpDevice(second);
  await expect(page.getByTestId('device-setup')).toContainText('动态码已在其他设备启用');
  await expect(page.getByTestId('permit-code')).toHaveCount(0);
  await expect(second.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
  await other.close();
});

test('after one online visit the card and its code work offline, and other pages say so', async ({ page, context }) => {
  allowConsoleError(page, /ERR_INTERNET_DISCONNECTED|Failed to load resource|net::ERR/);
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  // One visit is enough: the service worker caches the shell and its assets when it installs.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await expect(page.getByTestId('permit-card')).toContainText('陈晓彤');
  const code = await readQr(page.getByTestId('permit-code'));
  expect(code).toMatch(/^GDJZZ:/);
  await expect(page.getByTestId('offline-bar')).toHaveCount(0);
  // Elsewhere a line says the phone is offline; never a blank screen.
  await page.locator('nav.tab-bar a').nth(3).click();
  await expect(page.getByTestId('offline-bar')).toBeVisible();
  await expect(page.getByTestId('profile')).toContainText('陈晓彤');
  await context.setOffline(false);
  await expect(page.getByTestId('offline-bar')).toHaveCount(0);
});

test('offline, the card works out its status for today: a permit that lapsed meanwhile is 已中止', async ({ page, context }) => {
  allowConsoleError(page, /ERR_INTERNET_DISCONNECTED|Failed to load resource|net::ERR/);
  // The deadline is nine days away: online the card says an endorsement is due.
  await signInAs(page, 'endorsement-due');
  await setUpDevice(page);
  await expect(page.getByTestId('permit-status')).toHaveText('待签注');
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Eleven days later, with no network: the phone's server-corrected clock has moved on
  // (the offset it keeps is what moves here; the cached permit is from before).
  await page.evaluate(() => {
    const offset = Number(localStorage.getItem('permit.clock_offset_ms') || '0');
    localStorage.setItem('permit.clock_offset_ms', String(offset + 11 * 86_400_000));
  });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await expect(page.getByTestId('permit-status')).toHaveText('已中止');
  await expect(page.getByTestId('status-banner')).toContainText('逾期未签注');
  await context.setOffline(false);
});

test('the code rotates on its own at the policy step', async ({ page, request }) => {
  const policy = await request.put('/api/v1/test/code-policy', { data: { step_s: 2, validity_s: 4, future_skew_s: 2 } });
  expect(policy.status()).toBe(200);
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const code = page.getByTestId('permit-code');
  const first = await code.getAttribute('data-code');
  await expect(code).not.toHaveAttribute('data-code', first, { timeout: 5_000 });
  const second = await code.getAttribute('data-code');
  await expect(code).not.toHaveAttribute('data-code', second, { timeout: 5_000 });
});

import { test, expect, signInAs, allowConsoleError } from './fixtures.js';
import { resetMock, setUpDevice, setCodePolicy } from './helpers.js';

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

test('the demo login screen lists every persona with its situation', async ({ page, request }) => {
  const personas = await (await request.get('/api/v1/personas')).json();
  expect(personas.length).toBeGreaterThanOrEqual(10);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  const buttons = page.getByTestId('persona');
  await expect(buttons).toHaveCount(personas.length);
  for (const p of personas) {
    const button = page.locator(`[data-testid=persona][data-label="${p.label}"]`);
    await expect(button).toContainText(p.name);
    await expect(button).toContainText(p.situation_zh);
  }
});

test('one tap signs in, and the four tabs switch pages', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  const tabs = page.locator('nav.tab-bar a');
  await expect(tabs).toHaveText(['证件', '办事', '消息', '我的']);
  await expect(page.getByTestId('permit-card')).toContainText('陈晓彤');

  await tabs.nth(1).click();
  await expect(page).toHaveURL(/\/services$/);
  await expect(page.getByTestId('services')).toContainText('申领电子居住证');
  await expect(tabs.nth(1)).toHaveAttribute('aria-current', 'page');

  await tabs.nth(2).click();
  await expect(page).toHaveURL(/\/messages$/);
  await expect(page.getByTestId('messages-empty')).toHaveText('暂无消息');

  await tabs.nth(3).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByTestId('profile')).toContainText('陈晓彤');
  await expect(page.getByTestId('profile')).toContainText('138****0001');

  await tabs.nth(0).click();
  await expect(page).toHaveURL(/\/card$/);
});

test('the session survives a reload, and signing out ends it', async ({ page }) => {
  await signInAs(page, 'staff-police');
  await page.reload();
  await expect(page.getByTestId('post-picker')).toBeVisible();
  await expect(page.locator('nav.tab-bar a')).toHaveText(['核验', '我的']);
  await page.goto('/card');
  await expect(page).toHaveURL(/\/verify$/);
  await page.goto('/me');
  await expect(page.getByTestId('profile')).toContainText('郑警官');
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/card');
  await expect(page).toHaveURL(/\/login$/);
});

test('sign-in by phone number and one-time code, with a clear message for a wrong code', async ({ page }) => {
  allowConsoleError(page, /status of 400/);
  // This persona holds no permit yet: GET /api/v1/permit answers 404 no_permit, which the
  // browser logs; the page shows it as "no permit yet".
  allowConsoleError(page, /status of 404/);
  await page.goto('/login');
  await page.locator('input[name=phone]').fill('12345');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('alert')).toHaveText('请输入正确的11位手机号。');

  await page.locator('input[name=phone]').fill('138 0000 0004');
  await page.getByRole('button', { name: '获取验证码' }).click();
  const demo = page.getByTestId('demo-code');
  await expect(demo).toContainText(/\d{6}/);
  const code = (await demo.textContent()).match(/\d{6}/)[0];
  const wrong = code === '000000' ? '111111' : '000000';

  await page.locator('input[name=code]').fill(wrong);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('验证码不正确，请重新输入。');

  await page.locator('input[name=code]').fill(code);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/card$/);
  await expect(page.getByTestId('no-permit')).toBeVisible();
});

test('English can be chosen and is remembered', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await page.goto('/me');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('nav.tab-bar a')).toHaveText(['Permit', 'Services', 'Messages', 'Me']);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.locator('nav.tab-bar a')).toHaveText(['Permit', 'Services', 'Messages', 'Me']);
});

test('a first visit follows the browser language', async ({ browser, baseURL }) => {
  const english = await browser.newContext({ baseURL, locale: 'en-GB', viewport: { width: 390, height: 844 } });
  const page = await english.newPage();
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveText('Guangdong Electronic Residence Permit');
  await expect(page.getByTestId('persona').first()).toContainText(/Resident|Counter staff/);
  await english.close();
});

test('elder mode is one switch in 我的: larger type, bigger targets, fewer choices, remembered', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  await expect(page.getByTestId('self-test')).toBeVisible();
  const codeSide = async () => (await page.getByTestId('permit-code').boundingBox()).width;
  const before = await codeSide();
  await page.goto('/me');
  const body = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(await body()).toBe(16);
  await page.getByTestId('elder-switch').click();
  await expect(page.getByTestId('elder-switch')).toHaveAttribute('aria-checked', 'true');
  expect(await body()).toBeGreaterThanOrEqual(20);
  const signOut = await page.getByTestId('sign-out').boundingBox();
  expect(signOut.height).toBeGreaterThanOrEqual(56);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-elder', '');
  await page.locator('nav.tab-bar a').first().click();
  await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
  expect(await codeSide()).toBeGreaterThan(before * 1.15);
  await expect(page.getByTestId('self-test')).toHaveCount(0);
  await expect(page.getByTestId('counter-mode')).toBeVisible();
});

test('the code is announced politely once per new code, not every second', async ({ page, request }) => {
  test.setTimeout(60_000);
  await setCodePolicy(request, { step_s: 2, validity_s: 4, future_skew_s: 2 });
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const region = page.getByTestId('code-announcement');
  await expect(region).toHaveAttribute('aria-live', 'polite');
  await expect(region).toHaveText(/新的动态码已生成，\d+秒后刷新。/);
  await expect(page.getByRole('img', { name: '电子居住证动态核验码' })).toBeVisible();
  // Log, in order, each new code, each change of the countdown and each announcement, from
  // one new code to the fourth after it: three whole code periods.
  const log = await region.evaluate((el) => new Promise((resolve, reject) => {
    const frame = document.querySelector('[data-testid=permit-code]');
    const ring = document.querySelector('.ring-seconds');
    const events = [];
    let said = el.textContent;
    let shown = ring.textContent;
    const stop = (value) => {
      watch.disconnect();
      codes.disconnect();
      clearTimeout(timer);
      if (value instanceof Error) reject(value); else resolve(value);
    };
    const watch = new MutationObserver(() => {
      if (el.textContent && el.textContent !== said) events.push('announce');
      said = el.textContent;
      if (ring.textContent !== shown) events.push('tick');
      shown = ring.textContent;
    });
    const codes = new MutationObserver(() => {
      events.push('code');
      const seen = events.filter((e) => e === 'code').length;
      if (seen === 4) stop(events.slice(events.indexOf('code')));
    });
    watch.observe(el, { childList: true, characterData: true, subtree: true });
    watch.observe(ring, { childList: true, characterData: true, subtree: true });
    codes.observe(frame, { attributes: true, attributeFilter: ['data-code'] });
    const timer = setTimeout(() => stop(new Error(`fewer than four new codes in 40 s: ${events.join(' ')}`)), 40_000);
  }));
  // Each new code is announced exactly once before the next; the countdown's changes in
  // between are not announced.
  const periods = log.join(' ').split('code').slice(1, 4).map((p) => p.trim().split(/\s+/).filter(Boolean));
  expect(periods, log.join(' ')).toHaveLength(3);
  for (const period of periods) expect(period.filter((e) => e === 'announce'), log.join(' ')).toEqual(['announce']);
  expect(log.filter((e) => e === 'tick').length, `the countdown moved in between: ${log.join(' ')}`).toBeGreaterThanOrEqual(2);
});

// Helpers for the live card: set up the device key, read the QR off a screenshot with a real
// decoder, act as counter staff on the counter's own screen, sign in through the API where a
// test reads the backend's record, and drive the mock's test controls.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expect, signInAs } from './fixtures.js';

/** Switches on codes for this phone (demo mode fills in the one-time code). */
export async function setUpDevice(page) {
  await page.getByTestId('device-send-code').click();
  await expect(page.locator('input[name=device-code]')).toHaveValue(/^\d{6}$/);
  await page.getByTestId('device-enable').click();
  await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
}

/** Screenshots the element and decodes the QR code in the picture. */
export async function readQr(locator) {
  // Centre it: at the bottom edge the fixed tab bar would cover part of the code.
  await locator.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const png = PNG.sync.read(await locator.screenshot());
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(found, 'a QR code is in the picture').not.toBeNull();
  return found.data;
}

/** Signs in through the API as the person with this phone and returns the bearer token. */
export async function tokenFor(request, phone) {
  const otp = await request.post('/api/v1/auth/otp', { data: { phone } });
  expect(otp.status()).toBe(200);
  const session = await request.post('/api/v1/auth/session', { data: { phone, code: (await otp.json()).demo_code } });
  expect(session.status()).toBe(201);
  return (await session.json()).token;
}

/** The session token the app itself keeps for the signed-in person (local storage). */
export async function sessionToken(page) {
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('permit.session.v1') ?? 'null')?.token);
  expect(token, 'the app keeps a session token').toBeTruthy();
  return token;
}

/** Takes a counter post in the verifier (first visit) and waits for the scanner. */
export async function choosePost(page, department, counter) {
  await expect(page.getByTestId('post-picker')).toBeVisible();
  await page.locator('select[name=department]').selectOption(department);
  await page.locator('select[name=counter]').selectOption(counter);
  await page.getByTestId('save-post').click();
  await expect(page.getByTestId('post-line')).toContainText(counter);
}

/** Verifies `code` on the counter screen by typing it, as a handheld scanner would (the text,
 * then Enter), and returns the verdict panel. */
export async function verifyTyped(page, code) {
  const next = page.getByTestId('scan-next');
  if (await next.isVisible()) await next.click();
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toHaveCount(0);
  await page.locator('input[name=code]').fill(code);
  await page.locator('input[name=code]').press('Enter');
  await expect(verdict).toBeVisible();
  return verdict;
}

/** A second phone at a counter: its own browser context, signed in as the staff persona
 * `label`, with the post taken. Close it with `close()`. */
export async function openCounter(browser, baseURL, label, department, counter) {
  const context = await browser.newContext({
    baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  await signInAs(page, label);
  await choosePost(page, department, counter);
  return { page, close: () => context.close() };
}

export async function advanceClock(request, ms) {
  const res = await request.post('/api/v1/test/clock', { data: { advance_ms: ms } });
  expect(res.status()).toBe(200);
}

/** Sets (or, with `{}`, clears) the mock's injected fault for one request class. */
export async function setFault(request, cls, fault) {
  const res = await request.put('/api/v1/test/faults', { data: { class: cls, fault } });
  expect(res.status()).toBe(204);
}

/** Makes the simulated reviews reject, ask for a page again, or (with `{}`) approve. */
export async function setReviewOutcome(request, outcome) {
  const res = await request.put('/api/v1/test/review-outcome', { data: outcome });
  expect(res.status()).toBe(204);
}

/** Sets how often codes rotate and how long one is valid. */
export async function setCodePolicy(request, policy) {
  const res = await request.put('/api/v1/test/code-policy', { data: policy });
  expect(res.status()).toBe(200);
}

export async function resetMock(request) {
  expect((await request.post('/api/v1/test/reset')).status()).toBe(204);
}

/** Fills the structured residence declaration (居住登记). `housing` is the radio's value. */
export async function fillAddress(page, { city = '广州市', county = '越秀区', street, room, housing = 'Owned', landlord } = {}) {
  await page.locator('select[name=city]').selectOption(city);
  await page.locator('select[name=county]').selectOption(county);
  await page.locator('input[name=street]').fill(street);
  await page.locator('input[name=building_room]').fill(room);
  await page.locator(`input[name=housing][value=${housing}]`).check();
  if (landlord) {
    await page.locator('input[name=landlord_name]').fill(landlord.name);
    await page.locator('input[name=landlord_phone]').fill(landlord.phone);
  }
}

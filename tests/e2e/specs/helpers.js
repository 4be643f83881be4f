// Helpers for the live card: set up the device key, read the QR off a screenshot with a real
// decoder, and act as counter staff through the API.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expect } from './fixtures.js';

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
  const otp = await (await request.post('/api/v1/auth/otp', { data: { phone } })).json();
  const session = await (await request.post('/api/v1/auth/session', { data: { phone, code: otp.demo_code } })).json();
  return session.token;
}

/** Signs in as demo staff through the API, takes the first listed counter, and returns the bearer token. */
export async function staffToken(request, phone = '13900000001') {
  const token = await tokenFor(request, phone);
  const headers = { authorization: `Bearer ${token}` };
  const [first] = await (await request.get('/api/v1/staff/departments', { headers })).json();
  const post = await request.put('/api/v1/staff/post', { headers, data: { department: first.name, counter: first.counters[0] } });
  expect(post.status()).toBe(200);
  return token;
}

export async function verifyAsStaff(request, token, code) {
  const res = await request.post('/api/v1/verifications', {
    data: { code },
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status()).toBe(200);
  return res.json();
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

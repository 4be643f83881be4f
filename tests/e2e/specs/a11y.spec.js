// Everyone can use it: every route, signed in as each persona, in Chinese, in English and in
// elder mode, has no serious or critical axe-core violation, and no text in the other
// language except user data (names, addresses, departments: the official record).
import AxeBuilder from '@axe-core/playwright';
import { test, expect, allowConsoleError } from './fixtures.js';
import { resetMock, tokenFor } from './helpers.js';

const RESIDENT_ROUTES = ['/card', '/card/history', '/services', '/messages', '/me'];
const FLOW_ROUTES = ['/services/registration', '/services/apply', '/services/endorsement', '/services/card', '/services/cancel', '/services/photo', '/services/certificate', '/card/share', '/me/shares', '/card/answer'];
const STAFF_ROUTES = ['/verify', '/me'];
const MODES = [
  { name: 'zh', locale: 'zh-CN', elder: false },
  { name: 'en', locale: 'en', elder: false },
  { name: 'elder', locale: 'zh-CN', elder: true },
];
const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60]/;
// Chinese screens may name file formats and units; any other Latin word is English left in.
const LATIN_WORD = /[A-Za-z]{3,}/g;
const LATIN_ALLOWED = new Set(['JPG', 'JPEG', 'PNG', 'PDF', 'HEIC', 'ICS']);

/** The fields of the API's answers that are user data, shown as they are in any language:
 * names of people and departments, phone numbers, ID and permit numbers, addresses, residence
 * codes, counters. Anything else the API returns (statuses, kinds, situations, guidance,
 * message texts) is words, which the app must show in the interface language. */
const DATA_FIELDS = new Set([
  'name', // a person (personas, me, permit, dependants) or a department (staff/departments)
  'phone_masked',
  'number', // the permit number
  'id_number',
  'ethnicity',
  'household_address',
  'residence_address',
  'issuing_authority',
  'address', // registration: current, pending, addresses on record
  'address_on_card',
  'residence_code',
  'department', // a reading: where it was read
  'counter',
  'counters', // staff/departments: the counters of a department
]);

/** The user data the backend holds for this person (`token`; none for the login screen):
 * the values of DATA_FIELDS, wherever they sit in the answers. */
async function userData(request, token) {
  const strings = new Set();
  const collect = (v, field) => {
    if (typeof v === 'string') {
      if (DATA_FIELDS.has(field) && v.length > 1) strings.add(v);
    } else if (Array.isArray(v)) v.forEach((item) => collect(item, field));
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, item]) => collect(item, k));
  };
  const personas = await request.get('/api/v1/personas');
  expect(personas.status()).toBe(200);
  collect(await personas.json());
  if (token) {
    const headers = { authorization: `Bearer ${token}` };
    // 404: this person has none (no permit yet); 403: not for this role (staff, residents).
    for (const path of ['/api/v1/me', '/api/v1/permit', '/api/v1/registration', '/api/v1/verifications', '/api/v1/staff/departments', '/api/v1/card']) {
      const res = await request.get(path, { headers });
      expect([200, 403, 404], path).toContain(res.status());
      if (res.status() === 200) collect(await res.json());
    }
  }
  return [...strings].sort((a, b) => b.length - a.length);
}

/** The visible text and the labels a screen reader reads, without user data and without
 * content marked as another language (`lang`) or as not to be translated. */
async function interfaceText(page, data) {
  const text = await page.evaluate(() => {
    const skip = (el) => el.closest('[translate=no], [lang]:not(html)') || !el.checkVisibility({ visibilityProperty: true });
    const parts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement && !skip(n.parentElement) && n.textContent.trim()) parts.push(n.textContent.trim());
    }
    for (const el of document.body.querySelectorAll('[aria-label], [placeholder], [alt], [title]')) {
      if (el.closest('[translate=no], [lang]:not(html)')) continue;
      for (const a of ['aria-label', 'placeholder', 'alt', 'title']) if (el.getAttribute(a)) parts.push(el.getAttribute(a));
    }
    return parts;
  });
  return text.map((t) => data.reduce((rest, d) => rest.split(d).join(' '), t));
}

async function settle(page) {
  await page.waitForFunction(() => !/加载中|Loading…/.test(document.body.innerText) && !document.querySelector('[data-state=checking]'));
  await page.waitForTimeout(150);
}

async function check(page, route, mode, data) {
  await page.goto(route);
  await audit(page, `${route} (${mode.name})`, mode, data);
}

/** Checks the screen as it is now (a step reached by tapping, not by its own address). */
async function audit(page, where, mode, data) {
  await settle(page);
  // The moving watermark is faint on purpose and hidden from screen readers: incidental text,
  // pure decoration, which WCAG 1.4.3 exempts from contrast. Everything else is checked.
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('.watermark').analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect.soft(bad, `axe on ${where}`).toEqual([]);
  const text = await interfaceText(page, data);
  if (mode.locale === 'en') {
    expect.soft(text.filter((t) => CJK.test(t)), `Chinese left on ${where}`).toEqual([]);
  } else {
    const english = text.flatMap((t) => t.match(LATIN_WORD) ?? []).filter((w) => !LATIN_ALLOWED.has(w.toUpperCase()));
    expect.soft(english, `English left on ${where}`).toEqual([]);
  }
}

const personas = [
  'valid-permit', 'endorsement-due', 'suspended', 'eligible-data-ok', 'eligible-data-fails', 'too-recent',
  'hmt-resident', 'physical-card-unclaimed', 'elderly', 'minor', 'guardian-zhao', 'guardian-zhou',
  'endorsement-data-fails', 'staff-police', 'staff-hospital', 'staff-school',
];

test('the list above is every demo persona', async ({ request }) => {
  const listed = await request.get('/api/v1/personas');
  expect(listed.status()).toBe(200);
  expect((await listed.json()).map((p) => p.label).sort()).toEqual([...personas].sort());
});

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

for (const label of personas) {
  test(`every route as ${label}: accessible, and in one language`, async ({ page, request }) => {
    test.setTimeout(120_000);
    // People without a permit get 404 no_permit for GET /permit, which the browser logs.
    allowConsoleError(page, /status of 404/);
    const personasList = await (await request.get('/api/v1/personas')).json();
    const token = await tokenFor(request, personasList.find((p) => p.label === label).phone);
    const data = await userData(request, token);
    const staff = label.startsWith('staff-');
    const routes = staff ? STAFF_ROUTES : label === 'valid-permit' || label === 'eligible-data-fails' ? [...RESIDENT_ROUTES, ...FLOW_ROUTES] : RESIDENT_ROUTES;
    await page.goto('/login');
    await page.locator(`[data-testid=persona][data-label="${label}"]`).click();
    await expect(page).toHaveURL(staff ? /\/verify$/ : /\/card$/);
    for (const mode of MODES) {
      await page.evaluate(({ locale, elder }) => {
        localStorage.setItem('permit.locale', locale);
        localStorage.setItem('permit.elder', elder ? 'on' : 'off');
      }, mode);
      for (const route of routes) await check(page, route, mode, data);
    }
  });
}

/** A signed-out page in this mode's language and size. */
async function signedOutIn(page, { locale, elder }) {
  await page.goto('/login');
  await page.evaluate(({ locale, elder }) => {
    localStorage.setItem('permit.locale', locale);
    localStorage.setItem('permit.elder', elder ? 'on' : 'off');
  }, { locale, elder });
}

test('the login screen and an unknown address are accessible in both languages', async ({ page, request }) => {
  const data = await userData(request, null);
  for (const mode of MODES) {
    await signedOutIn(page, mode);
    await check(page, '/login', mode, data);
    await check(page, '/no-such-page', mode, data);
  }
});

test('a shared copy, as its recipient opens it with every field, is accessible and in one language', async ({ page, request }) => {
  const personasList = await (await request.get('/api/v1/personas')).json();
  const token = await tokenFor(request, personasList.find((p) => p.label === 'valid-permit').phone);
  const data = await userData(request, token);
  const made = await request.post('/api/v1/shares', {
    headers: { authorization: `Bearer ${token}` },
    data: { purpose: 'other', purpose_note: '办理宽带', recipient: '某某电信营业厅', valid_minutes: 60,
      fields: ['name', 'photo', 'permit_valid', 'city', 'id_number', 'residence_address', 'household_address', 'birth_date'] },
  });
  expect(made.status()).toBe(201);
  const { link } = await made.json();
  // The holder's own words, shown as written in either language.
  data.push('办理宽带');
  for (const mode of MODES) {
    await signedOutIn(page, mode);
    await check(page, link, mode, data);
    await expect(page.getByTestId('shared-state')).toHaveAttribute('data-state', 'verified');
    await expect(page.getByTestId('shared-field')).toHaveCount(8);
  }
});

test('the check page of a residence certificate, and the form to type its code, are accessible and in one language', async ({ page, request }) => {
  const personasList = await (await request.get('/api/v1/personas')).json();
  const token = await tokenFor(request, personasList.find((p) => p.label === 'guardian-zhou').phone);
  const data = await userData(request, token);
  const made = await request.post('/api/v1/certificates', { headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'a11y' }, data: {} });
  expect(made.status()).toBe(201);
  const { link } = await made.json();
  for (const mode of MODES) {
    await signedOutIn(page, mode);
    await check(page, '/c', mode, data);
    await check(page, link, mode, data);
    await expect(page.getByTestId('shared-state')).toHaveAttribute('data-state', 'verified');
    await expect(page.getByTestId('certificate-facts')).toBeVisible();
  }
});

test("the counter's challenge, and the holder's consent and outcome, are accessible and in one language", async ({ page: counter, request, browser }) => {
  test.setTimeout(120_000);
  const personasList = await (await request.get('/api/v1/personas')).json();
  const staffToken = await tokenFor(request, personasList.find((p) => p.label === 'staff-hospital').phone);
  const post = { department: '深圳市南山区人民医院', counter: '门诊挂号处 6号窗口' };
  expect((await request.put('/api/v1/staff/post', { headers: { authorization: `Bearer ${staffToken}` }, data: post })).status()).toBe(200);
  const holderToken = await tokenFor(request, personasList.find((p) => p.label === 'valid-permit').phone);
  const data = [...await userData(request, staffToken), ...await userData(request, holderToken)].sort((a, b) => b.length - a.length);
  await counter.goto('/login');
  await counter.locator('[data-testid=persona][data-label="staff-hospital"]').click();
  await expect(counter).toHaveURL(/\/verify$/);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await context.newPage();
  try {
    await phone.goto('/login');
    await phone.locator('[data-testid=persona][data-label="valid-permit"]').click();
    await phone.getByTestId('device-send-code').click();
    await expect(phone.locator('input[name=device-code]')).toHaveValue(/^\d{6}$/);
    await phone.getByTestId('device-enable').click();
    await expect(phone.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
    for (const mode of MODES) {
      for (const page of [counter, phone]) {
        await page.evaluate(({ locale, elder }) => {
          localStorage.setItem('permit.locale', locale);
          localStorage.setItem('permit.elder', elder ? 'on' : 'off');
          localStorage.setItem('permit.verify.mode', 'show');
        }, mode);
      }
      await check(counter, '/verify', mode, data);
      await expect(counter.getByTestId('challenge-number')).toHaveText(/^\d{3} \d{3}$/);
      const number = (await counter.getByTestId('challenge-number').textContent()).replace(' ', '');
      await phone.goto('/card/answer');
      await phone.locator('input[name=code]').fill(number);
      await phone.locator('input[name=code]').press('Enter');
      await expect(phone.getByTestId('answer-consent')).toBeVisible();
      await audit(phone, `the consent (${mode.name})`, mode, data);
      await phone.getByTestId('answer-agree').click();
      await expect(phone.getByTestId('answer-outcome')).toHaveAttribute('data-outcome', 'accepted');
      await audit(phone, `the outcome (${mode.name})`, mode, data);
      await expect(counter.getByTestId('verdict')).toHaveAttribute('data-outcome', 'accepted');
    }
  } finally {
    await context.close();
  }
});

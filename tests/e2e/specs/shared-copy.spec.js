// Issue 19: a shared copy (用证授权) opened by its recipient, with no account, in a browser
// context of its own. The share is made through the API as the holder.
import { test, expect, signInAs } from './fixtures.js';
import { resetMock, setUpDevice, tokenFor } from './helpers.js';

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

async function phoneOf(request, label) {
  const personas = await (await request.get('/api/v1/personas')).json();
  return personas.find((p) => p.label === label).phone;
}

async function share(request, token, body) {
  const r = await request.post('/api/v1/shares', { headers: { authorization: `Bearer ${token}` }, data: body });
  expect(r.status()).toBe(201);
  return r.json();
}

const RENT = { purpose: 'rent', recipient: '某某物业', fields: ['name', 'permit_valid', 'city'], valid_minutes: 1440 };

/** A page in a fresh context (no session, no storage), recording every API answer's text. */
async function recipientPage(browser, baseURL) {
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const answers = [];
  page.on('response', async (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) answers.push(await r.text().catch(() => ''));
  });
  return { context, page, answers };
}

/** Every text a page was sent, the statements' payloads decoded. */
function everythingSent(answers) {
  const decoded = answers.flatMap((text) => {
    const jws = text.match(/"statement":"([^"]+)"/)?.[1];
    return jws ? [text, Buffer.from(jws.split('.')[1], 'base64url').toString('utf8')] : [text];
  });
  return decoded.join('\n');
}

test('a recipient with no account sees exactly the three fields shared for renting, checked by their signature', async ({ browser, baseURL, request }) => {
  const token = await tokenFor(request, await phoneOf(request, 'valid-permit'));
  const permit = await (await request.get('/api/v1/permit', { headers: { authorization: `Bearer ${token}` } })).json();
  const made = await share(request, token, RENT);
  expect(made.link).toMatch(/^\/s\/shr-[0-9a-f]{16}#[A-Za-z0-9_-]{43}$/);

  const { context, page, answers } = await recipientPage(browser, baseURL);
  await page.goto(made.link);
  await expect(page.getByTestId('shared-state')).toHaveAttribute('data-state', 'verified');
  await expect(page.getByTestId('shared-state')).toHaveText('已核验：由广东省居住证签发机关签名，内容未被改动');
  const fields = await page.getByTestId('shared-field').evaluateAll((els) => els.map((e) => e.dataset.field));
  expect(fields.sort()).toEqual(['city', 'name', 'permit_valid']);
  await expect(page.locator('[data-field=name] dd')).toHaveText(permit.name);
  await expect(page.locator('[data-field=permit_valid] dd')).toHaveText('有效');
  await expect(page.locator('[data-field=city] dd')).toHaveText(/^[^省]+市$/);
  await expect(page.getByTestId('shared-purpose')).toHaveText('租房');
  await expect(page.getByTestId('shared-recipient')).toHaveText('某某物业');
  await expect(page.locator('.watermark span').first()).toContainText('某某物业');
  // A live clock: a screenshot carries its moment.
  const before = await page.getByTestId('shared-clock').textContent();
  await expect(page.getByTestId('shared-clock')).not.toHaveText(before, { timeout: 3000 });

  // Nothing else of the permit, in the page or in anything it was sent.
  const dom = await page.content();
  const sent = everythingSent(answers);
  for (const key of ['id_number', 'residence_address', 'household_address', 'number', 'ethnicity']) {
    expect(dom, key).not.toContain(permit[key]);
    expect(sent, key).not.toContain(permit[key]);
  }
  expect(sent).not.toContain(permit.birth_date);
  expect(dom).not.toContain(made.secret.slice(0, 20) + '"', 'the secret is in no attribute');
  await page.screenshot({ path: test.info().outputPath('shared-copy.png') });
  await context.close();

  // The holder sees the opening.
  const listed = await (await request.get('/api/v1/shares', { headers: { authorization: `Bearer ${token}` } })).json();
  expect(listed[0].openings_ms).toHaveLength(1);
});

test('revoked: the open page says so on its next refresh and shows nothing more', async ({ browser, baseURL, request }) => {
  const token = await tokenFor(request, await phoneOf(request, 'valid-permit'));
  const made = await share(request, token, { ...RENT, fields: ['name', 'photo'] });
  const { context, page } = await recipientPage(browser, baseURL);
  await page.clock.install();
  await page.goto(made.link);
  await expect(page.getByTestId('shared-state')).toHaveAttribute('data-state', 'verified');
  await expect(page.getByTestId('shared-photo')).toBeVisible();
  expect(await page.getByTestId('shared-photo').evaluate((img) => img.naturalWidth)).toBeGreaterThan(0);
  const revoked = await request.post(`/api/v1/shares/${made.share.id}/revocation`, { headers: { authorization: `Bearer ${token}` }, data: {} });
  expect(revoked.status()).toBe(200);
  await page.clock.runFor(61_000);
  await expect(page.getByTestId('shared-state')).toHaveAttribute('data-state', 'revoked');
  await expect(page.getByTestId('shared-state')).toHaveText('已撤回：持证人已撤回此分享');
  await expect(page.getByTestId('shared-field')).toHaveCount(0);
  await expect(page.getByTestId('shared-photo')).toHaveCount(0);
  // Opened again, it says the same, and the backend sends no statement.
  await page.reload();
  await expect(page.getByTestId('shared-state')).toHaveAttribute('data-state', 'revoked');
  await context.close();
});

test('a statement altered on the way is refused and nothing of it is shown', async ({ browser, baseURL, request }) => {
  const token = await tokenFor(request, await phoneOf(request, 'valid-permit'));
  const made = await share(request, token, RENT);
  const { context, page } = await recipientPage(browser, baseURL);
  await page.route('**/api/v1/public/shares/*/open', async (route) => {
    const answer = await route.fetch();
    const body = await answer.json();
    const [h, p, s] = body.statement.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    claims.claims.name = '冒名顶替';
    body.statement = [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), s].join('.');
    await route.fulfill({ response: answer, json: body });
  });
  await page.goto(made.link);
  await expect(page.getByTestId('shared-state')).toHaveAttribute('data-state', 'forged');
  await expect(page.getByTestId('shared-field')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText('冒名顶替');
  await context.close();
});

test('a link with a wrong or missing secret, or a made-up id, says it is not valid', async ({ browser, baseURL, request }) => {
  const token = await tokenFor(request, await phoneOf(request, 'valid-permit'));
  const made = await share(request, token, RENT);
  const { context, page } = await recipientPage(browser, baseURL);
  const wrong = made.link.replace(/#.*/, '#' + 'A'.repeat(43));
  for (const link of [wrong, made.link.replace(/#.*/, ''), '/s/shr-0000000000000000#' + 'A'.repeat(43), '/s/..%2F..%2Fdevices%2Fotp#x']) {
    await page.goto(link);
    await expect(page.getByTestId('shared-state')).toHaveAttribute('data-state', 'bad-link');
    await expect(page.getByTestId('shared-state')).toHaveText('链接无效或不完整，请向持证人重新索取');
  }
  await context.close();
});

test('the holder shares three fields for renting from the card, is told of the opening, and revokes it in 分享记录', async ({ page, browser, baseURL }) => {
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  await page.getByTestId('share-link').click();
  await expect(page).toHaveURL(/\/card\/share$/);
  // The least that proves the point is ticked at first; the sensitive fields are not.
  const ticked = () => page.getByTestId('share-field').evaluateAll((els) => els.filter((e) => e.checked).map((e) => e.dataset.field));
  expect(await ticked()).toEqual(['Name', 'Photo', 'PermitValid', 'City']);
  // Nothing is sent until the form is right: no recipient yet.
  await page.getByTestId('share-submit').click();
  await expect(page.locator('.field-error')).toHaveText('请填写对方名称（不超过40字，单行）');
  await page.locator('input[name=share-recipient]').fill('某某物业');
  await page.locator('[data-testid=share-field][data-field=Photo]').uncheck();
  // The draft survives a reload.
  await page.reload();
  await expect(page.locator('input[name=share-recipient]')).toHaveValue('某某物业');
  expect(await ticked()).toEqual(['Name', 'PermitValid', 'City']);
  await page.getByTestId('share-submit').click();
  await expect(page.getByTestId('share-made')).toBeVisible();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/\/s\/shr-[0-9a-f]{16}#[A-Za-z0-9_-]{43}$/);
  await page.screenshot({ path: test.info().outputPath('share-made.png') });

  // Back on the card, the holder is told when the recipient first opens it.
  await page.goto('/card');
  await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
  const { context, page: recipient } = await recipientPage(browser, baseURL);
  await recipient.clock.install();
  await recipient.goto(link);
  await expect(recipient.getByTestId('shared-state')).toHaveAttribute('data-state', 'verified');
  const fields = await recipient.getByTestId('shared-field').evaluateAll((els) => els.map((e) => e.dataset.field));
  expect(fields.sort()).toEqual(['city', 'name', 'permit_valid']);
  await expect(page.getByTestId('toast')).toContainText('“某某物业”打开了您的分享');

  // 我的 › 分享记录: the opening is listed; one tap revokes it.
  await page.goto('/me');
  await page.getByTestId('me-shares').click();
  const row = page.getByTestId('share-row').first();
  await expect(row.getByTestId('share-row-recipient')).toHaveText('某某物业');
  await expect(row.getByTestId('share-row-openings')).toContainText('已打开 1 次');
  await row.getByTestId('share-revoke').click();
  await expect(row).toHaveAttribute('data-state', 'revoked');
  await expect(row.getByTestId('share-row-state')).toHaveText('已撤回');
  await page.screenshot({ path: test.info().outputPath('shares.png') });
  await recipient.clock.runFor(61_000);
  await expect(recipient.getByTestId('shared-state')).toHaveAttribute('data-state', 'revoked');
  await context.close();
});

test('a dropped connection says so in the reader\'s words, and a tap tries again', async ({ browser, baseURL, request }) => {
  const token = await tokenFor(request, await phoneOf(request, 'valid-permit'));
  const made = await share(request, token, RENT);
  const { context, page } = await recipientPage(browser, baseURL);
  let dropped = false;
  await page.route('**/api/v1/public/shares/*/open', async (route) => {
    if (!dropped) {
      dropped = true;
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  await page.goto(made.link);
  await expect(page.getByTestId('shared-retry')).toBeVisible();
  await expect(page.getByTestId('shared-field')).toHaveCount(0);
  await page.getByTestId('shared-retry').click();
  await expect(page.getByTestId('shared-state')).toHaveAttribute('data-state', 'verified');
  await context.close();
});

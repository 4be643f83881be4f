// Issue 19: the residence certificate (居住证明). The holder makes it from 办事 and the PDF
// downloads; the test reads the PDF as its reader would (its text with pdf.js, its QR rendered
// and decoded), then opens the check page the QR names in a browser with no account.
import { readFileSync } from 'node:fs';
import { test, expect, signInAs, allowConsoleError } from './fixtures.js';
import { resetMock, sessionToken, setUpDevice } from './helpers.js';
import { readPdf } from './pdf-reader.js';

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

/** `2025年7月6日` for the `n`th anniversary of an ISO date (民法典 art. 202: 29 February
 * falls on 28 February in a common year). */
function anniversaryZh(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  const year = y + n;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${year}年${m}月${day}日`;
}

function dateZh(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

async function makeCertificate(page) {
  await page.goto('/services');
  await page.getByRole('link', { name: /开具居住证明/ }).click();
  await expect(page).toHaveURL(/\/services\/certificate$/);
  const downloaded = page.waitForEvent('download');
  await page.getByTestId('certificate-make').click();
  const download = await downloaded;
  expect(download.suggestedFilename()).toBe('residence-certificate.pdf');
  const pdf = readFileSync(await download.path());
  const code = (await page.getByTestId('certificate-code').textContent()).trim();
  return { pdf, code };
}

test('the certificate downloads from 办事, states two years as the law counts them, and its QR opens a verified check page', async ({ page, browser, baseURL, request }) => {
  await signInAs(page, 'guardian-zhou');
  const token = await sessionToken(page);
  const auth = { headers: { authorization: `Bearer ${token}` } };
  const permit = await (await request.get('/api/v1/permit', auth)).json();
  const registration = await (await request.get('/api/v1/registration', auth)).json();

  const { pdf, code } = await makeCertificate(page);
  expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeLessThan(300 * 1024);

  const read = await readPdf(pdf);
  expect(read.pages).toBe(1);
  expect(read.text).toContain('居住证明');
  expect(read.text).toContain(permit.name);
  expect(read.text).toContain(permit.number);
  expect(read.text).toContain(permit.residence_address);
  expect(read.text).toMatch(/连续居住年限\s+2 年/);
  expect(read.text).toContain(dateZh(registration.current.confirmed_on));
  // Endorsed on time twice: each year ends on the issue date's anniversary.
  expect(read.text).toContain(`按期签注，居住年度至 ${anniversaryZh(permit.issued_on, 1)}`);
  expect(read.text).toContain(`按期签注，居住年度至 ${anniversaryZh(permit.issued_on, 2)}`);
  expect(read.text).toContain(code);
  expect(read.text, 'no ID number on the certificate').not.toContain(permit.id_number);
  expect(read.qr).toBe(`${baseURL}/c#${code}`);

  // Whoever holds the paper scans it: a browser with no account and no storage.
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const reader = await context.newPage();
  await reader.goto(read.qr);
  await expect(reader.getByTestId('shared-state')).toHaveAttribute('data-state', 'verified');
  await expect(reader.getByTestId('certificate-years')).toHaveAttribute('data-years', '2');
  await expect(reader.getByTestId('certificate-years')).toHaveText('2 年');
  await expect(reader.locator('[data-field=permit_number] dd')).toHaveText(permit.number);
  await expect(reader.locator('[data-field=name] dd')).toHaveText(permit.name);
  await expect(reader.getByTestId('certificate-history').locator('li')).toHaveText([
    `按期签注，居住年度至 ${anniversaryZh(permit.issued_on, 1)}`,
    `按期签注，居住年度至 ${anniversaryZh(permit.issued_on, 2)}`,
  ]);
  expect(await reader.content()).not.toContain(permit.id_number);
  await reader.screenshot({ path: test.info().outputPath('certificate-check.png'), fullPage: true });

  // The holder revokes it in 分享记录; the check page says so, and only that, when opened again.
  await page.goto('/me/shares');
  const row = page.getByTestId('share-row').first();
  await expect(row.getByTestId('share-row-recipient')).toHaveText('居住证明');
  await row.getByRole('button', { name: '撤回' }).click();
  await expect(row.getByTestId('share-row-state')).toHaveText(/撤回/);
  await reader.reload();
  await expect(reader.getByTestId('shared-state')).toHaveAttribute('data-state', 'revoked');
  await expect(reader.getByTestId('certificate-facts')).toHaveCount(0);
  await context.close();
});

test('a code typed from paper opens the certificate in any case and grouping; a mistyped one is said at once', async ({ page, browser, baseURL }) => {
  await signInAs(page, 'guardian-zhou');
  const { code } = await makeCertificate(page);
  // The holder waits on the card, where the first check is told.
  await page.goto('/card');
  await setUpDevice(page);
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const reader = await context.newPage();
  await reader.goto('/c');
  const input = reader.locator('input[name=code]');
  await input.fill(code.slice(0, 10));
  await reader.getByRole('button', { name: '核验' }).click();
  await expect(reader.getByRole('alert')).toHaveText('核验码为 16 位字母和数字，请对照证明重新输入');
  await input.fill(code.replaceAll('-', ' ').toLowerCase());
  await reader.getByRole('button', { name: '核验' }).click();
  await expect(reader.getByTestId('shared-state')).toHaveAttribute('data-state', 'verified');
  await expect(reader.getByTestId('certificate-years')).toHaveAttribute('data-years', '2');
  await expect(page.getByTestId('toast')).toContainText('您的居住证明已被核验');
  // Another link opened in the same tab changes only the fragment: the page follows it. This
  // one is well formed and names no certificate.
  await reader.goto('/c#0000-0000-0000-0000');
  await expect(reader.getByTestId('shared-state')).toHaveAttribute('data-state', 'bad-link');
  await context.close();
});

test('an answer lost on the way is retried as the same certificate, never a second one', async ({ page, request }) => {
  await signInAs(page, 'guardian-zhou');
  const token = await sessionToken(page);
  let lost = false;
  allowConsoleError(page, /ERR_CONNECTION_RESET/);
  await page.route('**/api/v1/certificates', async (route) => {
    if (lost) return route.continue();
    lost = true;
    await route.fetch(); // the mock makes it...
    await route.abort('connectionreset'); // ...and the answer never arrives
  });
  await page.goto('/services/certificate');
  await page.getByTestId('certificate-make').click();
  await expect(page.getByRole('alert')).toBeVisible();
  const downloaded = page.waitForEvent('download');
  await page.getByTestId('certificate-make').click();
  await downloaded;
  const listed = await (await request.get('/api/v1/shares', { headers: { authorization: `Bearer ${token}` } })).json();
  expect(listed.filter((s) => s.purpose === 'residence_certificate')).toHaveLength(1);
});

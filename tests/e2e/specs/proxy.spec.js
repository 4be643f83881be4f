// The sign-in limit is per client address, and a client cannot choose its address. Through
// nginx (deploy/nginx.conf sets X-Real-IP to the connection's own address, and the mock runs
// with --behind-proxy) a client's own X-Real-IP or X-Forwarded-For is overwritten; straight
// against a mock without --behind-proxy such headers are ignored. Either way a client that
// has used up its allowance stays refused whatever address it claims.
//
// `cargo xtask test` runs this spec only through nginx: its second pass, straight against
// the same --behind-proxy mock, covers headers, shell and card only. (A --behind-proxy mock
// reached directly does believe X-Real-IP from loopback, as nginx on the same machine needs.)
import { test, expect } from './fixtures.js';
import { resetMock } from './helpers.js';

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

// The allowance is used up here: give it back for the tests that follow.
test.afterEach(async ({ request }) => {
  await resetMock(request);
});

/** Asks for a one-time code for a number with no account (demo mode answers 404
 * unknown_phone); every such request counts against the client's sign-in allowance. */
const askForCode = (request, headers = {}) => request.post('/api/v1/auth/otp', { data: { phone: '13700000000' }, headers });

test('a client that used up its sign-in allowance stays refused whatever X-Real-IP or X-Forwarded-For it sends', async ({ request }) => {
  // 20 requests per address, then one per 3 s: ask until refused.
  let answer;
  let asked = 0;
  do {
    answer = await askForCode(request);
    asked += 1;
    expect([404, 429]).toContain(answer.status());
  } while (answer.status() !== 429 && asked < 40);
  expect(answer.status(), 'the allowance runs out').toBe(429);
  expect(asked).toBeGreaterThanOrEqual(21);
  expect((await answer.json()).code).toBe('client_rate_limited');
  expect(Number(answer.headers()['retry-after'])).toBeGreaterThan(0);

  // Ten requests at once, each claiming another address. Were any believed, each would be a
  // new client with a full allowance and get its 404. At most one may pass: the one request
  // the real address is allowed again every 3 s, should one fall due meanwhile.
  const claims = Array.from({ length: 10 }, (_, i) => (i % 2 === 0
    ? { 'x-real-ip': `203.0.113.${i + 1}` }
    : { 'x-forwarded-for': `198.51.100.${i + 1}`, 'x-real-ip': `198.51.100.${i + 1}` }));
  const answers = await Promise.all(claims.map((headers) => askForCode(request, headers)));
  const refused = answers.filter((a) => a.status() === 429);
  expect(refused.length, `statuses: ${answers.map((a) => a.status()).join(' ')}`).toBeGreaterThanOrEqual(9);
  for (const a of refused) expect((await a.json()).code).toBe('client_rate_limited');
  for (const a of answers) expect([404, 429]).toContain(a.status());
});

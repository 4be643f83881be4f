// The backend restarted between a failed submit and its retry: a card order whose answer was
// lost (the connection dropped after the backend saved it), then the backend killed and
// started again on the same data, then the resident taps again. One order, a clear message
// in between, nothing to type again. This spec runs its own mock (MOCK_BINARY, set by
// `cargo xtask test`), so it can kill it, on its own port and data directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, allowConsoleError } from './fixtures.js';
import { sessionToken } from './helpers.js';

const binary = process.env.MOCK_BINARY;
const dist = process.env.SERVED_DIST;

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

/** Starts the mock on `port` with `dataDir` and waits until it answers. */
async function startMock(port, dataDir) {
  const child = spawn(binary, ['--demo', '--test-mode', '--port', String(port), '--dist', dist, '--data-dir', dataDir], { stdio: 'ignore' });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const up = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then((r) => r.ok, () => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the mock did not start');
}

const stopHard = (child) => new Promise((resolve) => {
  child.once('exit', resolve);
  child.kill('SIGKILL');
});

test('a retry after the backend restarted makes exactly one card order', async ({ page, request }) => {
  expect(binary && dist, 'MOCK_BINARY and SERVED_DIST name the mock and the app it serves (set by cargo xtask test)').toBeTruthy();
  allowConsoleError(page, /ERR_|Failed to load resource/);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'permit-restart-'));
  let mock = await startMock(port, dataDir);
  try {
    await page.goto(`${base}/login`);
    await page.locator('[data-testid=persona][data-label="valid-permit"]').click();
    await expect(page).toHaveURL(/\/card$/);
    await page.goto(`${base}/services/card`);
    const fault = await request.put(`${base}/api/v1/test/faults`, { data: { class: 'write', fault: { drop_rate: 1 } } });
    expect(fault.status()).toBe(204);
    await page.getByTestId('order-first').click();
    await expect(page.getByRole('alert')).toContainText('网络连接失败');

    // Killed, not stopped: nothing is flushed on the way out. The fault does not survive.
    await stopHard(mock);
    mock = await startMock(port, dataDir);

    const [retry] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/card-orders'),
      page.getByTestId('order-first').click(),
    ]);
    // The answer to the first request, kept across the restart: not a second order (nor the
    // backend's "an order is already open", which alone would also leave one order).
    expect(retry.status()).toBe(201);
    expect(retry.headers()['idempotent-replayed']).toBe('true');
    await expect(page.getByTestId('card-order')).toHaveAttribute('data-status', 'InProduction');
    await expect(page.getByRole('alert')).toHaveCount(0);
    const orders = await request.get(`${base}/api/v1/card-orders`, { headers: { authorization: `Bearer ${await sessionToken(page)}` } });
    expect(orders.status()).toBe(200);
    expect(await orders.json()).toHaveLength(1);
  } finally {
    await stopHard(mock);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

// Playwright drives Debian's Chromium (never a downloaded browser) as a phone, against the
// mock that `cargo xtask test` starts and names in BASE_URL.
import { defineConfig } from '@playwright/test';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
];

// A synthetic camera (Chromium's moving test pattern) for the photo tests; never a real one.
export const fakeCameraArgs = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

export default defineConfig({
  testDir: './specs',
  outputDir: '../../target/playwright-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:8080',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions: { executablePath: '/usr/bin/chromium', args: [...chromiumArgs, ...fakeCameraArgs] },
    permissions: ['camera'],
    screenshot: 'only-on-failure',
  },
});

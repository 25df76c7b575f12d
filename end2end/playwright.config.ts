import { defineConfig } from '@playwright/test';

const port = process.env.E2E_PORT ?? '3100';

// Debian's Chromium, never a downloaded browser. The flags keep it from
// reaching for the network, which is closed on these machines.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    // The site's PUBLIC_URL (scripts/e2e-server.sh): a host name, as
    // passkeys need.
    baseURL: `http://localhost:${port}`,
    browserName: 'chromium',
    // Not UTC, so "times in the viewer's zone" is really tested.
    timezoneId: 'Europe/Berlin',
    locale: 'en-US',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'bash ../scripts/e2e-server.sh',
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: process.env.E2E_SERVER_LOG ? 'pipe' : 'ignore',
    stderr: 'pipe',
    env: { E2E_PORT: port },
  },
});

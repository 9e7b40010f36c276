/**
 * Browser tests of the dashboard against the real server (apps/server) with a
 * fresh embedded database per run, on Debian's Chromium (browser downloads are
 * not available here). Build the dashboard first:
 *   pnpm --filter @caseload/dashboard build && npx playwright test
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { clockFromEnv, DEFAULT_TIME_ZONE } from './packages/clock/src/index.ts';

const port = 4310;
// CASELOAD_E2E_BASE_URL runs the tests against a server you already have running
// (for example with data you seeded yourself); by default a fresh one is started.
const external = process.env.CASELOAD_E2E_BASE_URL;
const baseURL = external ?? `http://127.0.0.1:${port}`;

// The server generates the demo agency as of its today, and the tests compute every
// story's months from that date (e2e/demo.ts). Pin it once, here, for both: the date
// CASELOAD_TODAY names, or else today in the demo agency's time zone — so a run that
// crosses midnight still has one date.
process.env.CASELOAD_TODAY = clockFromEnv(process.env).today(DEFAULT_TIME_ZONE);

// The config is read by the runner and again by each worker: create the data
// directory once and hand it down through the environment.
process.env.CASELOAD_E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'caseload-e2e-'));
const dataDir = process.env.CASELOAD_E2E_DATA_DIR;

export default defineConfig({
  testDir: 'e2e',
  // its own folder: Playwright empties it on start, and test-results/ also holds the
  // screenshots and the PDF page images (test-results/pdf-pages) of the Vitest run
  outputDir: 'test-results/playwright',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL,
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width: 1280, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: external
    ? undefined
    : {
        command: 'npx tsx apps/server/src/main.ts',
        url: `${baseURL}/healthz`,
        // the server's request log (one line per request) stays out of the test output; errors still show
        env: { PORT: String(port), DATA_DIR: dataDir, CASELOAD_TODAY: process.env.CASELOAD_TODAY, LOG_LEVEL: 'warn' },
        timeout: 180_000,
        reuseExistingServer: false,
        stdout: 'pipe',
        stderr: 'pipe',
      },
});

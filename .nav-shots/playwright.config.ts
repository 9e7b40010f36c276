import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
const port = 4317;
process.env.NAV_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'caseload-nav-'));
export default defineConfig({
  testDir: '.',
  outputDir: '/tmp/nav-shots-results',
  workers: 1,
  timeout: 120_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1280, height: 900 },
    launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] },
  },
  webServer: {
    command: 'npx tsx apps/server/src/main.ts', cwd: '..',
    url: `http://127.0.0.1:${port}/healthz`,
    env: { PORT: String(port), DATA_DIR: process.env.NAV_DATA_DIR },
    timeout: 180_000, reuseExistingServer: false,
  },
});

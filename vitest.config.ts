import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/server', 'apps/dashboard', 'bench'],
    // Two files at a time on the 2-core machines: much of the suite waits on PostgreSQL,
    // Chromium and child processes rather than the CPU.
    maxWorkers: 2,
  },
});

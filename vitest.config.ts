import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Servers under test bind loopback ports; two cores are shared with k6 and Chromium.
    maxWorkers: 2,
  },
});

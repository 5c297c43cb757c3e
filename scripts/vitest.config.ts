import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    // Set-up that bundles specs or loads the corpus slows with the machine, not with a bug.
    hookTimeout: 120_000,
  },
});

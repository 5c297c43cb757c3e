import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packing, type-checking and a local registry: seconds each on a slow machine.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});

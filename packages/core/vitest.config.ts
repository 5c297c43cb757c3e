import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests run 1,000 cases and the transport tests wait out real
    // Retry-After delays: generous headroom for slow CI machines.
    testTimeout: 30_000,
  },
});

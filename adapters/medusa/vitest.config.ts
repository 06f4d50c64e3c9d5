import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'integration-tests/**/*.test.ts'],
    // Bounds against a hang, not speed claims: every package runs at once on a busy 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    // Bounds against a hang, not speed claims: every package runs at once on a busy 2-core machine.
    testTimeout: 300_000,
    hookTimeout: 180_000,
  },
});

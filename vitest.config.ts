import { defineConfig } from 'vitest/config';

// Integration tests share one PostgreSQL and one Redis; each test file isolates itself
// (own database / own key prefix), so files may run in parallel.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});

import { defineConfig } from 'vitest/config';

// Three projects; `vitest run` (npm test, CI) runs them all, `--project <name>` one of them.
//   unit         needs no service at all: no PostgreSQL, Redis, Chromium or Python (a test may
//                start its own server on loopback, e.g. the Odoo simulator)
//   integration  real PostgreSQL and Redis (scripts/services.sh), Python, child processes
//   e2e          the built console in Debian's Chromium
// Integration tests share one PostgreSQL and one Redis; each test file isolates itself
// (own database / own key prefix), so files may run in parallel.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  },
});

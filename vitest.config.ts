import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Three projects: fast node suites (real SQLite and PostgreSQL), jsdom component tests, and
// end-to-end tests that drive Debian's Chromium against the real server.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'machines/**/*.test.ts',
            'packages/**/*.test.ts',
            'apps/api/**/*.test.ts',
            'apps/cli/**/*.test.ts',
            'tests/integration/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'web',
          include: ['apps/web/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['apps/web/src/testing/setupTests.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

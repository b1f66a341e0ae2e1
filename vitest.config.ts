import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,mindsponge,mindelec,datasets,viz,cli}/src/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['tests/setup.ts'],
  },
});

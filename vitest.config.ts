import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{main,renderer,shared,server,scripts,test}/**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration suites start real servers (Prosody, PostgreSQL, Chromium); keep parallelism modest on 2 cores.
    maxWorkers: 2,
    fileParallelism: true,
  },
});

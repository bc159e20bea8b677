import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{main,renderer,shared,server,scripts,test}/**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', 'dist/**'],
    // Integration and end-to-end tests drive real servers and a browser on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites start real servers (Prosody, PostgreSQL, Chromium); keep parallelism modest on 2 cores.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
